"""沙坪坝区办法 第六条、第七条: the online training platform.

One check per requirement of 第七条 (the rule's items, in ``platform.toml``). The
platform's source is judged by the ``platform_source`` reading (第六条 also allows a
rented third-party platform); rows marked ``hedged`` stand under “能在一定程度上实现”
and are advisory where the ``platform_hedge`` reading extends the hedge to them.
"""

from __future__ import annotations

from collections.abc import Mapping

from calc.checks import check
from calc.cq16.evidence import reading_text
from calc.kinds import PlatformSource
from calc.result import Check, Context, Status, judge, note
from calc.rules import Item, Rule


def _source(r: Rule, item: Item, source: PlatformSource, ctx: Context) -> Check:
    ok = source is not PlatformSource.THIRD_PARTY_UNLISTED or (
        ctx.readings.platform_source == "any_qualified"
    )
    how = reading_text(ctx, "platform_source")
    return judge(
        r.id, item.id, item.label, ok, ctx,
        message=f"平台来源：{source.label}（按解读：{how}）",
        fix="改用自建系统或纳入人社部门推荐目录的职业培训平台", actual=source.label,
        threshold=[s.label for s in PlatformSource if s is not PlatformSource.THIRD_PARTY_UNLISTED],
        comparison="in", readings=["platform_source"],
    )  # fmt: skip


def _relaxed(item: Item, ctx: Context) -> bool:
    if not getattr(item, "hedged", None):
        return False
    return getattr(item, "hedged", None) == "terminals" or ctx.readings.platform_hedge == "all_four"


def _requirement(r: Rule, item: Item, has: bool, ctx: Context) -> Check:
    used = ["platform_hedge"] if getattr(item, "hedged", False) else []
    if not has and _relaxed(item, ctx):
        message = f"{item.label}：未具备；原文为“能在一定程度上实现”，按解读仅作提示"
        return note(r.id, item.id, item.label, Status.ADVISORY, message, ctx, readings=used)
    word = "具备" if has else "不具备"
    return judge(
        r.id, item.id, item.label, has, ctx, message=f"{item.label}：{word}",
        fix=f"平台需具备：{item.label}", actual=has, threshold=True, comparison="==",
        readings=used,
    )  # fmt: skip


@check("SPB-PLATFORM")
def platform_requirements(
    r: Rule, source: PlatformSource, has: Mapping[str, bool], ctx: Context
) -> list[Check]:
    """“选用线上培训平台要求。”（沙坪坝区办法 第七条）；“通过自建系统或租赁第三方职业培训平台
    等途径，搭建线上培训课堂”（第六条）.

    ``source``: where the platform comes from (第七条（一）); ``has``: requirement id →
    whether the platform meets it (第七条（一）至（五）, the other items). One check per
    item, in the order of the data, each pointed at its clause."""
    return [
        (
            _source(r, item, source, ctx)
            if item.id == "source"
            else _requirement(r, item, bool(has.get(item.id, False)), ctx)
        ).at(item)
        for item in r.items
    ]
