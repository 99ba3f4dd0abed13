"""学员花名册检查 (question ``roster``): resident ID numbers (GB 11643), duplicates, class
size (渝就发〔2020〕16号 三（二）, :func:`~calc.cq16.trainees.class_50`) and, for online
training, the 4050 advice (四（一）, :func:`~calc.cq16.modes.mode_target`).

The roster is the 学员花名册 of 附件3, so faults in it are reported under that rule
(:func:`~calc.cq16.records.docs`). What an ID number says (validity, sex, age) is
:mod:`calc.people`'s.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from typing import Any, Literal

from pydantic import ConfigDict, Field, ValidationError

from calc.cq16.modes import Listed, convention, is_4050, mode_target
from calc.cq16.records import docs
from calc.cq16.trainees import class_50
from calc.display import Block, batch_view, listing, para, section, source_line, table, text
from calc.errors import InputError, explain
from calc.kinds import Category, Mode, TargetGroup
from calc.models import Input
from calc.people import id_text, mask, resident
from calc.result import Check, Context, Result, Status, conclude, overall
from calc.tables.read import (
    BROWSER_MAX_BYTES,
    BROWSER_MAX_ROWS,
    Progress,
    Source,
    bad_value,
    clean,
    id_stored_as_number,
    is_float_cell,
    read_table,
    report,
)
from calc.tables.write import Section

TITLE = "学员花名册检查"
MAX_ROWS = 10_000
LISTED = 200
"""Faulty rows listed one check each; the rest are counted in the summary check."""
Sex = Literal["male", "female"]
SEX_TEXT = {"male": "男", "female": "女"}


class RosterRow(Input):
    model_config = ConfigDict(extra="forbid", title="学员", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=50, title="姓名")
    id_number: str = Field(min_length=1, max_length=30, title="身份证号")
    group: TargetGroup | None = Field(
        default=None,
        title="人员类别",
        description="；".join(f"{g.value}：{g.label}" for g in TargetGroup),
    )
    sex: Sex | None = Field(
        default=None, title="性别", description="male：男；female：女。填写时与身份证号核对"
    )


class RosterOptions(Input):
    model_config = ConfigDict(extra="forbid", title="花名册检查选项")

    category: Category = Field(
        title="培训类别", description="；".join(f"{c.value}：{c.label}" for c in Category)
    )
    mode: Mode = Field(
        default=Mode.OFFLINE, title="培训方式", description="online：含线上培训；offline：线下"
    )
    reference_date: date | None = Field(
        default=None,
        title="参照日期",
        description="计算年龄的日期，如开班日期；不填时用判断日期",
    )


class RosterInput(RosterOptions):
    model_config = ConfigDict(extra="forbid", title=TITLE)

    rows: list[RosterRow] = Field(
        min_length=1, max_length=MAX_ROWS, title="学员名单", description="每名学员一行"
    )


def _person(line: int, row: RosterRow, reference: date) -> dict[str, Any]:
    p = resident(id_text(row.id_number), reference)
    return {
        "row": line, "name": row.name, "id_number": p.number, "valid": p.problem is None,
        "problem": p.problem, "sex": p.sex, "birth_date": p.birth_date, "age": p.age,
        "is_4050": is_4050(p), "group": row.group.value if row.group else None,
    }  # fmt: skip


def check_rows(
    rows: list[tuple[int, RosterRow]],
    category: Category,
    mode: Mode,
    reference: date,
    ctx: Context,
) -> Result:
    """Every check of a roster; ``rows`` are (row number, row)."""
    people = [_person(line, row, reference) for line, row in rows]
    checks: list[Check] = []
    bad = [p for p in people if not p["valid"]]
    said = f"花名册 {len(people)} 行身份证号全部有效（校验位、出生日期）"
    if bad:
        said = f"花名册 {len(people)} 行中 {len(bad)} 行身份证号有误"
        if len(bad) > LISTED:
            said += f"；逐行列出前 {LISTED} 行，其余见计算结果"
    fix = "按学员身份证原件改正花名册中有误的身份证号"
    checks += docs(ctx, finding=("id_numbers", "身份证号", not bad, said, fix))
    for p in bad[:LISTED]:
        said = f"第{p['row']}行 {p['name']}：{p['problem']}"
        label = f"第{p['row']}行身份证号"
        checks += docs(ctx, finding=("id_number", label, False, said, fix))
    groups = _groups(people)
    checks += _duplicates(people, groups, ctx)
    wrong_sex = [(p, row.sex) for p, (_, row) in zip(people, rows, strict=True)
                 if row.sex and p["sex"] and row.sex != p["sex"]]  # fmt: skip
    for p, given in wrong_sex[:LISTED]:
        said = f"第{p['row']}行 {p['name']}：性别填“{SEX_TEXT[given]}”，"
        said += f"身份证号显示为{SEX_TEXT[p['sex']]}"
        fix = "核对身份证原件，改正性别或身份证号"
        checks += docs(ctx, finding=("sex", f"第{p['row']}行性别", False, said, fix))
    repeats = sum(len(v) - 1 for v in groups.values())
    count = len(people) - repeats
    checks += class_50(category, count, ctx, repeats=repeats)
    listed = [
        Listed(p["row"], p["name"], p["is_4050"], TargetGroup(p["group"]) if p["group"] else None)
        for p in people
    ]
    checks += mode_target(ctx, online=mode is Mode.ONLINE, listed=listed)
    data = {
        "reference_date": reference,
        "rows": len(people),
        "trainees": count,
        "invalid_ids": len(bad),
        "duplicates": [v for v in groups.values() if len(v) > 1],
        "women": sum(p["sex"] == "female" for p in people),
        "men": sum(p["sex"] == "male" for p in people),
        "age_4050": sum(p["is_4050"] for p in people),
        "convention_4050": convention(),
        "people": people,
    }
    failed = [c.message for c in checks if c.status is Status.FAIL]
    said = f"{TITLE}：{overall(checks).text}"
    if failed:
        said += "。" + "；".join(failed[:5]) + (f"等 {len(failed)} 项" if len(failed) > 5 else "")
    return conclude("roster", TITLE, checks, ctx, data=data, summary=said)


def _groups(people: list[dict[str, Any]]) -> dict[str, list[int]]:
    """ID number → the rows it stands on."""
    rows: dict[str, list[int]] = defaultdict(list)
    for p in people:
        rows[p["id_number"]].append(p["row"])
    return rows


def _duplicates(
    people: list[dict[str, Any]], groups: dict[str, list[int]], ctx: Context
) -> list[Check]:
    """One check per repeated ID number (or one passing check)."""
    names = {p["row"]: p["name"] for p in people}
    repeated = [(k, v) for k, v in groups.items() if len(v) > 1]
    if not repeated:
        return docs(
            ctx, finding=("duplicates", "重复学员", True, "花名册中没有重复的身份证号", None)
        )
    checks = []
    for number, lines in repeated[:LISTED]:
        where = "、".join(f"第{i}行" for i in lines)
        who = "、".join(dict.fromkeys(names[i] for i in lines))
        said = f"身份证号 {mask(number)} 重复出现在{where}（{who}）"
        fix = "每名学员只列一行：删除重复的行，或改正录错的身份证号"
        checks += docs(ctx, finding=("duplicates", "重复学员", False, said, fix))
    return checks


def check_roster(inp: RosterInput, ctx: Context) -> Result:
    """CQ16 附件3 学员花名册, 三（二）, 四（一）."""
    rows = list(enumerate(inp.rows, 1))
    return check_rows(rows, inp.category, inp.mode, inp.reference_date or ctx.as_of, ctx)


# ---- files -----------------------------------------------------------------------------

_GROUPS = {g.label: g for g in TargetGroup} | {g.value: g for g in TargetGroup}
_GROUPS |= {
    "4050": TargetGroup.AGE_4050, "建档立卡贫困劳动力": TargetGroup.POOR_LABOUR,
    "贫困人员": TargetGroup.POOR_LABOUR, "建档立卡贫困人员": TargetGroup.POOR_LABOUR,
    "农民工": TargetGroup.RURAL_MIGRANT, "毕业生": TargetGroup.GRADUATE,
    "应届高校毕业生": TargetGroup.GRADUATE, "退役士兵": TargetGroup.VETERAN,
}  # fmt: skip
_SEXES: dict[str, Sex] = {"男": "male", "女": "female", "male": "male", "female": "female"}


def file_rows(
    source: Source,
    *,
    name: str = "",
    max_rows: int | None = None,
    max_bytes: int | None = None,
    progress: Progress | None = None,
) -> tuple[list[tuple[int, RosterRow]], dict[str, Any]]:
    """A roster table's rows (CSV or XLSX) and what was read; unknown 人员类别 → other."""
    required = (("name",), ("id_number",))
    table = read_table(
        source, required, name=name, max_rows=max_rows, max_bytes=max_bytes, progress=progress
    )
    cols = table.columns
    rows: list[tuple[int, RosterRow]] = []
    classes: set[str] = set()
    unknown: dict[str, int] = defaultdict(int)
    for line, cells in table.rows:
        if len(rows) >= MAX_ROWS:
            raise InputError.one("文件", f"花名册超过 {MAX_ROWS:,} 行；请按班级分别检查")
        if "class_name" in cols and cells[cols["class_name"]].strip():
            classes.add(clean(cells[cols["class_name"]]))
        id_number = cells[cols["id_number"]]
        if is_float_cell(id_number):
            raise id_stored_as_number(line, table.header("id_number"))
        fields: dict[str, Any] = {"name": cells[cols["name"]], "id_number": id_number}
        if "group" in cols and (text := clean(cells[cols["group"]])):
            fields["group"] = _GROUPS.get(text, TargetGroup.OTHER)
            if text not in _GROUPS:
                unknown[text] += 1
        if "sex" in cols and (text := clean(cells[cols["sex"]]).lower()):
            if text not in _SEXES:
                raise bad_value(line, table.header("sex"), "应为男或女", cells[cols["sex"]])
            fields["sex"] = _SEXES[text]
        try:
            rows.append((line, RosterRow.model_validate(fields)))
        except ValidationError as exc:
            raise InputError(
                [(f"第{line}行 {w}", m) for w, m in explain(exc, RosterRow).problems]
            ) from exc
    if not rows:
        raise InputError.one("文件", "花名册没有数据行（只有表头）")
    if len(classes) > 1:
        shown = "、".join(sorted(classes)[:5])
        raise InputError.one("班级", f"花名册含多个班级（{shown}）；请按班级分别检查")
    info = table.describe() | {"unrecognised_groups": dict(unknown)}
    return rows, info


