"""渝就发〔2020〕16号 四 培训方式 (calc/cq16/modes.py): 线下为主 (:func:`mode_principle`), whom to
train offline (:func:`mode_target`, the 4050 convention) and what content may go online
(:func:`mode_content`): called directly and through the plan check, and the plan check and the
roster answering :func:`mode_target` alike."""

from datetime import date
from decimal import Decimal

import pytest

from calc.course import Module, Totals
from calc.cq16.modes import (
    Listed,
    convention,
    is_4050,
    mode_content,
    mode_principle,
    mode_target,
    offline_only,
)
from calc.kinds import ContentKind, TargetGroup
from calc.people import Resident
from calc.readings import Readings
from calc.result import Context, Status
from tests.questions.test_plan_check import answer, mod, one, plan, status
from tests.questions.test_roster import AS_OF, ask, birthday, make_id

OFFLINE_ONLY = ["practical", "interaction", "simulation"]
"""四（二）“实训教学、互动交流、情景模拟等应通过线下培训方式实施”."""
ONLINE_ALLOWED = ["lecture", "demonstration", "policy", "case", "qa", "elective"]
"""四（二）“知识讲授、技能演示、政策解读、案例分析、集中答疑以及选修辅导课程等可通过线上培训方式实施”."""
OFFLINE_GROUPS = ["poor_labour", "age_4050"]
"""四（一）“贫困劳动力、4050人员等群体应重点开展线下培训”."""
WOMEN, MEN = 40, 50  # “4050人员”: not defined by the text; the common convention
CTX = Context(as_of=date(2026, 3, 1))


def totals(online, offline):
    h = Decimal(online + offline)
    zero = Decimal(0)
    return Totals(h, h, zero, zero, Decimal(online), Decimal(offline), zero)


def module(kind, practical=0, name="模块"):
    theory = 0 if practical else 1
    return Module(name=name, theory_hours=theory, practical_hours=practical, mode="online",
                  kind=kind)  # fmt: skip


def person(sex, age):
    return Resident("x", None, sex=sex, birth_date=None, age=age)


# ---- called directly ---------------------------------------------------------------------


def test_convention_states_women_40_and_men_50():
    assert convention() == "“4050人员”文件未定义，按通行口径：女性满40周岁、男性满50周岁"


@pytest.mark.parametrize(
    "sex,age,expected",
    [("female", WOMEN - 1, False), ("female", WOMEN, True), ("male", WOMEN, False),
     ("male", MEN - 1, False), ("male", MEN, True), (None, 60, False), ("female", None, False)],
)  # fmt: skip
def test_is_4050_at_40_for_women_and_50_for_men(sex, age, expected):
    assert is_4050(person(sex, age)) is expected


@pytest.mark.parametrize(
    "online,offline,expected",
    [(19, 21, Status.PASS), (20, 20, Status.ADVISORY), (21, 19, Status.ADVISORY),
     (0, 40, Status.PASS)],
)  # fmt: skip
def test_mode_principle_direct_online_must_be_less_than_offline(online, offline, expected):
    """“线下为主” is a principle: not meeting it is advice, never a failure."""
    (found,) = mode_principle(totals(online, offline), CTX)
    assert found.status is expected and found.readings == ["offline_main"]


def test_mode_principle_direct_online_not_more_reading_lets_equal_hours_pass():
    ctx = Context(as_of=CTX.as_of, readings=Readings(offline_main="online_not_more"))
    (equal,) = mode_principle(totals(20, 20), ctx)
    assert equal.status is Status.PASS
    (more,) = mode_principle(totals(21, 19), ctx)
    assert more.status is Status.ADVISORY and more.fix == "把至少 1 课时线上内容改为线下"


@pytest.mark.parametrize("group", OFFLINE_GROUPS)
def test_mode_target_direct_groups_taught_online_are_advised_offline_pass(group):
    (online,) = mode_target(CTX, online=True, online_hours=Decimal(10),
                            groups=[TargetGroup(group)])  # fmt: skip
    assert online.status is Status.ADVISORY
    assert all(TargetGroup(g).label in online.threshold for g in OFFLINE_GROUPS)
    (offline,) = mode_target(CTX, online=False, groups=[TargetGroup(group)])
    assert offline.status is Status.PASS


def test_mode_target_direct_names_the_4050_convention_for_a_plan():
    (found,) = mode_target(CTX, online=True, online_hours=Decimal(4),
                           groups=[TargetGroup.AGE_4050])  # fmt: skip
    assert "（通行口径：女性满40周岁、男性满50周岁）" in found.message


