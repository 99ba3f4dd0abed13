"""A course and its hours: the facts every hours, mode and scope rule looks at.

:class:`CoursePlan` is a course plan as an institution writes it (the ``plan-check``
question's input); :class:`Totals` its hours summed once; :class:`Course` what the rules
of CQ16 二 look at, for a plan or for a course still to plan (the ``days`` question).
Nothing here judges a rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Annotated

from pydantic import ConfigDict, Field, model_validator

from calc.kinds import Catalogue, Category, ContentKind, Mode, TargetGroup
from calc.models import CourseKind, Input
from calc.readings import Readings

TITLE = "培训方案检查"
SUBSIDY_DAYS = "渝就发〔2020〕16号 二（一）"

DayHours = Annotated[Decimal, Field(ge=0, le=36, decimal_places=2, title="当天课时")]


class Module(Input):
    model_config = ConfigDict(extra="forbid", title="课程模块")

    name: str = Field(min_length=1, max_length=100, title="模块名称")
    theory_hours: Decimal = Field(ge=0, le=2000, decimal_places=2, title="理论课时")
    practical_hours: Decimal = Field(ge=0, le=2000, decimal_places=2, title="实训操作课时")
    mode: Mode = Field(title="授课方式")
    kind: ContentKind = Field(title="内容类型", description="CQ16 四（二）所列的内容类型")
    ethics: bool = Field(
        default=False,
        title="职业道德、法律、安全等内容",
        description="职业道德、职业规范、工匠精神、质量意识、法律意识和相关法律法规、"
        "安全环保和健康卫生、就业指导等内容（CQ16 二（一））",
    )

    @model_validator(mode="after")
    def _has_hours(self) -> Module:
        if self.theory_hours + self.practical_hours == 0:
            raise ValueError("理论课时和实训操作课时不能都为 0")
        return self


class CoursePlan(CourseKind):
    model_config = ConfigDict(extra="forbid", title=TITLE)

    subsidy_yuan: Decimal | None = Field(
        default=None, gt=0, le=100000, decimal_places=2, title="补贴标准（元/人）",
        description=f"可选：填写后核对培训天数是否按补贴标准折算（{SUBSIDY_DAYS}）",
    )  # fmt: skip
    days: Decimal = Field(gt=0, le=366, decimal_places=1, title="培训天数")
    lesson_minutes: int = Field(ge=1, le=240, title="每课时分钟数")
    trainees: int = Field(ge=1, le=10000, title="开班人数")
    target_groups: list[TargetGroup] = Field(
        default_factory=list, max_length=7, title="培训对象群体"
    )
    it_or_startup_field: bool = Field(
        default=False,
        title="网络、信息技术类或创业培训",
        description="沙坪坝区办法第五条：可适当提高线上学时比例",
    )
    platform_meets_standard: bool | None = Field(
        default=None,
        title="线上平台达到附件1基本标准",
        description="CQ16 四（三）；不达标的应通过线下方式培训。不填表示未核对",
    )
    shapingba_institution: bool = Field(
        default=True,
        title="培训机构由沙坪坝区人力社保局审批或备案",
        description="沙坪坝区办法第二条：办法只适用于这些机构",
    )
    daily_hours: list[DayHours] | None = Field(
        default=None, max_length=366, title="每天课时",
        description="可选：逐日课时，按“每天都达到”解读日均课时时必填",
    )  # fmt: skip
    modules: list[Module] = Field(min_length=1, max_length=200, title="课程模块")

    def totals(self, readings: Readings) -> Totals:
        """Sum of every module; reading ``ethics_overlap`` decides ``practical_counted``."""
        ms, zero = self.modules, Decimal(0)
        separate = readings.ethics_overlap == "separate"
        theory = sum((m.theory_hours for m in ms), zero)
        practical = sum((m.practical_hours for m in ms), zero)
        return Totals(
            total=theory + practical,
            theory=theory,
            practical=practical,
            practical_counted=practical
            - sum((m.practical_hours for m in ms if m.ethics and separate), zero),
            online=sum((hours(m) for m in ms if m.mode is Mode.ONLINE), zero),
            offline=sum((hours(m) for m in ms if m.mode is Mode.OFFLINE), zero),
            ethics=sum((hours(m) for m in ms if m.ethics), zero),
        )


def hours(m: Module) -> Decimal:
    return m.theory_hours + m.practical_hours


@dataclass(frozen=True)
class Totals:
    """A plan's hours. ``practical_counted`` is what counts toward the 60%: under reading
    ``ethics_overlap = separate`` the practical hours of ethics modules are left out."""

    total: Decimal
    theory: Decimal
    practical: Decimal
    practical_counted: Decimal
    online: Decimal
    offline: Decimal
    ethics: Decimal


Requirement = dict[str, Decimal | None]
"""What a course of some days needs (``days``, ``min_total``, ``min_practical``, …)."""


@dataclass(frozen=True)
class Course:
    """What the rules of CQ16 二 look at. With ``plan`` (and its ``totals``) they check the
    plan; without, they state what a course of each of ``ends`` needs (the ``days``
    question)."""

    category: Category
    catalogue: Catalogue
    exception: bool
    plan: CoursePlan | None = None
    totals: Totals | None = None
    ends: list[Requirement] = field(default_factory=list)
    subsidy: Decimal | None = None
    daily_yuan: Decimal | None = None
    """The yuan per day the district chose, if any (the ``days`` question)."""

    @classmethod
    def of(cls, plan: CoursePlan, readings: Readings) -> Course:
        totals = plan.totals(readings)
        return cls(plan.category, plan.catalogue, plan.exception, plan, totals,
                   subsidy=plan.subsidy_yuan)  # fmt: skip

    @property
    def days(self) -> Fraction:
        """The plan's days (only when there is a plan)."""
        assert self.plan is not None
        return Fraction(self.plan.days)
