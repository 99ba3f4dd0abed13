"""The vocabulary of both documents: training categories, occupation catalogues, target
groups, content kinds and the other choices an input may make (CQ16 一, 二, 四). Each
enum carries its Chinese label. Plain enums: importing this module imports no pydantic,
so the command line's help can name them quickly."""

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
