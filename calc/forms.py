"""Input models of the downloadable documents: the online training plan (SPB 第四条、
第八条、第九条) and the rosters an institution fills (CQ16 附件3).

Each model bounds every field so absurd input is rejected with a Chinese message. Checks
that span several fields (dates in order, a module's teacher in the teacher list, no ID
number twice) are in ``problems()``, which :func:`calc.render.render` turns into an
:class:`~calc.errors.InputError`. Hours and money are ``Decimal``, never rounded here.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field

from calc.course import Module as CheckModule
from calc.kinds import (
    Catalogue,
    Category,
    Certificate,
    OfficerRole,
    PlatformSource,
    ScoreResult,
    Sex,
    TargetGroup,
    VerificationMethod,
)
from calc.models import Input
from calc.people import id_problem, id_text
from calc.spb.plan import apply, plan_elements

Problems = list[tuple[str, str]]


def _xml_safe(value: str) -> str:
    """Refuse characters a Word document cannot hold (XML 1.0: control characters,
    surrogates, U+FFFE and U+FFFF); emoji and rare name characters beyond U+FFFF are fine."""
    for ch in value:
        code = ord(ch)
        if (
            (code < 0x20 and ch not in "\n\r\t")
            or 0xD800 <= code <= 0xDFFF
            or code in (0xFFFE, 0xFFFF)
        ):
            raise ValueError(f"含有不可打印的控制字符（U+{code:04X}）")
    return value


def _one_line(value: str) -> str:
    if len(value.splitlines()) > 1 or any(ch in value for ch in "\t\r\u2028\u2029\x85"):
        raise ValueError("应为一行文字，不能换行")
    return _xml_safe(value)


def _none_if_blank(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _no_repeats(values: list[Any]) -> list[Any]:
    if len(set(values)) != len(values):
        raise ValueError("不能重复选择")
    return values


def _id_number(value: str) -> str:
    """An 18-digit resident ID number, checked as the "roster" question checks it."""
    number = id_text(value)
    problem = id_problem(number, date.today())
    if problem is not None:
        raise ValueError(problem)
    return number


def _held(value: Certificate) -> Certificate:
    if value is Certificate.NONE:
        raise ValueError("补贴人员须已取得证书（沙坪坝区办法第十二条）")
    return value


def _phone(value: str) -> str:
    digits = value.replace("-", "").replace(" ", "")
    mobile = len(digits) == 11 and digits.startswith("1")
    landline = digits.startswith("0") and 10 <= len(digits) <= 12
    if not digits.isdigit() or not (mobile or landline):
        raise ValueError("应为11位手机号码或带区号的固定电话")
    return value


Name = Annotated[str, Field(min_length=1, max_length=30), AfterValidator(_one_line)]
Short = Annotated[str, Field(min_length=1, max_length=60), AfterValidator(_one_line)]
Line = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_one_line)]
Text = Annotated[str, Field(min_length=1, max_length=4000), AfterValidator(_xml_safe)]
OptShort = Annotated[Short | None, BeforeValidator(_none_if_blank)]
OptLine = Annotated[Line | None, BeforeValidator(_none_if_blank)]
OptText = Annotated[Text | None, BeforeValidator(_none_if_blank)]
OptName = Annotated[Name | None, BeforeValidator(_none_if_blank)]
IdNumber = Annotated[str, Field(min_length=15, max_length=20), AfterValidator(_id_number)]
Phone = Annotated[str, Field(min_length=7, max_length=20), AfterValidator(_phone)]
Hours = Annotated[Decimal, Field(ge=0, le=1000, decimal_places=1)]
Score = Annotated[Decimal, Field(ge=0, le=100, decimal_places=1)]
Money = Annotated[Decimal, Field(ge=0, le=100000, decimal_places=2)]
MAX_ROWS = 500


def label(value: StrEnum) -> str:
    """The Chinese label of any enum value of this module or of :mod:`calc.models`."""
    return str(getattr(value, "label", value))


def choices(enum: type[StrEnum]) -> str:
    """``phone=手机号码认证；wechat=微信认证…`` for a field's description."""
    return "；".join(f"{v.value}={label(v)}" for v in enum)


