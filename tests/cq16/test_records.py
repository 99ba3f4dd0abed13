"""渝就发〔2020〕16号 六 资料管理 and 附件3 (calc/cq16/records.py): :func:`docs` and
:func:`archive`, called directly."""

from datetime import date

import pytest

from calc.cq16.records import CONDITIONS, STAGES, archive, cloud_platform, decide, docs
from calc.kinds import TargetGroup
from calc.readings import Readings
from calc.result import Context, Status, judge
from calc.rules import rule

CTX = Context(as_of=date(2026, 3, 1))
ROWS = docs.rule.items


class Profile:
    """A class with none of the conditions, unless set."""

    def __init__(self, **facts: object) -> None:
        self.enterprise_commissioned = False
        self.unified_appraisal = False
        self.identity_groups: list[TargetGroup] = []
        self.any_unverifiable = False
        self.invoice = False
        self.__dict__.update(facts)


def test_every_condition_in_the_data_is_known():
    assert {getattr(i, "when", None) for i in ROWS} - {None} == set(CONDITIONS)
    assert {getattr(i, "stage", None) for i in ROWS} == set(STAGES)


def test_annex3_has_fourteen_rows_in_four_stages():
    assert len(ROWS) == 14
    assert list(STAGES.values()) == ["开班申请", "培训实施", "考核评价", "补贴申请"]


def test_cloud_platform_is_note_1():
    assert cloud_platform() == "重庆市智能就业培训云平台"


def test_docs_judges_every_row_for_a_profile():
    checks = docs(CTX, profile=Profile())
    assert [c.name for c in checks] == [i.id for i in ROWS]
    assert {c.rule for c in checks} == {"CQ16-DOCS"}
    by_name = {c.name: c for c in checks}
    assert by_name["class_application"].status is Status.ADVISORY  # a row to prepare
    assert by_name["class_application"].actual == "需要"
    assert by_name["tax_invoice"].status is Status.NOT_APPLICABLE
    assert by_name["tax_invoice"].actual == "不需要"
    assert by_name["tax_invoice"].citation.anchor == "cq16-a3-r14"


def test_docs_rows_follow_decide():
    p = Profile(invoice=True, unified_appraisal=True)
    for c, item in zip(docs(CTX, profile=p), ROWS, strict=True):
        needed, _, _ = decide(item, p, CTX)
        assert (c.status is Status.ADVISORY) is needed


@pytest.mark.parametrize("ok", [True, False])
def test_docs_judges_a_roster_finding_as_given(ok):
    finding = ("id_number_3", "第3行身份证号码", ok, "身份证号码校验位不对", "核对身份证号码")
    (found,) = docs(CTX, finding=finding)
    expected = judge(
        "CQ16-DOCS", "id_number_3", "第3行身份证号码", ok, CTX,
        message="身份证号码校验位不对", fix="核对身份证号码",
    )  # fmt: skip
    assert found == expected
    assert found.status is (Status.PASS if ok else Status.FAIL)


def test_docs_without_facts_finds_nothing():
    assert docs(CTX) == []


def test_identity_proof_only_for_the_groups_of_note_2():
    item = next(i for i in ROWS if i.id == "identity_proof")
    whole = Context(as_of=date(2026, 3, 1), readings=Readings(identity_proof="whole_group"))
    assert decide(item, Profile(identity_groups=[TargetGroup("graduate")]), whole)[0] is True
    assert decide(item, Profile(identity_groups=[TargetGroup("poor_labour")]), whole)[0] is False
    assert decide(item, Profile(any_unverifiable=True), CTX)[0] is True


def test_archive_is_advice_in_four_stages():
    (found,) = archive(CTX)
    assert found.rule == "CQ16-ARCHIVE" and found.status is Status.ADVISORY
    assert "开班申请、培训实施、考核评价、补贴申请" in found.message
    assert "四个环节" in found.message
    assert found.citation == rule("CQ16-ARCHIVE").citation
