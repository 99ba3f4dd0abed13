"""沙坪坝区线上职业培训监督管理办法 (SPB): one module per group of articles, each holding the
one check function of each of its rules (:mod:`calc.checks`).

``scope`` 第二、三条 · ``online`` 第五条 · ``platform`` 第六、七条 · ``attendance`` 第七条（四） ·
``plan`` 第八、九条 · ``records`` 第十一条 · ``subsidy`` 第十二条 · ``supervision`` 第十四条 ·
``dates`` 第十六条.
"""