def _duplicates(values: list[str], where: str, what: str) -> Problems:
    seen: dict[str, int] = {}
    out: Problems = []
    for i, value in enumerate(values):
        if value in seen:
            out.append((f"{where} 第{i + 1}行 {what}", f"与第{seen[value] + 1}行重复"))
        seen.setdefault(value, i)
    return out


class Form(Input):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    def problems(self) -> Problems:
        """Checks across fields; empty when the document is consistent."""
        return []


# --- 线上培训方案 (SPB 第八条、第九条) -------------------------------------------------


class Module(CheckModule):
    """One course module: the plan check's module (one definition, calc/course.py) plus
    its teacher and content; its name is held to the document's text rules."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, title="课程模块")

    name: Short = Field(title="课程模块名称")
    content: OptText = Field(default=None, title="主要内容")
    teacher: Name = Field(title="授课教师", description="应为“师资配备”中的一位")

    @property
    def hours(self) -> Decimal:
        return self.theory_hours + self.practical_hours


class Teacher(Form):
    model_config = ConfigDict(title="授课教师")

    name: Name = Field(title="姓名")
    title: OptShort = Field(default=None, title="职称或职务")
    qualification: OptLine = Field(
        default=None, title="资格证书", description="如职业资格、技能等级、教师资格证书及编号"
    )


class CreditItem(Form):
    model_config = ConfigDict(title="学分规则")

    mode: Short = Field(title="线上学习方式", description="如视频录播学习、直播听课、课中答题")
    rule: Line = Field(title="取得学分的规则", description="如完成1课时视频学习且课间提问全部作答")
    credits: Annotated[Decimal, Field(gt=0, le=1000, decimal_places=2)] = Field(title="对应学分")


class CreditRules(Form):
    """学分管理制度 (SPB 第八条（二）)."""

    model_config = ConfigDict(title="学分管理制度")

    items: list[CreditItem] = Field(min_length=1, max_length=30, title="学分规则")
    required: Annotated[Decimal, Field(gt=0, le=10000, decimal_places=2)] = Field(
        title="结业所需学分"
    )
    accounting: OptText = Field(
        default=None, title="学分核算方式", description="如何根据平台数据核算每个学员的学分"
    )


class Attendance(Form):
    """考勤制度 (SPB 第八条（三）)."""

    model_config = ConfigDict(title="考勤制度")

    methods: Annotated[list[VerificationMethod], AfterValidator(_no_repeats)] = Field(
        min_length=1,
        max_length=5,
        title="平台具备的认证功能",
        description=choices(VerificationMethod),
    )
    rules: Text = Field(title="考勤规定", description="签到、请假、缺勤的处理等")
    statistics: OptText = Field(
        default=None, title="签到统计方式", description="如何实时统计每个班级、每个学员的签到情况"
    )


class Platform(Form):
    """平台介绍 (SPB 第七条、第九条)."""

    model_config = ConfigDict(title="线上培训平台")

    name: Short = Field(title="平台名称")
    source: PlatformSource = Field(title="平台来源", description=choices(PlatformSource))
    operator: OptLine = Field(default=None, title="运营单位")
    address: OptLine = Field(default=None, title="访问网址或小程序名称")
    introduction: Text = Field(
        title="平台介绍", description="功能、终端（PC端、手机移动端）、实名认证、过程记录与监管权限"
    )


class Responsibility(Form):
    """质量责任“三方” (SPB 第四条)."""

    model_config = ConfigDict(title="培训质量责任人")

    legal_representative: Name = Field(title="法定代表人（第一责任人）")
    officer: Name = Field(title="培训事务专员或班主任（第二责任人）")
    officer_role: OfficerRole = Field(
        default=OfficerRole.CLASS_TEACHER, title="第二责任人身份", description=choices(OfficerRole)
    )
    supervisor: OptName = Field(
        default=None, title="区人力社保局质量监督人", description="由区人力社保局指定，未知可不填"
    )


class OnlinePlan(Form):
    """线上职业培训方案, submitted with the class application (SPB 第九条)."""

    model_config = ConfigDict(title="线上职业培训方案")

    institution: Line = Field(title="培训机构名称")
    class_name: Line = Field(title="培训班名称")
    occupation: Short = Field(title="职业（工种）")
    level: OptShort = Field(default=None, title="培训等级", description="如五级/初级工；没有可不填")
    category: Category = Field(title="培训类别", description=choices(Category))
    catalogue: Catalogue | None = Field(
        default=None, title="职业（工种）目录", description=choices(Catalogue)
    )
    days: Annotated[Decimal, Field(gt=0, le=366, decimal_places=1)] = Field(title="培训天数")
    lesson_minutes: int = Field(ge=1, le=120, title="每课时分钟数")
    trainees: int = Field(ge=1, le=MAX_ROWS, title="培训人数")
    start_date: date = Field(title="培训开始日期")
    end_date: date = Field(title="培训结束日期")
    venue: OptLine = Field(default=None, title="线下培训地点")
    objective: OptText = Field(default=None, title="培训目标")
    modules: list[Module] = Field(min_length=1, max_length=100, title="课程模块")
    teachers: list[Teacher] = Field(min_length=1, max_length=100, title="师资配备")
    lesson_plans_attached: bool = Field(
        default=False,
        title="已另附教学计划、教案",
        description="沙坪坝区办法第六条：教师有针对性地撰写教学计划、教案",
    )
    credit_rules: CreditRules = Field(title="学分管理制度")
    attendance: Attendance = Field(title="考勤制度")
    platform: Platform = Field(title="线上培训平台")
    exam_and_completion: Text = Field(
        title="考试结业方式", description="考核方式、合格标准、结业条件和证书"
    )
    responsibility: Responsibility = Field(title="培训质量责任人")

    @property
    def total_hours(self) -> Decimal:
        return sum((m.hours for m in self.modules), Decimal(0))

    def problems(self) -> Problems:
        out: Problems = []
        span = (self.end_date - self.start_date).days + 1
        if span < 1:
            out.append(("培训结束日期", "不能早于培训开始日期"))
        elif self.days > span:
            out.append(("培训天数", f"{self.days} 天多于开始至结束日期的 {span} 天"))
        names = [t.name for t in self.teachers]
        out += _duplicates(names, "师资配备", "姓名")
        for i, m in enumerate(self.modules):
            if m.teacher not in names:
                out.append((f"课程模块 第{i + 1}行 授课教师", f"“{m.teacher}”不在师资配备名单中"))
        return out

    def to_plan_elements(self) -> dict[str, Any]:
        """The input of the "plan-elements" question: which elements of SPB 第八条 and
        contents of 第九条 this plan holds (an element the registry adds later is
        reported missing until this document gets a section for it)."""
        holds = {
            "syllabus": True,
            "courses": True,
            "teachers": True,
            "hours": True,
            "exam_method": True,
            "completion_method": True,
            "credit_rules": True,
            "credit_accounting": True,  # section 五 states it (SPB 第八条（二）)
            "attendance_rules": True,
            "offline_cut": True,  # section 六 states it (SPB 第八条（三）)
            "platform_intro": True,
            "lesson_plans": self.lesson_plans_attached,
        }
        names = [i.id for i in plan_elements.rule.items]
        names += [n for n in apply.rule.names("contents") if n not in names]
        data: dict[str, Any] = {n: holds.get(n, False) for n in names}
        data["verification_methods"] = [m.value for m in self.attendance.methods]
        return data

    def to_plan_check(self) -> dict[str, Any]:
        """The input of the "plan-check" question, as JSON-able data."""
        fields = {"category", "catalogue", "days", "lesson_minutes", "trainees"}
        data = self.model_dump(mode="json", include=fields, exclude_none=True)
        keep = set(CheckModule.model_fields)
        data["modules"] = [m.model_dump(mode="json", include=keep) for m in self.modules]
        return data


# --- 花名册 (CQ16 附件3) -----------------------------------------------------------------


class Roster(Form):
    """The header every roster shares; ``rows`` are added by each roster."""

    institution: Line = Field(title="培训机构名称")
    class_name: Line = Field(title="培训班名称")
    occupation: OptShort = Field(default=None, title="职业（工种）")
    start_date: date | None = Field(default=None, title="培训开始日期")
    end_date: date | None = Field(default=None, title="培训结束日期")
    prepared_by: OptName = Field(default=None, title="填表人")
    prepared_on: date | None = Field(default=None, title="填表日期")

    def problems(self) -> Problems:
        out: Problems = []
        if self.start_date and self.end_date and self.end_date < self.start_date:
            out.append(("培训结束日期", "不能早于培训开始日期"))
        rows: list[_Person] = getattr(self, "rows", [])
        return out + _duplicates([r.id_number for r in rows], "名单", "身份证号码")


class _Person(Form):
    name: Name = Field(title="姓名")
    id_number: IdNumber = Field(title="身份证号码")


class TraineeRow(_Person):
    model_config = ConfigDict(title="学员")

    sex: Sex = Field(title="性别", description=choices(Sex))
    phone: Phone = Field(title="联系电话")
    group: TargetGroup | None = Field(
        default=None, title="人员类别", description=choices(TargetGroup)
    )
    education: OptShort = Field(default=None, title="文化程度")
    employer: OptLine = Field(default=None, title="工作单位或住址")
    note: OptLine = Field(default=None, title="备注")


class TraineeRoster(Roster):
    """学员花名册 (CQ16 附件3 开班申请)."""

    model_config = ConfigDict(title="学员花名册")

    rows: list[TraineeRow] = Field(min_length=1, max_length=MAX_ROWS, title="名单")

    def problems(self) -> Problems:
        out = super().problems()
        for i, r in enumerate(self.rows):
            male = int(r.id_number[16]) % 2 == 1
            if male != (r.sex is Sex.MALE):
                out.append((f"名单 第{i + 1}行 性别", "与身份证号码第17位所示性别不一致"))
        return out


class Session(Form):
    model_config = ConfigDict(title="课次")

    label: Short = Field(title="课次名称", description="如日期或课程模块")
    hours: Annotated[Decimal, Field(gt=0, le=100, decimal_places=1)] = Field(title="计划课时")


class HourRow(_Person):
    model_config = ConfigDict(title="学员学时")

    hours: list[Hours] = Field(max_length=31, title="各课次实际学时", description="按课次顺序")


class HourRoster(Roster):
    """学员学时记录花名册 (CQ16 附件3 培训实施)."""

    model_config = ConfigDict(title="学员学时记录花名册")

    sessions: list[Session] = Field(min_length=1, max_length=31, title="课次")
    rows: list[HourRow] = Field(min_length=1, max_length=MAX_ROWS, title="名单")

    def problems(self) -> Problems:
        out = super().problems()
        for i, r in enumerate(self.rows):
            if len(r.hours) != len(self.sessions):
                out.append(
                    (
                        f"名单 第{i + 1}行 各课次实际学时",
                        f"有 {len(r.hours)} 项，应与课次数 {len(self.sessions)} 相同",
                    )
                )
                continue
            for s, h in zip(self.sessions, r.hours, strict=True):
                if h > s.hours:
                    out.append(
                        (f"名单 第{i + 1}行 “{s.label}”", f"{h} 学时多于计划的 {s.hours} 课时")
                    )
        return out


class ScoreRow(_Person):
    model_config = ConfigDict(title="学员成绩")

    theory_score: Score | None = Field(default=None, title="理论成绩")
    practical_score: Score | None = Field(default=None, title="实操成绩")
    result: ScoreResult = Field(title="考核结果", description=choices(ScoreResult))
    note: OptLine = Field(default=None, title="备注")


class ScoreTable(Roster):
    """学员考核评价成绩统计表 (CQ16 附件2、附件3 考核评价)."""

    model_config = ConfigDict(title="学员考核评价成绩统计表")

    assessed_on: date | None = Field(default=None, title="考核日期")
    method: OptLine = Field(default=None, title="考核方式", description="如理论考试+实操考核")
    rows: list[ScoreRow] = Field(min_length=1, max_length=MAX_ROWS, title="名单")


class SubsidyRow(_Person):
    model_config = ConfigDict(title="补贴人员")

    certificate_type: Annotated[Certificate, AfterValidator(_held)] = Field(
        title="证书类型", description=choices(Certificate)
    )
    certificate_number: Short = Field(title="证书编号")
    amount: Money = Field(title="补贴金额（元）")
    note: OptLine = Field(default=None, title="备注")


class SubsidyRoster(Roster):
    """补贴人员花名册 (CQ16 附件3 补贴申请; SPB 第十二条)."""

    model_config = ConfigDict(title="补贴人员花名册")

    rows: list[SubsidyRow] = Field(min_length=1, max_length=MAX_ROWS, title="名单")

    def problems(self) -> Problems:
        numbers = [r.certificate_number for r in self.rows]
        return super().problems() + _duplicates(numbers, "名单", "证书编号")
