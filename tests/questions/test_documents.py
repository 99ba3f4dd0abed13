"""The document checklist (question "documents", CQ16 附件3) and the online training
plan (question "plan-elements", SPB 第六条、第八条、第九条) (calc/questions/documents.py).
Rows come from the data; the rules' own tests are tests/cq16/test_records.py and
tests/spb/test_plan.py."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.api import run
from calc.cq16.records import cloud_platform, docs
from calc.examples import cases, check
from calc.kinds import TargetGroup
from calc.questions.documents import methods, plan_rows
from calc.readings import catalogue
from calc.spb.plan import apply, plan_elements

AS_OF = {"as_of": "2026-03-01"}
ROWS = docs.rule.items


def documents(readings: dict[str, str] | None = None, **profile: object) -> dict:
    return run("documents", {"input": profile, "context": {**AS_OF, "readings": readings or {}}})


def status(out: dict, name: str) -> str:
    return next(c["status"] for c in out["checks"] if c["name"] == name)


def row_when(condition: str) -> str:
    return next(i.id for i in ROWS if getattr(i, "when", None) == condition)


def test_plain_class_needs_the_unconditional_rows_only():
    out = documents()
    assert out["status"] == "advisory"  # a list of what to prepare, never 符合
    for item in ROWS:
        expected = (
            "advisory"
            if getattr(item, "when", None) in (None, "assessment_materials_needed")
            else "not_applicable"
        )
        assert status(out, item.id) == expected, item.id


@pytest.mark.parametrize(
    "field,condition",
    [
        ("enterprise_commissioned", "enterprise_commissioned"),
        ("unified_appraisal", "unified_appraisal"),
        ("invoice", "invoice"),
        ("any_unverifiable", "identity_proof_needed"),
    ],
)
def test_each_switch_brings_in_its_row(field, condition):
    name = row_when(condition)
    assert status(documents(**{field: False}), name) == "not_applicable"
    assert status(documents(**{field: True}), name) == "advisory"


def test_certificate_roster_is_replaced_by_the_subsidy_roster():
    out = documents(unified_appraisal=False)
    check_ = next(c for c in out["checks"] if c["name"] == row_when("unified_appraisal"))
    assert "补贴人员花名册" in check_["message"]


def test_unified_appraisal_drops_assessment_materials_unless_read_otherwise():
    rows = [i.id for i in ROWS if getattr(i, "when", None) == "assessment_materials_needed"]
    default = documents(unified_appraisal=True)
    still = documents({"unified_assessment": "annex3_still"}, unified_appraisal=True)
    for name in rows:
        assert status(default, name) == "not_applicable"
        assert status(still, name) == "advisory"
        assert status(documents(unified_appraisal=False), name) == "advisory"
    assert [r["key"] for r in default["readings"]] == ["unified_assessment"]


def test_identity_proof_reading():
    name = row_when("identity_proof_needed")
    groups = ["graduate", "rural_migrant", "veteran"]
    assert status(documents(identity_groups=groups), name) == "not_applicable"
    whole = documents({"identity_proof": "whole_group"}, identity_groups=groups)
    assert status(whole, name) == "advisory"
    assert [r["key"] for r in whole["readings"]] == ["identity_proof"]
    unnamed = documents({"identity_proof": "whole_group"}, identity_groups=["poor_labour"])
    assert status(unnamed, name) == "not_applicable"


def test_submission_and_review_are_spelled_out():
    out = documents()
    online = next(i for i in ROWS if getattr(i, "submission", "") == "online")
    message = next(c["message"] for c in out["checks"] if c["name"] == online.id)
    assert cloud_platform() == "重庆市智能就业培训云平台"
    assert cloud_platform() in message
    assert "审核留存" in message
    entry = next(e for g in out["data"]["stages"] for e in g["needed"] if e["id"] == online.id)
    assert entry["review_text"] == "审核留存"


def test_online_training_adds_the_spb_plan_and_archive():
    with_online = documents(online_share=True)
    assert "online_plan" in with_online["data"]["needed"]
    spb = {c["rule"]: c["status"] for c in with_online["checks"] if c["rule"].startswith("SPB")}
    assert spb == {"SPB-APPLY": "advisory", "SPB-ARCHIVE": "advisory"}
    without = documents(online_share=False)
    assert "online_plan" not in without["data"]["needed"]
    assert {c["status"] for c in without["checks"] if c["rule"].startswith("SPB")} == {
        "not_applicable"
    }
    assert status(with_online, "archive") == "advisory"


def test_bad_profile_names_the_field():
    out = documents(identity_groups=["martian"])
    assert out["problems"][0]["where"] == "班级中有附件3注2所列群体 第1行"
    out = documents(invoice="sometimes")
    assert out["problems"][0]["where"] == "培训机构开具税务发票"


profiles = st.fixed_dictionaries(
    {
        "enterprise_commissioned": st.booleans(),
        "unified_appraisal": st.booleans(),
        "identity_groups": st.lists(st.sampled_from([g.value for g in TargetGroup]), max_size=4),
        "any_unverifiable": st.booleans(),
        "invoice": st.booleans(),
        "online_share": st.booleans(),
    }
)
choices = st.fixed_dictionaries(
    {
        k: st.sampled_from(list(catalogue()[k].options))
        for k in ("identity_proof", "unified_assessment")
    }
)


@settings(max_examples=80, deadline=None)
@given(profile=profiles, readings=choices)
def test_every_row_is_needed_or_not_never_both(profile, readings):
    out = documents(readings, **profile)
    needed, not_needed = set(out["data"]["needed"]), set(out["data"]["not_needed"])
    rows = {i.id for i in ROWS}
    assert not needed & not_needed
    assert rows <= needed | not_needed
    for item in ROWS:
        assert status(out, item.id) == ("advisory" if item.id in needed else "not_applicable")
    assert out == documents(readings, **profile)


# --- plan-elements ------------------------------------------------------------------


def complete() -> dict[str, object]:
    return {
        **dict.fromkeys(plan_rows(), True),
        "verification_methods": list(methods()),
        "approved": True,
    }


def plan(inp: dict[str, object], **readings: str) -> dict:
    return run("plan-elements", {"input": inp, "context": {**AS_OF, "readings": readings}})


def test_complete_plan_passes_and_lists_every_element():
    out = plan(complete())
    assert out["status"] == "pass"
    names = {c["name"] for c in out["checks"]}
    assert {i.id for i in plan_elements.rule.items} <= names
    elements = {i.id for i in plan_elements.rule.items}
    assert {f"contents.{n}" for n in apply.rule.names("contents") if n not in elements} <= names
    assert out["data"] == {"missing": [], "may_open": True}


def test_plan_rows_and_methods_have_their_chinese_names():
    assert len(plan_rows()) == 12  # 8 elements of 第八条 and 4 more contents of 第九条
    assert plan_rows()["platform_intro"] == "平台介绍"
    assert list(methods()) == ["phone", "wechat", "video", "face", "random"]
    assert methods()["face"] == "人脸识别认证"


@pytest.mark.parametrize("name", list(plan_rows()))
def test_each_missing_element_fails(name):
    out = plan({**complete(), name: False})
    assert out["status"] == "fail"
    assert all(
        c["fix"].startswith("在线上培训方案中补充") for c in out["checks"] if c["status"] == "fail"
    )


@pytest.mark.parametrize(
    ("name", "anchor", "words"),
    [("credit_accounting", "spb-8-2", "客观核算每个学员的学分获得情况"),
     ("offline_cut", "spb-8-3", "人离线断")],
)  # fmt: skip
def test_credit_accounting_and_offline_cut_are_elements(name, anchor, words):
    """SPB 第八条（二）"培训机构能根据系统数据客观核算每个学员的学分获得情况" and （三）"实现培训
    对象人离线断" are checked like every other element, cited at their own clause."""
    out = plan({**complete(), name: False})
    check = next(c for c in out["checks"] if c["name"] == name)
    assert check["status"] == "fail" and words in check["label"]
    assert check["citation"]["anchor"] == anchor and words in check["citation"]["phrase"]
    assert out["data"]["missing"] == [check["label"]]
    assert plan(complete())["status"] == "pass"


