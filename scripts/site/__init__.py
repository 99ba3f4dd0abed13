"""The site's generated content, one module per job; ``scripts/macros.py`` (the module
mkdocs-macros loads) registers their macros and hooks.

- :mod:`.common`: values with their units, links between pages, the questions of a rule;
- :mod:`.rules`: the rule boxes under the regulations' articles and the rule macros;
- :mod:`.coverage`: what becomes of each clause (the coverage page);
- :mod:`.forms`: the calculator pages' forms;
- :mod:`.templates`: the plan and roster templates, filled online;
- :mod:`.api_docs`: the developer pages (API, schemas, table files);
- :mod:`.search`: Chinese search (jieba words, Material's worker fixed, boosts);
- :mod:`.build`: what is done to the built site (runtime hash, search fix, CSP).
"""
