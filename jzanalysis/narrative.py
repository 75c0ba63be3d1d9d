"""Quantitative figures stated in the plan's prose (everything outside Table 1-1).

:func:`extract_facts` turns every figure written in digits in the prose into one tidy row: what it
measures (``subject``), its normalised ``value`` and ``unit``, the ``year`` it refers to, whether it is a
result (``history``), a commitment (``target``) or a description (``context``), and the comparison the
wording implies (``op``). The rules are small, pure functions; a short override table covers the few
clauses whose subject no rule recovers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from .plantext import CHAPTER, SECTION, TABLE_CAPTION, Line, PlanText

#: Column order of the facts table (public interface).
FACT_COLUMNS = ["id", "line", "section", "sentence", "subject", "value", "unit", "value_text", "year",
                "role", "op", "qualifier"]

REVIEW_SECTION = "“十三五”发展回顾"
HISTORY_PERIOD = ("2015", "2020")          # base and end year of the 13th plan review
PLAN_PERIOD = ("2020", "2025")             # base and end year of the 14th plan
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
MARKER = re.compile(r"(?<!较)(?P<y>20[1-3]\d)年(?!底?前|的)(?:底|末)?|“十(?P<p>[三四])五”(?P<w>期间|时期|末|以来)")
EXPLICIT_YEAR = re.compile(r"(?P<y>\d{4})年底?的$")
SINCE = re.compile(r"较(?P<y>\d{4})年")

COMPARATORS = {"以上": ">=", "不低于": ">=", "不少于": ">=", "至少": ">=", "突破": ">", "超过": ">",
               "以内": "<=", "不超过": "<=", "以下": "<=", "左右": "~"}
PREFIX_COMPARATORS = ("不低于", "不少于", "不超过", "至少", "突破", "超过")
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
LEADING_MARKER = re.compile(r"^(?:力争)?(?:到|截至|至)?(?:\d{4}年(?:底|末)?|“十[三四]五”(?:期间|时期|末|以来))")
TRAILING_YEAR = re.compile(r"\d{4}年底?的?$")
NOUN_STOP = ("、", "和", "为", "在", "全部")
NOUN_TAIL = ("建设", "任务")
NOT_NOUNS = frozenset({"大关"})
#: Units after which a noun names the counted thing (``1所三甲综合医院``, ``4100公里健身步道``).
COUNT_UNITS = frozenset({"个", "所", "项", "场", "次", "公里", "个月", "周", "户", "家", "座", "处", "名", "张", "块"})

#: Subjects (and a few fields) no rule recovers, keyed by (line, k). Kept deliberately small.
OVERRIDES: dict[tuple[int, int], dict[str, str]] = {
    (5, 1): {"subject": "职业技能培训"},
    (5, 2): {"subject": "城镇新增就业"},
    (6, 3): {"subject": "通过义务教育均衡发展国家评估认定的县（区、市）"},
    # The text says 每千人口, but 6819..9172 人 in a city of 3.4 million are head counts.
    (7, 1): {"subject": "执业（助理）医师"},
    (7, 3): {"subject": "执业（助理）医师"},
    (264, 1): {"subject": "产前检查时限（孕周）"},
    (264, 2): {"subject": "怀孕妇女孕28周前产前检查"},
    (306, 6): {"subject": "接入远程医疗平台的县域医疗集团"},
    (338, 1): {"subject": "特殊困难群众救助水平提高比例（占当地低保标准）", "year": ""},
    (338, 2): {"subject": "特殊困难群众救助水平提高比例（占当地低保标准）", "year": ""},
    (366, 2): {"subject": "“健康中国·晋中行动”专项行动"},
}


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
    """The plan's prose lines, in order, without headings and without Table 1-1.

    Notes
    -----
    The table runs from its caption (``表1-1 ...``) through every following line that starts with a tab,
    is blank, or is a wrapped header fragment (``实际值``/``目标值``).
    """
    out: list[Line] = []
    in_table = False
    for line in plan.lines:
        if TABLE_CAPTION.match(line.text):
            in_table = True
            continue
        if in_table and (line.raw.startswith("\t") or not line.raw.strip()
                         or line.text.strip() in TABLE_FRAGMENTS):
            continue
        in_table = False
        if is_prose(line):
            out.append(line)
    return out


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
    建设/任务. Nouns shorter than two characters and :data:`NOT_NOUNS` (``大关``) do not count.
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
    Ranges get ``区间下限``/``区间上限``. Priority: 以上/以内/以下/左右 after the number; then 不低于,
    不少于, 不超过, 至少, 突破, 超过 before it; then 累计, 年均, 每年, 逐年, 新增, 新建.
    """
    if fig.bound:
        return "区间下限" if fig.bound == "lower" else "区间上限"
    if fig.suffix:
        return fig.suffix
    for word in PREFIX_COMPARATORS + AGGREGATES:
        if word in pre:
            return word
    return ""


