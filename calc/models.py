"""Vocabulary shared by every question: training categories, occupation catalogues,
target groups and content kinds (CQ16 一, 二, 四). Each enum carries its Chinese label."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from functools import cache
from types import UnionType
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
"""Every date read from outside lies in this range (a check of a training, a birth date)."""

_WIDE = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")
_NUMBER_TEXT = re.compile(r"-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")


def number_text(value: Any, kind: str = "decimal") -> Any:
    """A number as a Chinese user types it: half- or full-width digits, a decimal point,
    thousands separators (``,`` or ``，`` every three digits), a leading minus; text is
    returned in ASCII without separators (``"１，２００．５"`` → ``"1200.5"``). Refused:
    booleans, and text with anything else (``1_000``, ``²``, ``٣``, ``1e3``, ``二十``).
    Other values are left to the field's own type. ``kind`` names the error (``int``:
    "应为整数")."""
    if isinstance(value, bool):
        raise PydanticCustomError(f"{kind}_type", "应为数字")
    if isinstance(value, str):
        text = value.translate(_WIDE).strip()
        if len(text) > 40 or not _NUMBER_TEXT.fullmatch(text):
            raise PydanticCustomError(f"{kind}_parsing", "应为数字")
        return text.replace(",", "")
    return value


def whole_number_text(value: Any) -> Any:
    """:func:`number_text` for a field of whole numbers."""
    return number_text(value, "int")


def date_value(value: Any) -> Any:
    """A date is text such as ``2026-03-01`` or a date; a number (a timestamp) is refused."""
    if isinstance(value, bool | int | float | Decimal):
        raise PydanticCustomError("date_type", "应为日期（如 2026-03-01）")
    return value


_READERS = (({date}, date_value), ({Decimal, float}, number_text), ({int}, whole_number_text))


@cache
def _readers(model: type[BaseModel]) -> dict[str, Any]:
    """Field name → how its raw value is read: numbers and dates, alone or in a list."""
    out: dict[str, Any] = {}
    for name, f in model.model_fields.items():
        members = _members(f.annotation)
        items = {i for m in members if get_origin(m) is list for i in _members(get_args(m)[0])}
        for kinds, reader in _READERS:
            if str in members | items:
                break
            if kinds & members:
                out[name] = reader
                break
            if kinds & items:
                out[name] = _each(reader)
                break
    return out


def _members(annotation: Any) -> set[Any]:
    """The types an annotation allows, unwrapped: ``Annotated[Decimal, …] | None`` →
    {Decimal, NoneType}; ``list[X]`` stays ``list[X]``."""
    if hasattr(annotation, "__metadata__"):
        return _members(annotation.__origin__)
    if get_origin(annotation) in (Union, UnionType):
        return {m for a in get_args(annotation) for m in _members(a)}
    return {annotation}


def _each(reader: Any) -> Any:
    def read(value: Any) -> Any:
        return [reader(v) for v in value] if isinstance(value, list) else value

    return read


class Input(BaseModel):
    """Base of every model filled from outside data. Number fields read what a Chinese
    user types (:func:`number_text`); date fields refuse numbers (:func:`date_value`) and
    lie between :data:`EARLIEST_DATE` and :data:`LATEST_DATE`."""

    @field_validator("*", mode="before")
    @classmethod
    def _read(cls, value: Any, info: ValidationInfo) -> Any:
        reader = _readers(cls).get(info.field_name or "")
        return value if reader is None else reader(value)

    @field_validator("*", mode="after")
    @classmethod
    def _in_range(cls, value: Any, info: ValidationInfo) -> Any:
        day = value.date() if isinstance(value, datetime) else value
        if isinstance(day, date) and not EARLIEST_DATE <= day <= LATEST_DATE:
            raise PydanticCustomError(
                "date_range",
                "日期应在 {earliest} 至 {latest} 之间",
                {"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
            )
        return value


class _Labelled(StrEnum):
    @property
    def label(self) -> str:
        return _LABELS[self]


class Category(_Labelled):
    """培训类别 (CQ16 一)."""

    SKILL = "skill"
    UPGRADE = "upgrade"
    TRANSFER = "transfer"
    PREJOB = "prejob"
    ADAPT = "adapt"
    STARTUP = "startup"


class Catalogue(_Labelled):
    """职业（工种）目录 (CQ16 一（一）)."""

    DADIAN = "dadian"
    SPECIAL_ABILITY = "special_ability"
    FEATURED = "featured"


class TargetGroup(_Labelled):
    """培训对象群体 (CQ16 四（一）)."""

    GRADUATE = "graduate"
    SCHOOL_LEAVER = "school_leaver"
    POOR_LABOUR = "poor_labour"
    AGE_4050 = "age_4050"
    RURAL_MIGRANT = "rural_migrant"
    VETERAN = "veteran"
    OTHER = "other"


class ContentKind(_Labelled):
    """课程内容类型 (CQ16 四（二）, SPB 第五条)."""

    LECTURE = "lecture"
    DEMONSTRATION = "demonstration"
    POLICY = "policy"
    CASE = "case"
    QA = "qa"
    ELECTIVE = "elective"
    PRACTICAL = "practical"
    INTERACTION = "interaction"
    SIMULATION = "simulation"
    CAD_SIMULATION = "cad_simulation"


class Mode(_Labelled):
    """授课方式."""

    ONLINE = "online"
    OFFLINE = "offline"


class Certificate(_Labelled):
    """证书类型 (SPB 第十二条); ``none``: 未取得证书."""

    QUALIFICATION = "qualification"
    SKILL_LEVEL = "skill_level"
    SPECIAL_ABILITY = "special_ability"
    SPECIAL_OPERATION = "special_operation"
    TRAINING_COMPLETION = "training_completion"
    NONE = "none"


class PlatformSource(_Labelled):
    """线上培训平台来源 (SPB 第六条、第七条（一）)."""

    OWN = "own"
    LISTED = "listed"
    THIRD_PARTY_UNLISTED = "third_party_unlisted"


class VerificationMethod(_Labelled):
    """考勤认证功能 (SPB 第八条（三）)."""

    PHONE = "phone"
    WECHAT = "wechat"
    VIDEO = "video"
    FACE = "face"
    RANDOM = "random"


class Sex(_Labelled):
    MALE = "male"
    FEMALE = "female"


class OfficerRole(_Labelled):
    """第二责任人的身份 (SPB 第四条)."""

    OFFICER = "officer"
    CLASS_TEACHER = "class_teacher"


class ScoreResult(_Labelled):
    """考核评价结果."""

    PASS = "pass"
    FAIL = "fail"
    ABSENT = "absent"


_LABELS: dict[StrEnum, str] = {
    Category.SKILL: "职业技能培训",
    Category.UPGRADE: "企业职工岗位技能提升培训",
    Category.TRANSFER: "转岗转业培训",
    Category.PREJOB: "岗前培训",
    Category.ADAPT: "就业适应性培训",
    Category.STARTUP: "创业培训",
    Catalogue.DADIAN: "职业分类大典第三至第六大类技能类",
    Catalogue.SPECIAL_ABILITY: "重庆市专项职业能力目录",
    Catalogue.FEATURED: "重庆市职业培训特色职业目录",
    TargetGroup.GRADUATE: "高校毕业生",
    TargetGroup.SCHOOL_LEAVER: "城乡未继续升学的初高中毕业生",
    TargetGroup.POOR_LABOUR: "贫困劳动力",
    TargetGroup.AGE_4050: "4050人员",
    TargetGroup.RURAL_MIGRANT: "农村转移就业劳动者",
    TargetGroup.VETERAN: "退役军人",
    TargetGroup.OTHER: "其他",
    ContentKind.LECTURE: "知识讲授",
    ContentKind.DEMONSTRATION: "技能演示",
    ContentKind.POLICY: "政策解读",
    ContentKind.CASE: "案例分析",
    ContentKind.QA: "集中答疑",
    ContentKind.ELECTIVE: "选修辅导课程",
    ContentKind.PRACTICAL: "实训教学",
    ContentKind.INTERACTION: "互动交流",
    ContentKind.SIMULATION: "情景模拟",
    ContentKind.CAD_SIMULATION: "仿真模拟（沙坪坝区办法第五条“方针模拟”）",
    Mode.ONLINE: "线上",
    Mode.OFFLINE: "线下",
    Certificate.QUALIFICATION: "职业资格证书",
    Certificate.SKILL_LEVEL: "职业技能等级证书",
    Certificate.SPECIAL_ABILITY: "专项职业能力证书",
    Certificate.SPECIAL_OPERATION: "特种作业操作证书",
    Certificate.TRAINING_COMPLETION: "培训合格证书",
    Certificate.NONE: "未取得证书",
    PlatformSource.OWN: "培训机构自建系统",
    PlatformSource.LISTED: "纳入人社部门推荐目录的职业培训平台",
    PlatformSource.THIRD_PARTY_UNLISTED: "租赁的第三方职业培训平台（未纳入推荐目录）",
    VerificationMethod.PHONE: "手机号码认证",
    VerificationMethod.WECHAT: "微信认证",
    VerificationMethod.VIDEO: "视频认证",
    VerificationMethod.FACE: "人脸识别认证",
    VerificationMethod.RANDOM: "随机验证",
    Sex.MALE: "男",
    Sex.FEMALE: "女",
    OfficerRole.OFFICER: "企业指定的培训事务专员",
    OfficerRole.CLASS_TEACHER: "培训机构班主任",
    ScoreResult.PASS: "合格",
    ScoreResult.FAIL: "不合格",
    ScoreResult.ABSENT: "缺考",
}


class CourseKind(Input):
    """What kind of course: category, catalogue and the CQ16 二（一） exception."""

    model_config = ConfigDict(extra="forbid")

    category: Category = Field(title="培训类别")
    catalogue: Catalogue = Field(
        default=Catalogue.DADIAN,
        title="职业（工种）目录",
        description="岗前培训、就业适应性培训、创业培训不区分目录",
    )
    exception: bool = Field(
        default=False,
        title="新职业、新兴产业、特殊行业或有明确规定的课程",
        description="CQ16 二（一）“除新职业、新兴产业和特殊行业职业（工种）"
        "以及有明确规定的培训课程要求外”",
    )
