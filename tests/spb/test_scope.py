"""沙坪坝区办法 第二条、第三条 适用范围 (calc/spb/scope.py): :func:`scope` called directly and
through the plan check."""

from datetime import date

import pytest

from calc.kinds import Category
from calc.result import Context, Status
from calc.spb.scope import scope
from tests.questions.test_plan_check import answer, plan, status

LISTED = ["skill", "startup", "upgrade"]
"""第三条“含职业技能培训、创业培训、企业在职职工岗位技能提升培训等政府补贴性职业培训”."""
CTX = Context(as_of=date(2026, 3, 1))


@pytest.mark.parametrize("category", LISTED)
def test_listed_categories_are_covered(category):
    (found,) = scope(Category(category), True, CTX)
    assert found.status is Status.PASS
    assert found.threshold == [Category(c).label for c in LISTED]


@pytest.mark.parametrize("category", ["transfer", "prejob", "adapt"])
def test_categories_not_listed_are_taken_as_covered_by_deng_with_advice(category):
    (found,) = scope(Category(category), True, CTX)
    assert found.status is Status.ADVISORY
    assert "按“等”字视为同类培训适用本办法" in found.message
    assert found.fix == "请向区人力社保局确认是否适用"


def test_an_institution_not_approved_in_shapingba_is_not_covered():
    (found,) = scope(Category.SKILL, False, CTX)
    assert found.status is Status.NOT_APPLICABLE
    assert found.message == "培训机构不是沙坪坝区人力社保局审批或备案的：本办法不适用"


def test_scope_outside_shapingba_and_categories_not_listed():
    out = answer(plan(shapingba_institution=False))
    assert status(out, "SPB-SCOPE") == status(out, "SPB-ONLINE-THEORY") == "not_applicable"
    assert status(answer(plan(category="transfer")), "SPB-SCOPE") == "advisory"
    assert status(answer(plan()), "SPB-SCOPE") == "pass"