def test_verification_methods_all_or_any():
    all_but_one = list(methods())[:-1]
    assert plan({**complete(), "verification_methods": all_but_one})["status"] == "fail"
    assert (
        plan({**complete(), "verification_methods": all_but_one}, verification_methods="any")[
            "status"
        ]
        == "pass"
    )
    one = list(methods())[:1]
    assert (
        plan({**complete(), "verification_methods": one}, verification_methods="any")["status"]
        == "pass"
    )
    none = plan({**complete(), "verification_methods": []}, verification_methods="any")
    assert none["status"] == "fail"
    assert none["readings"][0]["key"] == "verification_methods"


def test_approval():
    assert status(plan({**complete(), "approved": None}), "approved") == "advisory"
    assert plan({**complete(), "approved": None})["data"]["may_open"] is False
    refused = plan({**complete(), "approved": False})
    assert refused["status"] == "fail"
    assert "不予认定" in next(c["message"] for c in refused["checks"] if c["name"] == "approved")


def test_unknown_method_names_the_field():
    out = plan({**complete(), "verification_methods": ["email"]})
    assert out["problems"][0]["where"] == "考勤平台的认证功能 第1行"


def test_spb_not_yet_in_force():
    out = run(
        "plan-elements",
        {"input": complete(), "context": {"as_of": "2026-03-01", "spb_issued": "2026-02-20"}},
    )
    assert out["status"] == "not_in_force"