def test_mode_target_direct_other_groups_may_train_online():
    (found,) = mode_target(CTX, online=True, online_hours=Decimal(10),
                           groups=[TargetGroup.GRADUATE, TargetGroup.SCHOOL_LEAVER])  # fmt: skip
    assert found.status is Status.PASS and found.message == "无需重点线下的群体"


def test_offline_only_kinds_follow_the_readings():
    assert offline_only(Readings()) == {ContentKind(k) for k in OFFLINE_ONLY}
    city = offline_only(Readings(simulation="city_governs"))
    assert city == {ContentKind(k) for k in [*OFFLINE_ONLY, "cad_simulation"]}
    live = offline_only(Readings(interaction_online="live_allowed"))
    assert live == {ContentKind(k) for k in OFFLINE_ONLY} - {ContentKind.INTERACTION}


@pytest.mark.parametrize("kind", OFFLINE_ONLY)
def test_mode_content_direct_offline_only_kinds_online_fail(kind):
    (found,) = [c for c in mode_content([(3, module(kind))], CTX) if c.status is Status.FAIL]
    assert found.name == "content_row3" and "第3行" in found.message


@pytest.mark.parametrize("kind", ONLINE_ALLOWED)
def test_mode_content_direct_online_allowed_kinds_pass(kind):
    found = mode_content([(1, module(kind))], CTX)
    assert [(c.name, c.status) for c in found] == [("content", Status.PASS)]


def test_mode_content_direct_practical_hours_online_are_advice():
    found = mode_content([(2, module("demonstration", practical=1))], CTX)
    assert [(c.name, c.status) for c in found] == [
        ("content", Status.PASS), ("online_practical", Status.ADVISORY)
    ]  # fmt: skip


# ---- through the plan check -------------------------------------------------------------


@pytest.mark.parametrize("kind", OFFLINE_ONLY)
def test_offline_only_content_online_fails_naming_the_row(kind):
    inp = plan()
    inp["modules"].append(mod("模块X", 1, 0, "online", kind))
    out = answer(inp)
    bad = one(out, "CQ16-MODE-CONTENT")
    assert bad["status"] == "fail"
    assert "第4行" in bad["message"] and "模块X" in bad["message"]


@pytest.mark.parametrize("kind", ONLINE_ALLOWED)
def test_online_allowed_content_online_passes(kind):
    inp = plan()
    inp["modules"][0]["kind"] = kind
    assert status(answer(inp), "CQ16-MODE-CONTENT") == "pass"


def test_simulation_reading_decides_computer_simulation_online():
    inp = plan()
    inp["modules"][0]["kind"] = "cad_simulation"
    assert status(answer(inp), "CQ16-MODE-CONTENT") == "pass"
    out = answer(inp, readings={"simulation": "city_governs"})
    assert status(out, "CQ16-MODE-CONTENT") == "fail"
    assert "simulation" in [r["key"] for r in out["readings"]]


def test_interaction_online_reading_decides_online_interaction():
    """CQ16 四（二） puts 互动交流 offline; under ``live_allowed`` SPB 第七条（一）'s 实时互动 lets
    it go online, with advice that it be live."""
    inp = plan()
    inp["modules"].append(mod("小组讨论", 2, 0, "online", "interaction"))
    hard = answer(inp)
    assert status(hard, "CQ16-MODE-CONTENT") == "fail"
    assert one(hard, "CQ16-MODE-CONTENT")["readings"] == ["interaction_online"]
    live = answer(inp, readings={"interaction_online": "live_allowed"})
    assert status(live, "CQ16-MODE-CONTENT", "content") == "pass"
    advice = next(c for c in live["checks"] if c["name"] == "online_interaction")
    assert advice["status"] == "advisory" and "实时互动" in advice["message"]
    assert "interaction_online" in [r["key"] for r in live["readings"]]
    offline = plan()
    offline["modules"].append(mod("小组讨论", 2, 0, "offline", "interaction"))
    for reading in ("offline_only", "live_allowed"):
        out = answer(offline, readings={"interaction_online": reading})
        assert status(out, "CQ16-MODE-CONTENT") == "pass"
        assert "interaction_online" not in [r["key"] for r in out["readings"]]


def test_interaction_reading_leaves_other_offline_content_alone():
    inp = plan()
    inp["modules"].append(mod("情景演练", 2, 0, "online", "simulation"))
    out = answer(inp, readings={"interaction_online": "live_allowed"})
    assert status(out, "CQ16-MODE-CONTENT") == "fail"
    assert one(out, "CQ16-MODE-CONTENT")["readings"] == []


