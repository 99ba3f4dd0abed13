"""Vocabulary shared by every question: training categories, occupation catalogues,
target groups and content kinds (CQ16 一, 二, 四). Each enum carries its Chinese label."""

from __future__ import annotations

from enum import StrEnum


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
}