@settings(max_examples=40, deadline=None)
@given(
    present=st.sets(st.sampled_from(list(plan_rows()))),
    kept=st.sets(st.sampled_from(list(methods()))),
)
def test_plan_fails_exactly_when_something_is_missing(present, kept):
    inp = {**dict.fromkeys(plan_rows(), False), **dict.fromkeys(present, True)}
    out = plan({**inp, "verification_methods": sorted(kept), "approved": True})
    complete_ = present == set(plan_rows()) and kept == set(methods())
    assert (out["status"] == "pass") is complete_


def test_example_cases():
    mine = [c for c in cases() if c.file == "documents.toml"]
    assert len(mine) >= 10
    assert [p for c in mine for p in check(c)] == []


def test_archive_advice_per_class_and_per_stage():
    """CQ16-ARCHIVE always applies; SPB-ARCHIVE only when there is online training."""
    for online in (False, True):
        out = run("documents", {"input": {"online_share": online}})
        by_rule = {c["rule"]: c for c in out["checks"] if c["rule"].endswith("ARCHIVE")}
        assert by_rule["CQ16-ARCHIVE"]["status"] == "advisory"
        assert "四个环节" in by_rule["CQ16-ARCHIVE"]["message"]
        assert by_rule["SPB-ARCHIVE"]["status"] == ("advisory" if online else "not_applicable")


# --- an untouched form is still to fill in, never a verdict --------------------------------


def test_an_untouched_plan_form_lists_what_to_fill_in_and_judges_nothing():
    """Nothing ticked, no method, no review: 待填写, naming what is still to fill in."""
    for untouched in ({}, {**dict.fromkeys(plan_rows(), False), "verification_methods": []}):
        out = plan(untouched)
        assert out["status"] == "incomplete"
        assert out["display"]["verdict"]["status_text"] == "待填写"
        assert not [c for c in out["checks"] if c["status"] in ("pass", "fail")]
        assert "还缺：" in out["summary"] and "不符合" not in out["summary"]
        todo = [c for c in out["checks"] if c["status"] == "incomplete"]
        assert todo[0]["label"] in out["summary"]
    ticked = plan({"syllabus": True})  # once anything is said, the rest is judged
    assert ticked["status"] == "fail"
    assert not [c for c in ticked["checks"] if c["status"] == "incomplete"]


def test_each_demand_of_the_plan_is_made_once():
    """第九条's 学分取得制度, 考勤制度 and 师资配备 restate 第八条's 学分管理制度, 考勤制度 and
    课程师资安排: one check each, under 第八条, not a second under 第九条."""
    out = plan({})
    labels = [c["label"] for c in out["checks"]]
    assert len(labels) == len(set(labels))
    shared = [n for n in apply.rule.names("contents") if n in plan_rows()]
    elements = {i.id for i in plan_elements.rule.items}
    for name in (n for n in shared if n in elements):
        assert [c["rule"] for c in out["checks"] if c["name"].endswith(name)] == [
            plan_elements.rule_id
        ]
    assert sum("考勤制度" in label for label in labels) == 1


def test_the_documents_list_is_advice_for_any_profile_never_a_verdict():
    for profile in ({}, {"enterprise_commissioned": True, "online_share": True}):
        out = documents(**profile)
        assert out["status"] == "advisory"
        assert {c["status"] for c in out["checks"]} <= {"advisory", "not_applicable"}
        assert f"需要准备 {len(out['data']['needed'])} 项资料" in out["summary"]
