"""渝就发〔2020〕16号 一 培训内容 (with 三（一）): which standard governs a course's content
and its trainees."""

from __future__ import annotations

from calc.checks import check
from calc.kinds import Catalogue, Category
from calc.result import Check, Status, note
from calc.rules import Rule


@check("CQ16-STANDARDS")
def standards(r: Rule, category: Category, catalogue: Catalogue) -> list[Check]:
    """“按照人社部、我市制定的职业技能标准确定；尚未制定的，各区县可根据职业（工种）特点、
    产业需求等，参考同类型职业（工种）职业标准确定”（一（一）, the content; 三（一）, the
    trainees）.

    Advice naming the standard that governs this category and catalogue."""
    if category is Category.STARTUP:
        basis = "创业培训的内容和人员资格按中国就业培训技术指导中心有关规定"
    elif catalogue is Catalogue.FEATURED and category in (
        Category.SKILL, Category.UPGRADE, Category.TRANSFER,
    ):  # fmt: skip
        basis = "特色职业目录内的职业按区县政府审批的培训方案"
    else:
        basis = (
            "培训内容和人员资格按人社部、我市制定的职业技能标准；尚未制定的，可参考同类型职业标准"
        )
    why = f"{basis}确定；培训对象还应符合享受培训补贴的条件"
    return [note(r.id, "standards", "培训标准与对象资格", Status.ADVISORY, why)]