def check_file(
    source: Source,
    ctx: Context,
    *,
    category: Category,
    mode: Mode = Mode.OFFLINE,
    reference_date: date | None = None,
    name: str = "",
    max_rows: int | None = None,
    max_bytes: int | None = None,
    progress: Progress | None = None,
) -> Result:
    """:func:`check_rows` over a CSV or XLSX roster."""
    rows, info = file_rows(
        source, name=name, max_rows=max_rows, max_bytes=max_bytes, progress=progress
    )
    return report(check_rows(rows, category, mode, reference_date or ctx.as_of, ctx), info)


def compute_file(
    source: Source, name: str, options: dict[str, Any], ctx: Context, progress: Progress | None
) -> Result:
    try:
        o = RosterOptions.model_validate(options)
    except ValidationError as exc:
        raise explain(exc, RosterOptions) from exc
    return check_file(
        source, ctx, category=o.category, mode=o.mode, reference_date=o.reference_date,
        name=name, max_rows=BROWSER_MAX_ROWS, max_bytes=BROWSER_MAX_BYTES, progress=progress,
    )  # fmt: skip


EXPORT_COLUMNS = ("行号", "姓名", "身份证号", "身份证号有效", "性别", "出生日期", "年龄",
                  "4050人员（通行口径）", "人员类别", "问题")  # fmt: skip