def op_of(qualifier: str) -> str:
    """``>=`` 以上/不低于/不少于/至少/区间下限, ``>`` 突破/超过, ``<=`` 以内/不超过/以下/区间上限,
    ``~`` 左右, ``=`` otherwise."""
    return {"区间下限": ">=", "区间上限": "<="}.get(qualifier, COMPARATORS.get(qualifier, "="))


def markers(sentence: str) -> list[tuple[int, str]]:
    """Time markers of a sentence as (position, year): ``到2022年`` -> 2022, ``“十四五”期间`` -> 2021-2025,
    ``到“十四五”末`` -> 2025, ``“十三五”以来`` -> 2016-2020. Years followed by 的 (a value's own year) or
    前, and years after 较, are not markers."""
    out = []
    for m in MARKER.finditer(sentence):
        if m.group("y"):
            out.append((m.start(), m.group("y")))
        else:
            end = "2025" if m.group("p") == "四" else "2020"
            start = str(int(end) - 4)
            out.append((m.start(), end if m.group("w") == "末" else f"{start}-{end}"))
    return out


@dataclass
class _Clause:
    """Running state inside one sentence: the series base/end years and the last subject."""

    base: str
    end: str
    subject: str = ""
    parallel: tuple[list[str], int, int] | None = None  # (subjects, next index, clause start)


def _year(pre: str, clause_pre: str, sentence_markers: list, pos: int, review: bool, flow: bool,
          state: _Clause) -> str:
    """The year a figure refers to.

    Notes
    -----
    In order: an explicit ``2015年的`` just before the number; ``较2015年`` -> ``2016-<end>``; inside
    ``由 A … 到 B``: A -> base year, B -> end year (both remembered for the sentence); ``年均`` ->
    ``<base+1>-<end>``. Then, in the 13th-plan review: flows (累计, 新增, 每年, 建成, ...) ->
    ``2016-2020``, levels -> ``2020``. Elsewhere: the last time marker before the figure in the sentence;
    else flows -> ``2021-2025``, levels -> ``2025``.
    """
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
        return "2016-2020" if flow else "2020"
    else:
        before = [y for p, y in sentence_markers if p < pos]
        return before[-1] if before else ("2021-2025" if flow else "2025")
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


def _role(section: str, year: str, unit: str, clause: str, post: str) -> str:
    """``context`` for durations/weeks, ``现有`` counts and ``…为重点`` lists; ``history`` in the review
    section or for a year up to 2020; ``context`` elsewhere in chapter 一; ``target`` otherwise."""
    if unit in CONTEXT_UNITS or "现有" in clause or "为重点" in post:
        return "context"
    if REVIEW_SECTION in section or (year and int(year[-4:]) <= 2020):
        return "history"
    if section.startswith("一、"):
        return "context"
    return "target"


