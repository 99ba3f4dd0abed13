"""Chinese search. Material segments the pages with jieba at build time: our words are
taught to jieba, the regulations weigh more than the reference pages, and Material's
search worker is fixed to try whole words."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.plugins.macros.site")

# These words of the two documents must stay whole, or a query for them finds only their fragments.
SEARCH_WORDS = (
    "到课率", "达标率", "总课时", "实训操作", "理论学习", "补贴标准", "培训天数", "开班申请",
    "开班人数", "线上培训", "线下培训", "职业技能培训", "岗前培训", "就业适应性培训", "创业培训",
    "转岗转业培训", "岗位技能提升培训", "特色职业目录", "专项职业能力", "职业分类大典",
    "人脸识别", "签到册", "花名册", "学时记录", "培训机构", "培训平台", "推荐目录", "抽查",
    "分段录像", "现场照片", "直播间", "资料清单", "审核留存", "查验返还", "身份凭证",
    "学分管理", "考勤制度", "人离线断", "教学方案", "印发之日",
)  # fmt: skip
SEARCH_BOOST = {"regulations/": 50.0, "developers/": 0.2}  # the texts first, reference pages last

# Material's search worker splits a Chinese query into the index's words, but its loop stops
# one character short (``j < query.length``), so a whole word such as 到课率 is never tried:
# the query degrades to 到* 课* and finds almost anything. Fixed in the built copy.
_SEGMENT_LOOP = re.compile(r"for\(let (\w)=(\w)\+1;\1<(\w)\.length;\1\+\+\)\3\.slice\(\2,\1\)in ")


def add_search_words() -> None:
    """Teach jieba (shared with Material's search plugin, which runs later) our words."""
    try:
        import jieba  # type: ignore[import-untyped]
    except ImportError:  # without jieba Material indexes unsegmented text
        return
    jieba.setLogLevel(logging.WARNING)  # not its "Building prefix dict…" on every build
    for word in SEARCH_WORDS:
        jieba.add_word(word, freq=100_000)


def boost(page: Any, src: str) -> None:
    """Set the search boost of page ``src`` (unless its front matter sets one)."""
    for prefix, value in SEARCH_BOOST.items():
        if src.startswith(prefix):
            page.meta.setdefault("search", {}).setdefault("boost", value)


def fix_search_worker(site_dir: Path) -> None:
    """Let the built search worker try a query's whole words (see ``_SEGMENT_LOOP``)."""
    workers = sorted(site_dir.glob("assets/javascripts/workers/search.*.min.js"))
    for worker in workers:
        text = worker.read_text("utf-8")
        fixed, count = _SEGMENT_LOOP.subn(
            lambda m: m.group(0).replace(
                f"{m.group(1)}<{m.group(3)}", f"{m.group(1)}<={m.group(3)}"
            ),
            text,
        )
        if count == 1:
            worker.write_text(fixed, "utf-8")
        else:  # Material changed: check Chinese search (tests/browser) and this fix
            log.warning("search worker %s: query segmentation loop not found", worker.name)
    if not workers:
        log.warning("no Material search worker in %s", site_dir)