@pytest.mark.parametrize(
    "online,offline,less,not_more",
    [(20, 20, "advisory", "pass"), (19, 21, "pass", "pass"), (21, 19, "advisory", "advisory")],
)
def test_offline_main_reading_at_equal_hours(online, offline, less, not_more):
    """CQ16 四 "线下为主": equal hours are not "offline mainly" unless read as online ≤ offline;
    it stays advice under both readings."""
    inp = plan(40, practical=offline, ethics=0)
    assert status(answer(inp), "CQ16-MODE-PRINCIPLE") == less
    relaxed = answer(inp, readings={"offline_main": "online_not_more"})
    assert status(relaxed, "CQ16-MODE-PRINCIPLE") == not_more
    assert "offline_main" in [r["key"] for r in relaxed["readings"]]
    if not_more == "advisory":
        assert one(relaxed, "CQ16-MODE-PRINCIPLE")["fix"] == "把至少 1 课时线上内容改为线下"


def test_mode_principle_advises_when_online_is_not_less_than_offline():
    equal = plan(40, practical=20, ethics=0)
    assert status(answer(equal), "CQ16-MODE-PRINCIPLE") == "advisory"
    assert one(answer(equal), "CQ16-MODE-PRINCIPLE")["fix"] == "把至少 1 课时线上内容改为线下"
    less = plan(40, practical=21, ethics=0)
    assert status(answer(less), "CQ16-MODE-PRINCIPLE") == "pass"


@pytest.mark.parametrize("group", OFFLINE_GROUPS)
def test_groups_that_should_train_offline_get_advice_when_taught_online(group):
    out = answer(plan(target_groups=[group]))
    assert status(out, "CQ16-MODE-TARGET") == "advisory"
    offline = plan(target_groups=[group])
    offline["modules"][0]["mode"] = "offline"
    assert status(answer(offline), "CQ16-MODE-TARGET") == "pass"
    assert status(answer(plan(target_groups=["graduate"])), "CQ16-MODE-TARGET") == "pass"


# ---- the plan check and the roster answer mode_target alike ---------------------------------


def _target(out):
    (found,) = [c for c in out["checks"] if c["rule"] == "CQ16-MODE-TARGET"]
    return found


def _offline_plan(**kw):
    inp = plan(**kw)
    for m in inp["modules"]:
        m["mode"] = "offline"
    return inp


def test_offline_training_passes_in_plan_and_roster():
    woman = [{"name": "甲", "id_number": make_id(birthday(WOMEN), male=False)}]
    in_plan = _target(answer(_offline_plan(target_groups=["age_4050"])))
    in_roster = _target(ask(woman))
    assert in_plan["status"] == in_roster["status"] == "pass"
    assert in_roster["message"].startswith("全部线下培训，符合重点线下的要求；花名册中")
    assert convention() in in_roster["message"]


def test_online_training_with_a_4050_person_is_advice_in_plan_and_roster():
    man = [{"name": "甲", "id_number": make_id(birthday(MEN), male=True)}]
    in_plan = _target(answer(plan(target_groups=["age_4050"])))
    in_roster = _target(ask(man, mode="online"))
    assert in_plan["status"] == in_roster["status"] == "advisory"
    assert "通行口径：女性满40周岁、男性满50周岁" in in_plan["message"]
    assert convention() in in_roster["message"]


def test_online_training_without_such_groups_passes_in_plan_and_roster():
    young = [{"name": "甲", "id_number": make_id(birthday(MEN - 1, 1), male=True)}]
    in_plan = _target(answer(plan(target_groups=["graduate"])))
    in_roster = _target(ask(young, mode="online"))
    assert in_plan["status"] == in_roster["status"] == "pass"


def test_the_roster_counts_age_on_the_reference_date():
    woman = [{"name": "甲", "id_number": make_id(birthday(WOMEN), male=False)}]
    out = ask(woman, mode="online", reference_date=AS_OF.isoformat())
    assert _target(out)["status"] == "advisory"


def test_mode_target_direct_for_a_roster_lists_the_people_to_train_offline():
    listed = [Listed(2, "甲", True, None), Listed(3, "乙", False, TargetGroup.POOR_LABOUR),
              Listed(4, "丙", False, None)]  # fmt: skip
    (online,) = mode_target(CTX, online=True, listed=listed)
    assert online.status is Status.ADVISORY
    assert "第2行 甲、第3行 乙" in online.message and "丙" not in online.message
    (offline,) = mode_target(CTX, online=False, listed=listed)
    assert offline.status is Status.PASS
    assert offline.message.startswith("全部线下培训，符合重点线下的要求；花名册中4050人员 1 名")
