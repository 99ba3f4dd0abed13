"""The fuzz tests' count (tests/fuzzcount.py), printed at the end of the pytest run:

    hostile inputs tried: 21,345 (questions 12,000, templates 5,000, files 4,345), failures 0

``failures`` is the number of fuzz tests (tests/test_fuzz*.py) that failed.
"""

from __future__ import annotations

from typing import Any

from tests import fuzzcount


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: Any) -> None:
    if not fuzzcount.total():
        return
    failed = [
        report
        for report in terminalreporter.stats.get("failed", [])
        if "/test_fuzz" in getattr(report, "nodeid", "").split("::")[0]
    ]
    terminalreporter.write_sep("-", "fuzz")
    terminalreporter.write_line(fuzzcount.summary(len(failed)))
    terminalreporter.write_line(f"by test: {fuzzcount.by_test()}")