def sentence_facts(sentence: str, section: str, review: bool) -> list[dict]:
    """The fact rows of one sentence (without ``id``/``line``), in order of appearance."""
    figs = find_figures(sentence)
    sentence_markers = markers(sentence)
    state = _Clause(*(HISTORY_PERIOD if review else PLAN_PERIOD))
    rows, prev_end = [], 0
    for i, fig in enumerate(figs):
        if i and figs[i - 1].start == fig.start:  # upper bound of a range: same wording, same subject
            rows.append(dict(rows[-1], value=fig.value, qualifier=qualifier_of("", fig),
                             op=op_of(qualifier_of("", fig))))
            continue
        clause_start = max((m.end() for m in CLAUSE_END.finditer(sentence, 0, fig.start)), default=0)
        clause_end_m = CLAUSE_END.search(sentence, fig.end)
        clause_end = clause_end_m.start() if clause_end_m else len(sentence)
        nxt = next((f.start for f in figs[i + 1:] if f.start > fig.start), clause_end)
        post = sentence[fig.end:min(clause_end, nxt)]
        start = max(clause_start, prev_end)
        pre = sentence[start:fig.start]
        clause_pre = sentence[clause_start:fig.start]
        subject, used = _subject(pre, post, fig.unit, clause_start, state)
        prev_end = fig.end + used
        flow = any(w in clause_pre or w in post[:used] for w in FLOW_WORDS)
        year = _year(pre, clause_pre, sentence_markers, fig.start, review, flow, state)
        role = _role(section, year, fig.unit, clause_pre, post)
        qualifier = qualifier_of(pre, fig)
        state.subject = subject
        rows.append({"section": section, "sentence": sentence, "subject": subject, "value": fig.value,
                     "unit": fig.unit, "value_text": fig.text, "year": "" if role == "context" else year,
                     "role": role, "op": op_of(qualifier), "qualifier": qualifier})
    return rows


def extract_facts(plan: PlanText) -> pd.DataFrame:
    """Every quantitative figure in the plan's prose, one row per figure.

    Parameters
    ----------
    plan : PlanText
        The plan as read by :func:`jzanalysis.plantext.read_plan`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FACT_COLUMNS`: ``id`` (``nf_<line:03d>_<k:02d>``, k = order of the figure in its
        line), ``line`` (int), ``section``, ``sentence``, ``subject``, ``value`` (float64), ``unit``,
        ``value_text``, ``year`` (``2020``, ``2025``, ``2016-2020``, ``2021-2025`` ... or empty),
        ``role`` (history/target/context), ``op`` (``>=``, ``>``, ``<=``, ``~``, ``=``), ``qualifier``.
        Text columns hold ``""`` (never NaN) when empty.

    Notes
    -----
    * Prose is every line except headings and Table 1-1 (see :func:`prose_lines`); sentences split on
      ``。；;！？!?``, clauses on ``，：``.
    * Figures (:func:`find_figures`): digits + unit; ``value = number * 10^4`` for 万, ``* 10^8`` for 亿.
      Years, ages (岁), ``4号``, ``1-4级``, ``“12348”`` and numbers in Chinese words are not figures.
    * A range ``5%-10%`` gives two rows with the same ``value_text``: the lower bound (op ``>=``,
      qualifier ``区间下限``) and the upper bound (op ``<=``, qualifier ``区间上限``).
    * Subject (:func:`clean_subject`): the clause text before the number without connectives, time
      markers and verbs; plus the noun after the number for counts (``1所三甲综合医院``); the previous
      subject for a bare second value (``由A增加到B``); ``previous + 年均增长/较2015年增长/高出…`` for a
      change; ``A和B分别…`` pairs values with A, B in turn. :data:`OVERRIDES` fixes the rest.
    * Year and role: see :func:`_year` and :func:`_role`. ``op`` follows the qualifier for every role
      (``4.5%以内`` in the review is a ``<=`` history fact); it is ``=`` when there is none.
    """
    rows = []
    for line in prose_lines(plan):
        section = plan.heading_at(line.no)
        review = REVIEW_SECTION in section
        line_rows = [r for s in split_sentences(line.text) for r in sentence_facts(s, section, review)]
        for k, row in enumerate(line_rows, start=1):
            row.update(OVERRIDES.get((line.no, k), {}))
            rows.append({"id": f"nf_{line.no:03d}_{k:02d}", "line": line.no, **row})
    frame = pd.DataFrame(rows, columns=FACT_COLUMNS)
    frame["line"] = frame["line"].astype("int64")
    frame["value"] = frame["value"].astype("float64")
    for col in FACT_COLUMNS:
        if col not in ("line", "value"):
            frame[col] = frame[col].fillna("").astype(str)
    return frame
