"""Quantitative figures stated in the plan's prose (everything outside Table 1-1).

:func:`extract_facts` turns every figure in the prose (digits, or a Chinese numeral before a counting
unit) into one tidy row: what it
measures (``subject``), its normalised ``value`` and ``unit``, the ``year`` it refers to, whether it is a
result (``history``), a commitment (``target``) or a description (``context``), and the comparison the
wording implies (``op``). The rules are small, pure functions; a short override table covers the few
clauses whose subject no rule recovers.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

# The numeral readers live in plan.numbers (shared with the table reader); CN_DIGITS and CN_FIGURE are
# re-exported here for callers of the prose extractor.
from jzanalysis.plan.config import default_config
from jzanalysis.plan.numbers import CN_AMOUNT, CN_DIGITS, CN_FIGURE, cn_decimal, cn_number, period_years  # noqa: F401
from jzanalysis.plan.table import CAPTION
from jzanalysis.plan.target import RANGE_OPS
from jzanalysis.plan.text import CHAPTER, FIRST_CHAPTER, SECTION, Line, PlanText

#: Column order of the facts table (public interface).
FACT_COLUMNS = ["id", "line", "section", "sentence", "subject", "value", "unit", "value_text", "year",
                "role", "op", "qualifier"]

#: Words of a review section's heading that do not name a period (a national plan's 第一节 发展基础).
REVIEW_WORDS = ("发展回顾", "发展基础", "发展成就", "工作回顾")


@dataclass(frozen=True)
class ProseFrame:
    """The years and section names the prose reader dates figures by: plan.yaml's, never a fixed plan's.

    ``base_year``/``target_year`` and the period's ``first_year``; ``previous_first`` (the previous
    period's first year: its base is the year before); ``review``: words of the review section's
    heading (a heading containing one of them is the review of the previous period: its figures are
    history). Without a plan, the bundled plan's (:func:`bundled_frame`, read from its plan.yaml).
    """

    base_year: int
    target_year: int
    first_year: int
    previous_first: int
    review: tuple[str, ...] = REVIEW_WORDS

    @property
    def history_period(self) -> tuple[str, str]:
        """Base and end year of the review: ``("2015", "2020")``."""
        return str(self.previous_first - 1), str(self.base_year)

    @property
    def plan_period(self) -> tuple[str, str]:
        """Base and end year of the plan: ``("2020", "2025")``."""
        return str(self.base_year), str(self.target_year)

    def is_review(self, section: str) -> bool:
        return any(w in section for w in self.review)


def review_words(previous: str | None) -> tuple[str, ...]:
    """The default review headings: ``“<previous>”发展回顾`` (with and without the quotes) and :data:`REVIEW_WORDS`."""
    return ((f"“{previous}”发展回顾", f"{previous}发展回顾") if previous else ()) + REVIEW_WORDS


@functools.lru_cache(maxsize=1)
def bundled_frame() -> ProseFrame:
    """The bundled plan's frame (its plan.yaml's years and review heading)."""
    return frame_of(default_config())


def frame_of(config) -> ProseFrame:
    """The :class:`ProseFrame` of a plan (:class:`~jzanalysis.plan.config.PlanConfig`): its years, its
    previous period (else the five years before the base) and its review headings (plan.yaml's
    ``review_sections``, else ``“<previous>”发展回顾`` and :data:`REVIEW_WORDS`)."""
    if config is None:
        return bundled_frame()
    prev = config.previous_period
    review = tuple(getattr(config, "review_sections", ()) or ()) or review_words(prev.name if prev else None)
    return ProseFrame(config.base_year, config.target_year, config.period.first_year,
                      prev.first_year if prev is not None else config.base_year - 4, review)


TABLE_FRAGMENTS = frozenset({"实际值", "目标值"})

NUM = r"\d+(?:\.\d+)?"
UNITS = ("个百分点", "平方米", "公里", "个月", "元/月", "元", "人次", "人", "%", "％", "个", "所", "张", "块",
         "场", "项", "次", "周", "户", "家", "座", "处", "名")
FIGURE = re.compile(
    rf"(?<![\d.“])(?P<a>{NUM})(?:(?P<apct>[%％])?(?P<dash>[-—–～~])(?P<b>{NUM}))?(?P<mult>[万亿])?"
    rf"(?P<unit>{'|'.join(re.escape(u) for u in UNITS)})(?!岁)(?P<suffix>以上|以内|以下|左右)?"
)
MULTIPLIERS = {"万": Decimal(10_000), "亿": Decimal(100_000_000), None: Decimal(1)}
SENTENCE_END = re.compile(r"[。；;！？!?]")
CLAUSE_END = re.compile(r"[，,：:]")
MARKER = re.compile(r"(?<!较)(?P<y>(?:19[5-9]|20\d)\d)年(?!底?前|的)(?:底|末)?|“(?P<p>十[一二三四五六七八九]?)五”(?P<w>期间|时期|末|以来)")
#: A year written in Chinese digits (二〇二五年): a year like 2025年, never a figure or the period.
CN_YEAR = re.compile(r"(?<![〇零一二三四五六七八九十])([〇零一二三四五六七八九]{4})(?=年)")
_CN_YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
#: A percentage written out: 百分之四点五 (4.5 %), with 以上/以内/以下/左右 after it.
CN_PERCENT = re.compile(r"百分之(?P<a>[〇零一二两三四五六七八九十百]+(?:点[〇零一二三四五六七八九]+)?)"
                        r"(?P<suffix>以上|以内|以下|左右)?")
EXPLICIT_YEAR = re.compile(r"(?P<y>\d{4})年底?的$")
SINCE = re.compile(r"较(?P<y>\d{4})年")

COMPARATORS = {"以上": ">=", "不低于": ">=", "不少于": ">=", "至少": ">=", "突破": ">", "超过": ">",
               "大于": ">", "以内": "<=", "不超过": "<=", "以下": "<=", "小于": "<", "左右": "~", "约": "~"}
PREFIX_COMPARATORS = ("不低于", "不少于", "不超过", "至少", "突破", "超过", "大于", "小于")
AGGREGATES = ("累计", "年均", "每年", "逐年", "新增", "新建")
FLOW_WORDS = ("累计", "年均", "每年", "新增", "新建", "建成", "建设", "改扩建", "打造", "组织开展", "完成", "改造",
              "培训")
RELATIVE = ("较", "年均", "高出", "增长", "比")
CONTEXT_UNITS = frozenset({"周", "个月"})
LEADING = ("力争", "全市", "全面", "持续", "扎实", "重点", "推进", "规划", "确保", "实现", "保障", "逐步",
           "共有", "新建", "改扩建", "累计", "新增", "建成", "组织开展", "挂牌组建", "基本完成", "完成",
           "现有", "以", "打造", "按照", "不低于", "给予", "和", "、", "达到", "其中", "同时")
TRAILING = ("每年", "均", "达到", "达", "增加到", "增长到", "提高到", "稳定在", "控制在", "保持在", "突破",
            "至少", "不低于", "总体", "人均", "由", "接受", "办好", "设置", "建设", "建成", "新建", "共有",
            "的", "、", "分别", "重点")
LEADING_MARKER = re.compile(r"^(?:力争)?(?:到|截至|至)?(?:\d{4}年(?:底|末)?|“十[一二三四五六七八九]?五”(?:期间|时期|末|以来))")
TRAILING_YEAR = re.compile(r"\d{4}年底?的?$")
NOUN_STOP = ("、", "和", "为", "在", "全部")
NOUN_TAIL = ("建设", "任务", "新建")
NOT_NOUNS = frozenset({"大关"})
#: Units after which a noun names the counted thing (``1所三甲综合医院``, ``4100公里健身步道``).
COUNT_UNITS = frozenset({"县", "个", "所", "项", "场", "次", "公里", "个月", "周", "户", "家", "座", "处", "名", "张", "块"})

#: Subjects (and a few fields) no rule recovers are plan data: ``subject_fixes`` in the plan folder's
#: ``narrative_series.yaml`` (:func:`jzanalysis.plan.series.load_subject_fixes`), keyed by content (a phrase
#: of the sentence, the figure as written, which occurrence of that wording in the sentence), never by line.

#: Limits that keep extraction linear in the length of the text and the output bounded by the input:
#: a subject is read from at most LOOKBACK characters before a figure (and a noun from at most LOOKBACK
#: after it); subjects are cut to SUBJECT_MAX characters; a sentence longer than SENTENCE_MAX is stored,
#: in each of its rows, as the excerpt of EXCERPT characters around the figure. The plan's longest
#: sentence has 136 characters, its longest clause 57, its longest subject 24.
LOOKBACK = 200
SUBJECT_MAX = 100
SENTENCE_MAX = 300
EXCERPT = 80

@dataclass(frozen=True)
class Figure:
    """One number with its unit as written: position in the sentence, value and wording."""

    start: int
    end: int
    value: float
    unit: str
    text: str
    suffix: str
    bound: str  # "", "lower" or "upper" (the two ends of a range such as 5%-10%)


def is_prose(line: Line) -> bool:
    """True for a line of running text: not blank and not a chapter or section heading."""
    text = line.text.strip()
    if not text:
        return False
    return not (len(text) < 40 and (CHAPTER.match(text) or SECTION.match(text)))


def prose_lines(plan: PlanText) -> list[Line]:
    """The plan's prose lines, in order, without headings and without tables.

    Notes
    -----
    A table is its caption line (``表1-1 ...``, ``表2-1 ...``, ``专栏1 ...``, see
    :data:`jzanalysis.plan.table.CAPTION`), every line that starts with a tab (a cell), and every line right
    after a cell without a blank line between (a wrapped cell such as ``实际值``/``目标值``).
    """
    out: list[Line] = []
    in_table = False
    previous = None
    for line in plan.lines:
        before, previous = previous, line
        if len(line.text) < 60 and CAPTION.match(line.text.strip()):
            in_table = True
            continue
        if line.raw.startswith("\t"):
            in_table = True
            continue
        if in_table and (not line.raw.strip() or line.text.strip() in TABLE_FRAGMENTS):
            continue
        if in_table and _after_cell(before, line):
            continue
        in_table = False
        if is_prose(line):
            out.append(line)
    return out


def _after_cell(before: Line | None, line: Line) -> bool:
    """True when ``before``, the line right before ``line``, is a table cell (``line`` is a wrapped cell)."""
    return before is not None and before.no == line.no - 1 and before.raw.startswith("\t")


def split_sentences(text: str) -> list[str]:
    """Split a paragraph on ``。；;！？!?``; return the stripped, non-empty sentences."""
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


def normalise(number: str, mult: str | None, unit: str) -> tuple[float, str]:
    """Value and unit of a written figure.

    Notes
    -----
    ``value = number * m`` with m = 10 000 for 万 and 100 000 000 for 亿, computed in decimal so
    ``27.35万人`` gives exactly 273500 (unit 人) and ``989.3亿元`` exactly 98930000000 (unit 元).
    The full-width ％ becomes %. Percentages stay in percent.
    """
    return float(Decimal(number) * MULTIPLIERS[mult]), "%" if unit == "％" else unit


def find_figures(sentence: str) -> list[Figure]:
    """Every figure in a sentence, in order; a range ``a-b`` gives two figures (lower, upper bound).

    Notes
    -----
    A figure is a number in digits followed by a unit from :data:`UNITS`, optionally with 万/亿 and a
    trailing 以上/以内/以下/左右. Numbers followed by 年, 岁, 号, 级 or without a unit (years, ages,
    names such as ``4号基地``, ``“12348”``, ``1-4级``) are not figures.
    """
    out = []
    for m in FIGURE.finditer(sentence):
        text, suffix = m.group(0), m.group("suffix") or ""
        numbers = [(m.group("a"), "lower"), (m.group("b"), "upper")] if m.group("b") else [(m.group("a"), "")]
        for number, bound in numbers:
            value, unit = normalise(number, m.group("mult"), m.group("unit"))
            out.append(Figure(m.start(), m.end(), value, unit, text, suffix, bound))
    if "百分之" in sentence:
        for m in CN_PERCENT.finditer(sentence):
            value = cn_decimal(m.group("a"))
            if value is not None:
                out.append(Figure(m.start(), m.end(), value, "%", m.group(0), m.group("suffix") or "", ""))
        out.sort(key=lambda f: (f.start, f.bound != "lower"))
    if any(ch in sentence for ch in "一二两三四五六七八九十"):
        taken = {f.start for f in out}
        for m in list(CN_AMOUNT.finditer(sentence)) + list(CN_FIGURE.finditer(sentence)):
            value = cn_number(m.group("a"))
            if value is None or any(m.start() <= t < m.end() or f.start <= m.start() < f.end
                                    for t in taken for f in out if f.start == t):
                continue
            suffix = next((w for w in ("以上", "以内", "以下", "左右") if sentence.startswith(w, m.end())), "")
            out.append(Figure(m.start(), m.end() + len(suffix), float(value), m.group("unit"),
                              m.group(0) + suffix, suffix, ""))
            taken.add(m.start())
        out.sort(key=lambda f: (f.start, f.bound != "lower"))
    return out


def _strip_words(text: str, words: tuple[str, ...], leading: bool) -> str:
    """Repeatedly remove any of ``words`` from the start (``leading``) or the end of ``text``."""
    changed = True
    while changed and text:
        changed = False
        for w in sorted(words, key=len, reverse=True):
            if leading and text.startswith(w):
                text, changed = text[len(w):], True
            elif not leading and text.endswith(w) and not text[:-len(w)].endswith("各"):
                text, changed = text[:-len(w)], True
    return text


def clean_subject(pre: str) -> str:
    """The measured thing named before a number, without connectives, time markers and verbs.

    Notes
    -----
    Removes, repeatedly, leading time markers (``力争到2025年``, ``“十四五”期间``, ``到“十四五”末``) and
    connectives/verbs (:data:`LEADING`: 全市, 新建, 累计, ...), and trailing verbs (:data:`TRAILING`:
    达到, 增加到, 由, 控制在, ...) and trailing ``2015年的``. A verb right after 各 is kept
    (``榆社、和顺各建成``). An enumeration ending in 等 is dropped (the noun after the number names
    the thing).
    """
    text = pre.strip(" ，,")
    previous = None
    while text != previous:
        previous = text
        text = LEADING_MARKER.sub("", text)
        text = _strip_words(text, LEADING, leading=True)
        text = TRAILING_YEAR.sub("", text)
        text = _strip_words(text, TRAILING, leading=False)
    return "" if text.endswith("等") else text


def post_noun(post: str) -> tuple[str, int]:
    """The noun right after a figure (``1所三甲综合医院``) and how many characters it spans.

    Notes
    -----
    Skips a leading 的; stops at 、 和 为 在 全部 outside full-width parentheses; drops a trailing
    建设/任务/新建. Nouns shorter than two characters and :data:`NOT_NOUNS` (``大关``) do not count.
    """
    skip = 1 if post.startswith("的") else 0
    depth, end = 0, len(post)
    for i in range(skip, len(post)):
        ch = post[i]
        depth += (ch == "（") - (ch == "）")
        if depth == 0 and any(post.startswith(w, i) for w in NOUN_STOP):
            end = i
            break
    noun = post[skip:end]
    for tail in NOUN_TAIL:
        noun = noun.removesuffix(tail)
    if len(noun) < 2 or noun in NOT_NOUNS:
        return "", 0
    return noun, end


def split_parallel(head: str) -> list[str]:
    """The subjects of a ``A和B分别…`` / ``A、B…分别`` clause.

    Notes
    -----
    Splits on 和, else on 、. A short leading part (one or two characters) borrows the tail of the last
    part beyond the same length: ``失业、工伤社会保险参保人数`` -> ``失业社会保险参保人数``,
    ``工伤社会保险参保人数``.
    """
    parts = [p for p in (head.split("和") if "和" in head else head.split("、")) if p]
    if len(parts) < 2:
        return [head]
    last = parts[-1]
    return [p + last[len(p):] if len(p) <= 2 < len(last) - len(p) else p for p in parts[:-1]] + [last]


def qualifier_of(pre: str, fig: Figure) -> str:
    """The qualifier word: a trailing comparator, else a leading one, else an aggregate, else ``""``.

    Notes
    -----
    Ranges get ``区间下限``/``区间上限``. Priority: 以上/以内/以下/左右 after the number; then 约 right
    before it; then 不低于, 不少于, 不超过, 至少, 突破, 超过, 大于, 小于 before it; then 累计, 年均, 每年,
    逐年, 新增, 新建.
    """
    if fig.bound:
        return "区间下限" if fig.bound == "lower" else "区间上限"
    if fig.suffix:
        return fig.suffix
    if pre.endswith(("约", "大约")):
        return "约"
    for word in PREFIX_COMPARATORS + AGGREGATES:
        if word in pre:
            return word
    return ""


def op_of(qualifier: str) -> str:
    """``>=`` 以上/不低于/不少于/至少/区间下限, ``>`` 突破/超过/大于, ``<=`` 以内/不超过/以下/区间上限,
    ``<`` 小于, ``~`` 左右/约 (right before the number), ``=`` otherwise.

    The two ends of a range are a floor and a ceiling (:data:`jzanalysis.plan.target.RANGE_OPS`); the ops
    are those of :class:`jzanalysis.plan.target.Target`, which reads a figure's ``op``
    (:meth:`~jzanalysis.plan.target.Target.of_fact`)."""
    return RANGE_OPS.get(qualifier, COMPARATORS.get(qualifier, "="))


def markers(sentence: str) -> list[tuple[int, str]]:
    """Time markers of a sentence as (position, year): ``到2022年`` -> 2022, ``“十四五”期间`` -> 2021-2025,
    ``到“十四五”末`` -> 2025, ``“十三五”以来`` -> 2016-2020, ``“十五五”期间`` -> 2026-2030 (any period,
    dated by :func:`jzanalysis.plan.numbers.period_years`). Years followed by 的 (a value's own year) or
    前, and years after 较, are not markers."""
    out = []
    for m in MARKER.finditer(sentence):
        if m.group("y"):
            out.append((m.start(), m.group("y")))
        else:
            first, last = period_years(cn_number(m.group("p")))
            out.append((m.start(), str(last) if m.group("w") == "末" else f"{first}-{last}"))
    return out


@dataclass
class _Clause:
    """Running state inside one sentence: the series base/end years and the last subject."""

    base: str
    end: str
    subject: str = ""
    parallel: tuple[list[str], int, int] | None = None  # (subjects, next index, clause start)


def _year(pre: str, clause_pre: str, sentence_markers: list, pos: int, review: bool, flow: bool,
          state: _Clause, frame: ProseFrame | None = None) -> str:
    """The year a figure refers to.

    Notes
    -----
    In order: an explicit ``2015年的`` just before the number; ``较2015年`` -> ``2016-<end>``; inside
    ``由 A … 到 B``: A -> base year, B -> end year (both remembered for the sentence); ``年均`` ->
    ``<base+1>-<end>``. Then, in the review of the previous period (``frame``: plan.yaml's years): flows
    (累计, 新增, 每年, 建成, ...) -> the previous period (``2016-2020``), levels -> the base year
    (``2020``). Elsewhere: the last time marker before the figure in the sentence; else flows -> the
    plan's period (``2021-2025``), levels -> the target year (``2025``).
    """
    frame = frame or bundled_frame()
    explicit = EXPLICIT_YEAR.search(pre)
    inside_from = "由" in clause_pre and "到" not in clause_pre[clause_pre.rindex("由"):]
    if explicit:
        year = explicit.group("y")
    elif (since := SINCE.search(pre)) is not None:
        return f"{int(since.group('y')) + 1}-{state.end}"
    elif inside_from:
        year = state.base
    elif "由" in clause_pre:
        year = state.end
    elif "年均" in pre:
        return f"{int(state.base) + 1}-{state.end}"
    elif review:
        return f"{frame.previous_first}-{frame.base_year}" if flow else str(frame.base_year)
    else:
        before = [y for p, y in sentence_markers if p < pos]
        return before[-1] if before else (f"{frame.first_year}-{frame.target_year}" if flow
                                          else str(frame.target_year))
    if "由" in clause_pre:
        if inside_from:
            state.base = year
        else:
            state.end = year
    return year


def _subject(pre: str, post: str, unit: str, clause_start: int, state: _Clause) -> tuple[str, int]:
    """Subject of a figure and the number of characters of ``post`` it uses (the noun after the number)."""
    noun, used = post_noun(post) if unit in COUNT_UNITS or post.startswith("覆盖") else ("", 0)
    if "分别" in pre:
        names = split_parallel(clean_subject(pre[:pre.index("分别")]))
        state.parallel = (names, 1, clause_start)
        return names[0], used
    subject = clean_subject(pre)
    if state.parallel and state.parallel[2] == clause_start and not subject:
        names, i, start = state.parallel
        state.parallel = (names, i + 1, start)
        return names[i % len(names)], used
    if subject.startswith(RELATIVE) and state.subject:
        return state.subject + subject, used
    if noun == "覆盖":
        return subject + "覆盖率", used
    if noun:
        return subject + noun, used
    return subject or state.subject, used


def _role(section: str, year: str, unit: str, clause: str, post: str, frame: ProseFrame | None = None) -> str:
    """``context`` for durations/weeks, ``现有`` counts and ``…为重点`` lists; ``history`` in the review
    section or for a year up to the base year (2020); ``context`` elsewhere in the first chapter (一、,
    第一章); ``target`` otherwise."""
    frame = frame or bundled_frame()
    if unit in CONTEXT_UNITS or "现有" in clause or "为重点" in post:
        return "context"
    if frame.is_review(section) or (year and int(year[-4:]) <= frame.base_year):
        return "history"
    if section.startswith(FIRST_CHAPTER):
        return "context"
    return "target"


def _cap(text: str, limit: int = SUBJECT_MAX) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _excerpt(sentence: str, start: int, end: int, limit: int = EXCERPT) -> str:
    """The sentence, or for a sentence over :data:`SENTENCE_MAX` characters the window of ``limit``
    characters around ``start..end`` with ``…`` where it was cut."""
    if len(sentence) <= SENTENCE_MAX:
        return sentence
    half = max((limit - (end - start)) // 2, 0)
    a = max(0, min(start - half, len(sentence) - limit))
    b = min(len(sentence), a + limit)
    return ("…" if a > 0 else "") + sentence[a:b] + ("…" if b < len(sentence) else "")


def sentence_facts(sentence: str, section: str, review: bool, frame: ProseFrame | None = None) -> list[dict]:
    """The fact rows of one sentence (without ``id``/``line``), in order of appearance.

    Notes
    -----
    Linear in the length of the sentence: clause marks and time markers are located once (binary search
    per figure), and the text examined around each figure is at most :data:`LOOKBACK` characters. A year
    in Chinese digits (二〇二五年) is read as the year it writes (2025年); the stored sentence is the
    plan's own.
    """
    frame = frame or bundled_frame()
    written = sentence
    if "年" in sentence:  # 二〇二五年 -> 2025年: four characters for four, every position stays
        sentence = CN_YEAR.sub(lambda m: m.group(1).translate(_CN_YEAR_DIGITS), sentence)
    figs = find_figures(sentence)
    if not figs:
        return []
    sentence_markers = markers(sentence)
    marker_pos = [p for p, _ in sentence_markers]
    marks = [m.start() for m in CLAUSE_END.finditer(sentence)]
    state = _Clause(*(frame.history_period if review else frame.plan_period))
    rows, prev_end = [], 0
    for i, fig in enumerate(figs):
        if i and figs[i - 1].start == fig.start:  # upper bound of a range: same wording, same subject
            rows.append(dict(rows[-1], value=fig.value, qualifier=qualifier_of("", fig),
                             op=op_of(qualifier_of("", fig))))
            continue
        k = bisect.bisect_left(marks, fig.start)
        clause_start = marks[k - 1] + 1 if k else 0
        j = bisect.bisect_left(marks, fig.end)
        clause_end = marks[j] if j < len(marks) else len(sentence)
        nxt = next((figs[n].start for n in range(i + 1, min(i + 3, len(figs))) if figs[n].start > fig.start),
                   clause_end)
        post = sentence[fig.end:min(clause_end, nxt, fig.end + LOOKBACK)]
        window = max(clause_start, fig.start - LOOKBACK)
        start = max(window, prev_end)
        pre = sentence[start:fig.start]
        clause_pre = sentence[window:fig.start]
        subject, used = _subject(pre, post, fig.unit, clause_start, state)
        subject = _cap(subject)
        prev_end = fig.end + used
        flow = any(w in clause_pre or w in post[:used] for w in FLOW_WORDS)
        m = bisect.bisect_left(marker_pos, fig.start)
        before = [sentence_markers[m - 1]] if m else []
        year = _year(pre, clause_pre, before, fig.start, review, flow, state, frame)
        role = _role(section, year, fig.unit, clause_pre, post, frame)
        qualifier = qualifier_of(pre, fig)
        state.subject = subject
        rows.append({"section": section, "sentence": _excerpt(written, fig.start, fig.end),
                     "subject": subject, "value": fig.value,
                     "unit": fig.unit, "value_text": fig.text, "year": "" if role == "context" else year,
                     "role": role, "op": op_of(qualifier), "qualifier": qualifier})
    return rows


def apply_overrides(sentence: str, rows: list[dict], overrides: dict) -> None:
    """Apply the plan's subject fixes to the rows of one sentence (in place).

    An override ``(phrase, value_text, n)`` applies to the n-th row whose ``value_text`` is ``value_text``
    in a sentence that contains ``phrase``.
    """
    for (phrase, text, n), fields in overrides.items():
        if phrase not in sentence:
            continue
        hits = [r for r in rows if r["value_text"] == text]
        if len(hits) >= n:
            hits[n - 1].update(fields)


def sentence_key(section: str, sentence: str) -> str:
    """SHA-256 (hex) of ``section`` + U+001F + the sentence without whitespace: the content a fact id is
    anchored on."""
    return hashlib.sha256(f"{section}\x1f{''.join(sentence.split())}".encode()).hexdigest()


def fact_id(key: str, k: int) -> str:
    """Content-anchored id of the k-th figure (1-based) of a sentence: ``nf_`` + 10 hex digits.

    Notes
    -----
    ``nf_`` + the first 10 hex digits of SHA-256(``key`` + U+001F + ``k``), with ``key`` =
    :func:`sentence_key` (section heading and sentence). It does not depend on line numbers, blank lines
    or bookmarks; it changes only when the sentence, its heading or the figure's position in the sentence
    changes. :func:`extract_facts` gives a sentence repeated word for word under the same heading the
    suffixes ``_2``, ``_3`` … on its later copies, so ids stay unique.
    """
    return "nf_" + hashlib.sha256(f"{key}\x1f{k}".encode("ascii")).hexdigest()[:10]


def extract_facts(plan: PlanText, overrides: dict | None = None, frame: ProseFrame | None = None) -> pd.DataFrame:
    """Every quantitative figure in the plan's prose, one row per figure.

    Parameters
    ----------
    plan : PlanText
        The plan as read by :func:`jzanalysis.plan.text.read_plan`.
    overrides : dict, optional
        The plan's subject fixes (:func:`jzanalysis.plan.series.load_subject_fixes`); default: the bundled
        plan's; ``{}``: none.
    frame : ProseFrame, optional
        The plan's years and review headings (:func:`frame_of` its config); default: the bundled plan's.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FACT_COLUMNS`: ``id`` (content-anchored, :func:`fact_id`: ``nf_`` + 10 hex
        digits, ``_2``/``_3`` on later copies of a repeated sentence), ``line`` (int, informational), ``section``, ``sentence``, ``subject``, ``value`` (float64), ``unit``,
        ``value_text``, ``year`` (``2020``, ``2025``, ``2016-2020``, ``2021-2025`` ... or empty),
        ``role`` (history/target/context), ``op`` (``>=``, ``>``, ``<=``, ``~``, ``=``), ``qualifier``.
        Text columns hold ``""`` (never NaN) when empty.

    Notes
    -----
    * Prose is every line except headings and Table 1-1 (see :func:`prose_lines`); sentences split on
      ``。；;！？!?``, clauses on ``，：``.
    * Figures (:func:`find_figures`): digits + unit; ``value = number * 10^4`` for 万, ``* 10^8`` for 亿.
      Years, ages (岁), ``4号``, ``1-4级``, ``“12348”`` are not figures. Chinese numerals count before
      所/人/个/项/县 (:data:`CN_FIGURE`: ``一所``, ``三县``), not after 第/每/“; written-out amounts
      with 百/千/万/亿 count before a unit (:data:`jzanalysis.plan.numbers.CN_AMOUNT`: ``五千个``,
      ``四万五千元``).
    * A range ``5%-10%`` gives two rows with the same ``value_text``: the lower bound (op ``>=``,
      qualifier ``区间下限``) and the upper bound (op ``<=``, qualifier ``区间上限``).
    * Subject (:func:`clean_subject`): the clause text before the number without connectives, time
      markers and verbs; plus the noun after the number for counts (``1所三甲综合医院``); the previous
      subject for a bare second value (``由A增加到B``); ``previous + 年均增长/较2015年增长/高出…`` for a
      change; ``A和B分别…`` pairs values with A, B in turn. The plan's subject fixes (keyed by content,
      not by line) fix the rest.
    * Linear time; at most :data:`LOOKBACK` characters around a figure are read; subjects are cut at
      :data:`SUBJECT_MAX` and sentences over :data:`SENTENCE_MAX` stored as :data:`EXCERPT`-character
      excerpts, so the output is bounded by the input (one row per figure).
    * Year and role: see :func:`_year` and :func:`_role`. ``op`` follows the qualifier for every role
      (``4.5%以内`` in the review is a ``<=`` history fact); it is ``=`` when there is none.
    """
    if overrides is None:
        from jzanalysis.plan.series import load_subject_fixes

        overrides = load_subject_fixes()
    frame = frame or bundled_frame()
    rows = []
    seen: dict[str, int] = {}
    for line in prose_lines(plan):
        section = plan.heading_at(line.no)
        review = frame.is_review(section)
        for sentence in split_sentences(line.text):
            sentence_rows = sentence_facts(sentence, section, review, frame)
            if not sentence_rows:
                continue
            apply_overrides(sentence, sentence_rows, overrides)
            key = sentence_key(section, sentence)
            for k, row in enumerate(sentence_rows, start=1):
                ident = fact_id(key, k)
                seen[ident] = seen.get(ident, 0) + 1
                if seen[ident] > 1:
                    ident = f"{ident}_{seen[ident]}"
                rows.append({"id": ident, "line": line.no, **row})
    frame = pd.DataFrame(rows, columns=FACT_COLUMNS)
    frame["line"] = frame["line"].astype("int64")
    frame["value"] = frame["value"].astype("float64")
    for col in FACT_COLUMNS:
        if col not in ("line", "value"):
            frame[col] = frame[col].fillna("").astype(str)
    return frame
