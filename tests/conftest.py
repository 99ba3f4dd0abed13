"""The fuzz tests' count (tests/fuzzcount.py), printed at the end of the pytest run:

    hostile inputs tried: 21,345 (questions 12,000, templates 5,000, files 4,345), failures 0

``failures`` is the number of fuzz tests (tests/test_fuzz*.py) that failed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests import fuzzcount

KEY = "fuzzcount"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: Any, call: Any) -> Iterator[None]:
    """In a pytest-xdist worker: the test's counts go to the controller with its report."""
    report = yield
    if call.when == "teardown" and hasattr(item.config, "workerinput"):
        report.user_properties.append((KEY, fuzzcount.take()))
    return report


def pytest_runtest_logreport(report: Any) -> None:
    """In the controller: the counts a worker sent."""
    for key, value in getattr(report, "user_properties", ()):
        if key == KEY:
            fuzzcount.put(value)


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
