"""The shape of the package: one check function per rule ID, the ID written once in code,
each check's docstring quoting its clause, shared facts importing no rule, no import
cycles, and one manifest every surface reads."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from calc.checks import all_checks
from calc.rules import registry

ROOT = Path(__file__).resolve().parents[1]
CODE = [
    *sorted((ROOT / "calc").rglob("*.py")),
    *sorted((ROOT / "scripts").rglob("*.py")),
    *sorted((ROOT / "docs" / "assets" / "js").glob("*.js")),
]
FACTS = ("calc.models", "calc.people", "calc.text", "calc.exact", "calc.course")
"""Modules of shared facts: they import no rule and no question."""
RULE_PACKAGES = ("calc.cq16", "calc.spb", "calc.questions")
REGULATIONS = ROOT / "docs" / "regulations"


def test_every_rule_has_exactly_one_check_function():
    checks = all_checks()
    assert set(checks) == set(registry()), "a rule without a check function, or the reverse"
    for rule_id, found in checks.items():
        module = found.func.__module__
        assert module.startswith(("calc.cq16.", "calc.spb.")), (rule_id, module)
        assert module.split(".")[1] == rule_id.split("-")[0].lower(), (rule_id, module)


@pytest.mark.parametrize("rule_id", sorted(registry()))
def test_a_rule_id_is_written_in_code_only_on_its_check_line(rule_id):
    pattern = re.compile(rf"(?<![\w-]){re.escape(rule_id)}(?![\w-])")
    decorator = f'@check("{rule_id}")'
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in CODE
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert len(found) == 1 and decorator in found[0], "\n".join(found)


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_check_opens_with_a_quote_of_its_clause():
    transcription = _plain("".join(p.read_text("utf-8") for p in sorted(REGULATIONS.glob("*.md"))))
    transcription = re.sub(r"\{#[^}]*\}", "", transcription)
    for rule_id, found in all_checks().items():
        doc = found.func.__doc__ or ""
        assert doc.startswith("“"), f"{rule_id}: the docstring does not open with a quote"
        quoted = re.findall(r"“((?:[^“”]|“[^“”]*”)+)”", found.clause)
        assert quoted, rule_id
        for quote in quoted:
            for part in _plain(quote).split("……"):
                assert part in transcription, f"{rule_id}: “{part}” is not in the text"


def _imports(path: Path) -> set[str]:
    """The calc modules a module imports at its top level (not under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text("utf-8"))
    out: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("calc"):
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("calc")}
    return out


def _modules() -> dict[str, set[str]]:
    graph = {}
    for path in sorted((ROOT / "calc").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        graph[name] = _imports(path)
    return graph


def test_shared_facts_import_no_rule_and_no_question():
    graph = _modules()
    for fact in FACTS:
        seen, todo = set(), [fact]
        while todo:
            module = todo.pop()
            if module in seen:
                continue
            seen.add(module)
            todo += [m for m in graph.get(module, ()) if m in graph]
        bad = sorted(m for m in seen if m.startswith(RULE_PACKAGES))
        assert not bad, f"{fact} imports {bad}"


def test_no_import_cycles():
    graph = _modules()
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for nxt in sorted(graph.get(module, ())):
            if nxt not in graph:
                continue
            assert state.get(nxt) != 1, " → ".join([*path, module, nxt])
            if nxt not in state:
                visit(nxt, [*path, module])
        state[module] = 2

    for module in graph:
        if module not in state:
            visit(module, [])


def test_every_question_module_answers_only_through_check_functions():
    """A question calls check functions: it writes no judge or note of its own."""
    for path in sorted((ROOT / "calc" / "questions").glob("*.py")):
        text = path.read_text("utf-8")
        assert not re.search(r"\b(judge|note|at_least|at_most)\(", text), path.name