def export(result: Result) -> list[Section]:
    """The download of a roster check: one table, a row per row of the file."""
    return [("", *export_rows(result))]


def export_rows(result: Result) -> tuple[list[str], Iterator[list[Any]]]:
    """The checked roster, one row per row of the file (the download, and ``--format csv``)."""
    rows = (
        [p["row"], p["name"], p["id_number"], "是" if p["valid"] else "否",
         SEX_TEXT.get(p["sex"] or "", ""), p["birth_date"].isoformat() if p["birth_date"] else "",
         p["age"], "是" if p["is_4050"] else "否", p["group"] or "", p["problem"] or ""]
        for p in result.data["people"]
    )  # fmt: skip
    return list(EXPORT_COLUMNS), rows


def view(r: Result, given: dict[str, Any]) -> list[Block]:
    """The summary a page shows above the checks."""
    d = r.data
    if "table" in d:
        return batch_view(d)
    groups = {g.value: g.label for g in TargetGroup}
    dups = d.get("duplicates") or []
    people = [
        [
            p["row"],
            p["name"],
            p["id_number"],
            p["valid"],
            SEX_TEXT.get(p.get("sex") or "", p.get("sex")),
            p.get("birth_date"),
            p.get("age"),
            bool(p.get("is_4050")),
            groups.get(p.get("group") or "", p.get("group")),
            p.get("problem"),
        ]
        for p in d.get("people") or []
    ]
    return [
        *([b] if (b := source_line(d)) else []),
        section(
            "花名册概况",
            table(
                ["行数", "学员（去重）", "身份证号有误", "女", "男", "4050人员"],
                [[d["rows"], d["trainees"], d["invalid_ids"], d["women"], d["men"], d["age_4050"]]],
                "upload-summary",
            ),
            para(
                "性别、年龄由身份证号得出（第17位奇数为男；"
                f"年龄为参照日期 {text(d['reference_date'])} 的周岁）。"
                f"{d['convention_4050']}（通行口径，不是文件的规定）。",
                "calc-note",
            ),
            para(
                "重复的身份证号：" + "；".join("、".join(f"第{i}行" for i in rows) for rows in dups)
            )
            if dups
            else None,
        ),
        listing(
            f"逐行结果（{len(people):,} 行）",
            [
                "行号",
                "姓名",
                "身份证号",
                "有效",
                "性别",
                "出生日期",
                "年龄",
                "4050（通行口径）",
                "人员类别",
                "问题",
            ],
            people,
            "upload-people",
        ),
    ]
