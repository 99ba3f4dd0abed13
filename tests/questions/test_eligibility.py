"""The questions 补贴资格 and 抽查达标率: SPB-APPLY, SPB-ATTEND-80, SPB-COMPLETE,
SPB-LEARNER-DATA, SPB-SPOTCHECK-80, SPB-SANCTION. Boundaries are the text's numbers."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.api import run
from calc.kinds import Certificate
from calc.readings import catalogue
from calc.rules import spb_effective_date

AS_OF = "2026-03-01"
ATTEND_MIN = Decimal("0.8")  # 第七条（四）“到课率不低于80%”
SPOT_MIN = Decimal("0.8")  # 第十四条“两次抽查达标率低于80%”
SPOT_COUNT = 2  # “两次抽查”
# 第十二条“职业资格证书、职业技能等级证书、专项职业能力证书、特种作业操作证书、培训合格证书”
CERTIFICATES = [
    "qualification", "skill_level", "special_ability", "special_operation", "training_completion",
]  # fmt: skip
READINGS = ("both", "either", "combined")
PAIRS = ("any_two", "consecutive")


def ask(question, inp, **context):
    return run(question, {"input": inp, "context": {"as_of": AS_OF, **context}})


def trainee(name="张三", **over):
    row = {
        "name": name,
        "attendance_rate": str(ATTEND_MIN),
        "certificate": CERTIFICATES[0],
        "data_meets_standard": True,
    }
    row.update(over)
    return {k: v for k, v in row.items() if v is not None}


def eligibility(*trainees, approved=True, spot_checks=(), fraud=False, **context):
    klass = {"approved_before_start": approved, "spot_checks": list(spot_checks)}
    klass["fraud_found"] = fraud
    return ask("eligibility", {"class": klass, "trainees": list(trainees)}, **context)


def spot(*pairs, reading="both", pair="any_two", base="sampled", applying=None, **context):
    inp = {"checks": [{"sampled": s, "passed": p} for s, p in pairs]}
    if applying is not None:
        inp["applying"] = applying
    readings = {"spotcheck": reading, "spotcheck_pair": pair, "spotcheck_base": base}
    return ask("spot-check", inp, readings=readings, **context)


def keys(out):
    return [r["key"] for r in out["readings"]]


def failed(out):
    return {c["rule"] for c in out["checks"] if c["status"] == "fail"}


def by_name(out, name):
    return next(c for c in out["checks"] if c["name"] == name)


# ---- attendance and completion -----------------------------------------------------------


def test_attendance_exactly_at_the_minimum_is_eligible():
    out = eligibility(trainee(attendance_rate=str(ATTEND_MIN)))
    assert out["status"] == "pass"
    assert out["data"]["eligible"] == ["张三"]


def test_attendance_just_below_the_minimum_is_not():
    out = eligibility(trainee(attendance_rate=str(ATTEND_MIN - Decimal("0.0001"))))
    assert out["status"] == "fail"
    assert failed(out) == {"SPB-ATTEND-80"}
    check = by_name(out, "trainee_1.attendance")
    assert "79.99%" in check["message"] and "低于" in check["message"]
    assert check["fix"]
    assert out["data"]["eligible_count"] == 0


@pytest.mark.parametrize("basis,word", [("sessions", "次"), ("hours", "课时")])
def test_attendance_counts_both_sides_of_the_boundary(basis, word):
    expected = 50
    least = int(ATTEND_MIN * expected)
    ok = eligibility(
        trainee(attendance_rate=None, attended=least, expected=expected),
        readings={"attendance_basis": basis},
    )
    short = eligibility(
        trainee(attendance_rate=None, attended=least - 1, expected=expected),
        readings={"attendance_basis": basis},
    )
    assert ok["status"] == "pass"
    assert short["status"] == "fail"
    assert f"再到课 1 {word}" in by_name(short, "trainee_1.attendance")["fix"]


def test_attendance_basis_changes_only_the_wording_of_a_given_rate():
    sessions = eligibility(trainee(attendance_rate="0.85"))
    hours = eligibility(trainee(attendance_rate="0.85"), readings={"attendance_basis": "hours"})
    assert sessions["status"] == hours["status"] == "pass"
    assert "按次数" in by_name(sessions, "trainee_1.attendance")["message"]
    assert "按课时" in by_name(hours, "trainee_1.attendance")["message"]
    assert {r["key"] for r in hours["readings"]} >= {"completion", "attendance_basis"}


def test_completion_full_requires_every_session():
    ninety = trainee(attendance_rate="0.95")
    assert eligibility(ninety)["status"] == "pass"
    out = eligibility(ninety, readings={"completion": "full"})
    assert out["status"] == "fail"
    assert failed(out) == {"SPB-COMPLETE"}
    assert eligibility(trainee(attendance_rate="1"), readings={"completion": "full"})["status"] == (
        "pass"
    )


def test_completion_full_respects_a_record_of_unfinished_courses():
    row = trainee(attendance_rate="1", completed_all_courses=False)
    assert eligibility(row)["status"] == "pass"  # attend80: ≥ 80% counts as completing
    assert eligibility(row, readings={"completion": "full"})["status"] == "fail"


# ---- certificate and learner data ----------------------------------------------------------


@pytest.mark.parametrize("kind", CERTIFICATES)
def test_every_listed_certificate_qualifies(kind):
    out = eligibility(trainee(certificate=kind))
    assert out["status"] == "pass"
    assert Certificate(kind).label in by_name(out, "trainee_1.certificate")["message"]


def test_no_certificate_disqualifies():
    out = eligibility(trainee(certificate="none"))
    assert failed(out) == {"SPB-COMPLETE"}
    assert "职业资格证书" in by_name(out, "trainee_1.certificate")["fix"]


@pytest.mark.parametrize(
    "over", [{"data_meets_standard": False}, {"data_anomaly": True, "anomaly_note": "代签到"}]
)
def test_learner_data_failing_the_standard_or_abnormal_disqualifies(over):
    out = eligibility(trainee(**over), trainee("李四"))
    assert failed(out) == {"SPB-LEARNER-DATA"}
    assert out["data"]["eligible"] == ["李四"]
    assert out["data"]["ineligible"][0]["name"] == "张三"


def test_anomaly_note_is_quoted():
    out = eligibility(trainee(data_anomaly=True, anomaly_note="同一设备多人登录"))
    assert "同一设备多人登录" in by_name(out, "trainee_1.data_anomaly")["message"]


# ---- the class -------------------------------------------------------------------------------


def test_class_not_approved_makes_every_trainee_ineligible():
    out = eligibility(trainee(), trainee("李四"), approved=False)
    assert failed(out) == {"SPB-APPLY"}
    assert "不予认定" in by_name(out, "approved")["message"]
    assert out["data"]["eligible_count"] == 0
    assert out["data"]["class_eligible"] is False
    for row in out["data"]["ineligible"]:
        assert any("所在培训班" in reason for reason in row["reasons"])
    assert by_name(out, "trainee_2.class")["rule"] == "SPB-APPLY"


def test_class_cancelled_by_spot_checks_makes_every_trainee_ineligible():
    low = int(SPOT_MIN * 10) - 1
    out = eligibility(trainee(), spot_checks=[{"sampled": 10, "passed": low}] * SPOT_COUNT)
    assert failed(out) == {"SPB-SPOTCHECK-80"}
    assert out["data"]["eligible_count"] == 0
    assert out["data"]["spot_checks"]["cancelled"] is True


def test_spot_checks_that_do_not_cancel_leave_trainees_eligible():
    ok = int(SPOT_MIN * 10)
    out = eligibility(trainee(), spot_checks=[{"sampled": 10, "passed": ok}] * SPOT_COUNT)
    assert out["status"] == "pass"
    assert out["data"]["eligible_count"] == 1


def test_fraud_is_advisory_and_names_the_sanction():
    out = eligibility(trainee(), fraud=True)
    check = by_name(out, "sanction")
    assert check["status"] == "advisory"
    assert "移交执法部门" in check["message"]
    assert out["status"] == "pass"
    assert out["data"]["eligible_count"] == 1


def test_not_in_force_the_day_before_and_in_force_on_the_day():
    issued = date(2026, 1, 1)
    start = spb_effective_date(issued, catalogue()["effective_day"].default)
    before = eligibility(
        trainee(), spb_issued=issued.isoformat(), as_of=(start - timedelta(days=1)).isoformat()
    )
    on = eligibility(trainee(), spb_issued=issued.isoformat(), as_of=start.isoformat())
    assert before["status"] == "not_in_force"
    assert on["status"] == "pass"


# ---- spot checks -----------------------------------------------------------------------------

AT = int(SPOT_MIN * 100)  # passed out of 100 that is exactly the minimum rate
OUTCOMES = {
    # reading: (at, at) (at, at-1) (at-1, at-1) (at+1, at-1)
    "both": ("pass", "pass", "fail", "pass"),
    "either": ("pass", "fail", "fail", "fail"),
    "combined": ("pass", "fail", "fail", "pass"),
}


@pytest.mark.parametrize("reading", READINGS)
def test_spot_check_boundaries_in_every_reading(reading):
    pairs = [(AT, AT), (AT, AT - 1), (AT - 1, AT - 1), (AT + 1, AT - 1)]
    got = tuple(spot((100, a), (100, b), reading=reading)["status"] for a, b in pairs)
    assert got == OUTCOMES[reading]


def test_spot_check_message_names_the_check_and_the_smallest_fix():
    out = spot((10, 9), (10, 7))
    row = by_name(out, "spotcheck_2")
    assert row["message"] == "第2次抽查 10 人中 7 人达标（70%），低于 80%"
    assert "至少 8 人" in row["fix"] and "再有 1 人" in row["fix"]
    assert row["status"] == "advisory"  # one check below does not cancel under "both"


def test_one_check_below_under_both_is_advice_not_cancellation():
    out = spot((10, 7))
    verdict = by_name(out, "spotcheck")
    assert out["status"] == "advisory"
    assert "两次抽查" in verdict["message"]
    assert out["data"]["pending"] is True and out["data"]["cancelled"] is False


def test_one_check_below_under_either_cancels():
    assert spot((10, 7), reading="either")["status"] == "fail"


def test_a_later_check_above_80_percent_does_not_undo_two_below():
    """Behaviour changed: more than two checks used to count only the last two, so 50%,
    50%, 90% passed. Now every check counts (reading ``spotcheck_pair``)."""
    for pair in PAIRS:
        out = spot((10, 5), (10, 5), (10, 9), pair=pair)
        assert out["status"] == "fail", pair
        assert out["data"]["decisive"] == [1, 2]
        assert "第1次、第2次都低于" in by_name(out, "spotcheck")["message"]
        assert "spotcheck_pair" in keys(out)
        assert all(by_name(out, f"spotcheck_{i}")["status"] != "not_applicable" for i in (1, 2, 3))
    either = spot((10, 1), (10, 1), (10, 9), (10, 9), reading="either")
    assert either["status"] == "fail" and either["data"]["counted"] == [1, 2, 3, 4]


@pytest.mark.parametrize(
    "rates,any_two,consecutive",
    [
        ((AT - 1, AT, AT - 1), "fail", "pass"),  # two below, not adjacent
        ((AT - 1, AT - 1, AT), "fail", "fail"),  # two below in a row
        ((AT, AT - 1, AT), "pass", "pass"),  # one below
        ((AT, AT, AT), "pass", "pass"),
    ],
)
def test_which_two_checks_count(rates, any_two, consecutive):
    checks = [(100, r) for r in rates]
    assert spot(*checks, pair="any_two")["status"] == any_two
    assert spot(*checks, pair="consecutive")["status"] == consecutive


def test_consecutive_reading_warns_while_the_last_check_is_below():
    out = spot((10, 5), (10, 9), (10, 5), pair="consecutive")
    verdict = by_name(out, "spotcheck")
    assert out["data"]["cancelled"] is False
    assert out["data"]["pending"] is True and verdict["status"] == "advisory"
    assert "按相邻两次判断" in verdict["message"]
    closed = spot((10, 5), (10, 9), (10, 5), (10, 9), pair="consecutive")
    assert closed["data"]["pending"] is False and closed["status"] == "pass"


def test_the_pair_reading_is_named_only_when_it_can_matter():
    assert "spotcheck_pair" not in keys(spot((10, 9), (10, 9)))
    assert "spotcheck_pair" in keys(spot((10, 9), (10, 9), (10, 9)))
    assert "spotcheck_pair" not in keys(spot((10, 9), (10, 9), (10, 9), reading="either"))
    assert "spotcheck_base" in keys(spot((10, 9)))


def test_the_rate_is_over_the_sampled_or_over_those_applying():
    """10 sampled of 11 applying, 8 passed: 80% of those sampled, 72.7% of those applying."""
    checks = [(10, 8), (10, 8)]
    assert spot(*checks, applying=11)["status"] == "pass"
    low = spot(*checks, applying=11, base="applying")
    assert low["status"] == "fail" and low["data"]["cancelled"] is True
    assert low["data"]["checks"][0]["fraction"] == "8/11"
    assert "按班级申请补贴的人数 11 人计" in by_name(low, "spotcheck_1")["message"]
    # Every trainee applying sampled: both readings agree, at the boundary on each side.
    assert spot((10, 8), (10, 8), applying=10, base="applying")["status"] == "pass"
    assert spot((10, 7), (10, 7), applying=10, base="applying")["status"] == "fail"
    assert spot((10, 9), (10, 9), applying=11, base="applying")["status"] == "pass"  # 81.8%
    # The class of the eligibility question carries the same number.
    klass = {"approved_before_start": True, "applying": 11,
             "spot_checks": [{"sampled": 10, "passed": 8}] * 2}  # fmt: skip
    out = ask("eligibility", {"class": klass, "trainees": [trainee()]},
              readings={"spotcheck_base": "applying"})  # fmt: skip
    assert out["data"]["class_eligible"] is False and out["data"]["eligible_count"] == 0


def test_missing_number_applying_is_said_not_guessed():
    out = spot((10, 5), (10, 5), base="applying")
    verdict = by_name(out, "spotcheck")
    assert out["status"] == "advisory"
    assert out["data"]["base_missing"] is True and out["data"]["cancelled"] is False
    assert "未填写班级申请补贴的人数" in verdict["message"]
    assert "未填写班级申请补贴的人数" in out["summary"]
    assert "班级申请补贴的人数" in verdict["fix"]
    assert spot((10, 5), (10, 5))["status"] == "fail"  # not needed for the default reading
    klass = eligibility(trainee(), spot_checks=[{"sampled": 10, "passed": 5}] * 2,
                        readings={"spotcheck_base": "applying"})  # fmt: skip
    assert klass["data"]["class_eligible"] is True
    assert "未填写班级申请补贴的人数" in klass["summary"]


def test_more_sampled_than_applying_is_refused():
    out = spot((10, 8), (12, 8), applying=11)
    assert out["error"] and "第2次抽查人数 12 大于班级申请补贴的人数 11" in out["message"]


def test_spot_check_rate_is_exact():
    out = spot((3, 2), (3, 3))
    assert out["data"]["checks"][0]["fraction"] == "2/3"
    assert Decimal(out["data"]["checks"][0]["rate"]) == Decimal(2) / Decimal(3)


# ---- bad input -------------------------------------------------------------------------------


def test_passed_more_than_sampled_names_the_row():
    out = ask(
        "spot-check", {"checks": [{"sampled": 10, "passed": 8}, {"sampled": 10, "passed": 11}]}
    )
    assert out["error"]
    assert "第2行" in out["message"] and "达标人数" in out["message"]


def test_spot_checks_out_of_date_order_are_rejected():
    checks = [
        {"date": "2026-02-01", "sampled": 10, "passed": 8},
        {"date": "2026-01-01", "sampled": 10, "passed": 8},
    ]
    out = ask("spot-check", {"checks": checks})
    assert "先后" in out["message"]


@pytest.mark.parametrize(
    "over,words",
    [
        ({"attendance_rate": "1.2"}, ["到课率", "不大于"]),
        ({"attendance_rate": "0.9", "attended": 9, "expected": 10}, ["只填一种"]),
        ({"attendance_rate": None}, ["到课数和应到数"]),
        ({"attendance_rate": None, "attended": 11, "expected": 10}, ["大于应到数"]),
        ({"certificate": "diploma"}, ["取得的证书"]),
    ],
)
def test_bad_trainee_rows_are_explained(over, words):
    out = eligibility(trainee(), trainee(**over))
    assert out["error"]
    assert "学员 第2行" in out["message"]
    for word in words:
        assert word in out["message"]


def test_missing_class_is_named_in_chinese():
    out = ask("eligibility", {"trainees": [trainee()]})
    assert "培训班：必须填写" in out["message"]


# ---- properties ------------------------------------------------------------------------------

rates = st.decimals(min_value=0, max_value=1, places=4)


@settings(max_examples=150, deadline=None)
@given(
    low=rates,
    high=rates,
    certificate=st.sampled_from([*CERTIFICATES, "none"]),
    meets=st.booleans(),
    anomaly=st.booleans(),
    finished=st.sampled_from([True, False, None]),
    completion=st.sampled_from(["attend80", "full"]),
)
def test_raising_attendance_never_costs_eligibility(
    low, high, certificate, meets, anomaly, finished, completion
):
    low, high = min(low, high), max(low, high)
    common = {
        "certificate": certificate,
        "data_meets_standard": meets,
        "data_anomaly": anomaly,
        "completed_all_courses": finished,
    }
    context = {"readings": {"completion": completion}}
    before = eligibility(trainee(attendance_rate=str(low), **common), **context)
    after = eligibility(trainee(attendance_rate=str(high), **common), **context)
    if before["data"]["eligible_count"] == 1:
        assert after["data"]["eligible_count"] == 1


checks_strategy = st.lists(
    st.integers(min_value=1, max_value=60).flatmap(
        lambda n: st.tuples(st.just(n), st.integers(min_value=0, max_value=n))
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=200, deadline=None)
@given(pairs=checks_strategy)
def test_either_is_at_least_as_strict_as_combined_and_both(pairs):
    cancelled = {r: spot(*pairs, reading=r)["data"]["cancelled"] for r in READINGS}
    if cancelled["both"]:
        assert cancelled["combined"] and cancelled["either"]
    if cancelled["combined"]:
        assert cancelled["either"]
    assert (spot(*pairs, reading="both")["status"] == "fail") == cancelled["both"]


@settings(max_examples=150, deadline=None)
@given(pairs=checks_strategy, reading=st.sampled_from(READINGS))
def test_any_two_is_at_least_as_strict_as_consecutive(pairs, reading):
    cancelled = {p: spot(*pairs, reading=reading, pair=p)["data"]["cancelled"] for p in PAIRS}
    if cancelled["consecutive"]:
        assert cancelled["any_two"]
    if len(pairs) <= SPOT_COUNT:
        assert cancelled["consecutive"] == cancelled["any_two"]


@settings(max_examples=50, deadline=None)
@given(pairs=checks_strategy, reading=st.sampled_from(READINGS))
def test_spot_check_is_deterministic(pairs, reading):
    assert spot(*pairs, reading=reading) == spot(*pairs, reading=reading)


@settings(max_examples=50, deadline=None)
@given(rows=st.lists(st.tuples(rates, st.booleans()), min_size=1, max_size=8))
def test_eligible_names_and_counts_agree(rows):
    people = [
        trainee(f"学员{i}", attendance_rate=str(r), data_meets_standard=m)
        for i, (r, m) in enumerate(rows)
    ]
    out = eligibility(*people)
    data = out["data"]
    assert data["eligible_count"] == len(data["eligible"])
    assert data["eligible_count"] + len(data["ineligible"]) == len(rows)
    assert out == eligibility(*people)
