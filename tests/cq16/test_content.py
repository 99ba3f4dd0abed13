"""渝就发〔2020〕16号 一（一）、三（一） 培训标准 (calc/cq16/content.py): :func:`standards` names
the standard that governs a course's content and trainees; it is advice, never a failure."""

import pytest

from calc.cq16.content import standards
from calc.kinds import Catalogue, Category
from calc.result import Status
from tests.questions.test_plan_check import answer, plan, status


@pytest.mark.parametrize(
    "category,catalogue,basis",
    [
        ("skill", "dadian", "按人社部、我市制定的职业技能标准；尚未制定的，可参考同类型职业标准"),
        ("prejob", "featured", "按人社部、我市制定的职业技能标准"),
        ("skill", "featured", "特色职业目录内的职业按区县政府审批的培训方案"),
        ("upgrade", "featured", "特色职业目录内的职业按区县政府审批的培训方案"),
        ("transfer", "featured", "特色职业目录内的职业按区县政府审批的培训方案"),
        ("startup", "dadian", "创业培训的内容和人员资格按中国就业培训技术指导中心有关规定"),
    ],
)
def test_the_standard_named_for_each_category_and_catalogue(category, catalogue, basis):
    (found,) = standards(Category(category), Catalogue(catalogue))
    assert found.status is Status.ADVISORY
    assert basis in found.message
    assert found.message.endswith("确定；培训对象还应符合享受培训补贴的条件")


@pytest.mark.parametrize("category", ["skill", "upgrade", "transfer", "prejob", "adapt", "startup"])
def test_the_plan_check_always_gives_the_advice(category):
    assert status(answer(plan(category=category)), "CQ16-STANDARDS") == "advisory"
