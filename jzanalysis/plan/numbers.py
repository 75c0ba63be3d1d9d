"""Numbers as plans print them: Chinese numerals, full-width digits, operators, cumulative and text targets.

Pure functions, no state. The table reader (:func:`jzanalysis.plan.table.parse_value`) and the prose
extractor (:mod:`jzanalysis.plan.prose`) both read numbers through this module, so a plan's ``五千个``,
``４．５``, ``〔1500〕``, ``约1000``, ``不低于95`` or ``应保尽保`` means the same thing in a table cell
and in a sentence.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

#: Digits of a Chinese numeral (〇 and 零 are both zero; 两 is two).
CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9}
#: Place units below 万 and the two large units.
CN_PLACES = {"十": 10, "百": 100, "千": 1000}
CN_LARGE = {"万": 10_000, "亿": 100_000_000}
CN_CHARS = "".join(CN_DIGITS) + "".join(CN_PLACES) + "".join(CN_LARGE)

#: Chinese numerals read as figures in prose when a counting unit follows (每个县至少…一所公办普通高中,
#: 至少一人就业, 三县光荣院): one to three numeral characters, not after 第/每/“ or another numeral
#: (第十四个五年规划, “五个一批” are names, not counts). Larger written-out amounts (五千个, 四万五千元) are
#: :data:`CN_AMOUNT`.
CN_FIGURE = re.compile(
    r"(?<![第每“〇零一二两三四五六七八九十百千万])(?P<a>[一二两三四五六七八九十]{1,3})(?P<unit>所|人|个|项|县)"
    r"(?![〇零一二两三四五六七八九十])"
)
#: A written-out amount with a place unit of 百 or more (五千个, 四万五千元, 一百二十所), then a counting unit.
CN_AMOUNT = re.compile(
    r"(?<![\d.第每“〇零一二两三四五六七八九十百千万亿])"
    r"(?P<a>[一二两三四五六七八九十][〇零一二两三四五六七八九十百千万亿]*[百千万亿][〇零一二两三四五六七八九十百千万亿]*)"
    r"(?P<unit>元|人次|人|个|所|项|张|户|家|座|处|名|场|平方米|公里)"
)

#: Operators written before a number (longest first when matching).
PREFIX_OPS = {"≥": ">=", ">=": ">=", "＞": ">", ">": ">", "≤": "<=", "<=": "<=", "＜": "<", "<": "<",
              "不低于": ">=", "不少于": ">=", "大于": ">", "高于": ">", "超过": ">", "多于": ">",
              "不高于": "<=", "不超过": "<=", "不多于": "<=", "小于": "<", "低于": "<", "少于": "<",
              "约": "~", "大约": "~"}
#: The comparison words that, followed by words instead of a number, make a relational target.
WORD_OPS = frozenset({"不低于", "不少于", "大于", "高于", "超过", "多于", "不高于", "不超过", "不多于", "小于", "低于",
                      "少于"})
#: Operators written after a number.
SUFFIX_OPS = {"以上": ">=", "及以上": ">=", "以下": "<=", "及以下": "<=", "以内": "<=", "左右": "~"}
#: Values that say "no value".
MISSING = frozenset({"—", "-", "——", "－", "/", "--", "―", "─"})
#: Targets written in words: kept as targets with their own verdict (``text_target``), never a number.
TEXT_TARGETS = ("应保尽保", "应助尽助", "应救尽救", "应兜尽兜", "应享尽享", "应检尽检", "应收尽收", "全覆盖",
                "基本全覆盖", "稳步提高", "逐步提高", "持续提高", "稳步提升", "逐步提升", "持续提升", "明显提升",
                "显著提升", "显著提高", "稳步增长", "持续增长", "稳中有升", "保持稳定", "基本稳定", "持续下降",
                "稳步下降", "逐步下降", "基本实现", "全面实现", "实现全覆盖", "持续改善", "明显改善",
                "逐步缩小", "持续缩小", "不断完善", "与经济增长同步", "同步增长", "保持在合理区间", "合理区间",
                "控制在合理区间", "保持合理区间")
#: Word endings that mark a longer worded target (``城乡差距逐步缩小``, ``覆盖面持续扩大``).
TEXT_TARGET_ENDINGS = ("提高", "提升", "增长", "覆盖", "尽保", "尽助", "尽救", "下降", "降低", "稳定", "实现",
                       "改善", "缩小", "扩大", "完善", "增加", "同步", "达标", "完成")

#: A target set in step with another series (``与GDP增长同步``): a relational target naming that series.
#: Worded forms that :func:`is_text_target` knows (``与经济增长同步``, ``同步增长``) are tried first and stay
#: text targets.
SYNC = re.compile(r"^与(?P<other>[^\d，,。；;]+?)(?:保持)?同步(?:增长|提高|提升)?$")

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_ARABIC = re.compile(rf"^(?P<num>[-+]?(?:{NUMBER}))\s*(?P<pct>[%‰])?$")
_PAREN = re.compile(r"（([^（）]*)）$")
_CUMULATIVE = re.compile(r"^[〔\[［【](?P<inner>[^〔〕\[\]［］【】]*)[〕\]］】]$")
#: Full-width forms that plans print and the plain character each stands for.
_WIDE = str.maketrans({"．": ".", "％": "%", "，": ",", "～": "~", "－": "-", "＋": "+", "＞": ">",
                       "＜": "<", "＝": "=", "\u3000": " "})


def to_ascii_digits(text: str) -> str:
    """Full-width digits, point, percent and comparison signs as plain characters.

    ``"４．５％"`` -> ``"4.5%"``; ``"≥９７．５"`` -> ``"≥97.5"``. Chinese punctuation that carries
    structure (（） for units, 〔〕 for five-year totals) is kept. A full-width comma becomes ``,`` so a
    thousands separator reads as one; use this on a number's own text, not on a sentence.
    """
    out = []
    for ch in text.translate(_WIDE):
        if "０" <= ch <= "９":
            out.append(chr(ord(ch) - 0xFEE0))
        elif unicodedata.category(ch) == "Nd" and not ch.isascii():
            out.append(str(unicodedata.digit(ch)))
        else:
            out.append(ch)
    return "".join(out)


def _section(text: str) -> int | None:
    """Value of a numeral below 10 000 (``三千零五`` 3005, ``十二`` 12); ``None`` when malformed."""
    total, digit, last_place = 0, None, 10_000
    for ch in text:
        if ch in CN_DIGITS:
            if digit not in (None, 0):
                return None  # two digits in a row: 一一
            digit = CN_DIGITS[ch]
        elif ch in CN_PLACES:
            place = CN_PLACES[ch]
            if place >= last_place:
                return None  # 十十, 百千
            if digit is None:
                if place != 10 or total:
                    return None
                digit = 1  # a leading 十 is 一十
            if digit == 0:
                return None
            total, digit, last_place = total + digit * place, None, place
        else:
            return None
    return total + (digit or 0)


def cn_number(text: str) -> int | None:
    """Value of a whole Chinese numeral; ``None`` for anything else.

    Parameters
    ----------
    text : str
        The numeral alone, e.g. ``五千``, ``四万五千``, ``二〇二五``.

    Returns
    -------
    int or None

    Notes
    -----
    * Positional numerals: each of 十 百 千 multiplies the digit before it (a leading 十 is 一十), 万 and
      亿 multiply everything before them within their section: ``四万五千`` = 4 * 10^4 + 5 * 10^3 = 45000;
      ``三十五`` = 3 * 10 + 5; 零 only fills a gap (``一百零五`` = 105).
    * Digit strings such as years are read digit by digit when they contain 〇: ``二〇二五`` = 2025.
    * Malformed numerals are ``None``: ``一一`` (two digits without a place), ``十十``.
    """
    if not text or any(ch not in CN_CHARS for ch in text):
        return None
    if "〇" in text and all(ch in CN_DIGITS for ch in text):
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    total = 0
    rest = text
    for big in ("亿", "万"):
        if big in rest:
            head, _, rest = rest.partition(big)
            if big in rest or not head:
                return None
            value = cn_number(head) if big == "亿" else _section(head)
            if value is None or value == 0:
                return None
            total += value * CN_LARGE[big]
    if rest:
        if rest.startswith("零"):
            rest = rest[1:]
        tail = _section(rest) if rest else 0
        if tail is None:
            return None
        total += tail
    elif text[-1] in CN_DIGITS and text[-1] != "零":
        return None
    return total


def cn_decimal(text: str) -> float | None:
    """Value of a Chinese numeral with an optional decimal part: ``四点五`` 4.5, ``十二点零五`` 12.05.

    Notes
    -----
    The part before 点 is :func:`cn_number`; the digits after it are read one by one, in decimal, so
    ``零点一`` is exactly 0.1.
    """
    whole, point, frac = text.partition("点")
    value = cn_number(whole) if whole else None
    if value is None:
        return None
    if not point:
        return float(value)
    if not frac or any(ch not in CN_DIGITS for ch in frac):
        return None
    return float(Decimal(value) + Decimal("0." + "".join(str(CN_DIGITS[ch]) for ch in frac)))


def period_years(n: int) -> tuple[int, int]:
    """First and last year of the n-th five-year plan (n >= 3): ``first = 1966 + 5 * (n - 3)``.

    The 3rd plan began in 1966 (after the 1963-1965 adjustment years): 13 -> 2016-2020, 14 -> 2021-2025,
    15 -> 2026-2030.
    """
    first = 1966 + 5 * (n - 3)
    return first, first + 4


def period_name(n: int) -> str:
    """``十四五`` for 14, ``十五五`` for 15, ``十五`` for 10 (10 <= n <= 19)."""
    digits = "一二三四五六七八九"
    return "十五" if n == 10 else f"十{digits[n - 11]}五"


@dataclass(frozen=True)
class Amount:
    """A number with its unit as written: ``value`` (float), ``unit`` (``%`` for 百分之…)."""

    value: float
    unit: str


_AMOUNT = re.compile(
    rf"^(?P<pct>百分之)?(?P<num>{NUMBER}|[{CN_CHARS}点]+)(?P<mult>[万亿])?(?P<unit>[^\d{CN_CHARS}点]*)$")


def read_amount(text: str) -> Amount | None:
    """Read a written amount: digits or a Chinese numeral, then a unit.

    Examples: ``五千个`` -> (5000, 个); ``四万五千元`` -> (45000, 元); ``二〇二五年`` -> (2025, 年);
    ``百分之四点五`` -> (4.5, %); ``４．５万人`` -> (45000, 人); ``1,000人`` -> (1000, 人).

    Notes
    -----
    ``value = number * 10^4`` for a trailing 万 after digits, ``* 10^8`` for 亿 (computed in decimal).
    A Chinese numeral carries its own 万/亿. ``None`` when the text is not one amount.
    """
    t = to_ascii_digits(text.strip())
    m = _AMOUNT.match(t)
    if not m:
        return None
    num, mult, unit = m["num"], m["mult"], m["unit"].strip()
    if num[0].isdigit():
        value = Decimal(num.replace(",", ""))
        if mult:
            value *= CN_LARGE[mult]
        result = float(value)
    else:
        if mult:  # a Chinese numeral ending in 万/亿 is part of the numeral
            num, mult = num + mult, None
        result = cn_decimal(num)
        if result is None:
            return None
    if m["pct"]:
        if unit:
            return None
        unit = "%"
    return Amount(result, unit)


@dataclass(frozen=True)
class Reading:
    """What a value cell (or a figure) says.

    Attributes
    ----------
    text : str
        As written.
    value : float or None
        The number; ``None`` for a missing mark, a relational phrase or a text target.
    op : str or None
        ``=``, ``>=``, ``>``, ``<=``, ``<``, ``~`` (about), ``relational`` (``不低于居民消费支出增速``),
        ``text_target`` (``应保尽保``) or ``None`` (missing: ``—``).
    percent : bool
        A ``%`` was written with the number.
    sign : str
        The unit sign written after the number, ``%`` or ``‰`` (``""`` for none): the table refuses a sign
        that is not the row's unit (``4.79%`` in a ‰ row).
    cumulative : bool
        The number was printed in 〔〕 (a five-year cumulative figure, as national plans print them).
    paren : str
        The trailing parenthesis (``以县为单位``, ``年均``), without the parentheses.
    """

    text: str
    value: float | None
    op: str | None
    percent: bool = False
    cumulative: bool = False
    paren: str = ""
    sign: str = field(default="", compare=False)


def is_text_target(text: str) -> bool:
    """True for a target written in words: :data:`TEXT_TARGETS` or a digit-free phrase of at most 12
    characters (3 or more) ending in one of :data:`TEXT_TARGET_ENDINGS` (``城乡差距逐步缩小``)."""
    t = re.sub(r"\s+", "", text)
    if t in TEXT_TARGETS:
        return True
    return (3 <= len(t) <= 12 and not any(ch.isdigit() for ch in t)
            and all("\u4e00" <= ch <= "\u9fff" or ch in "“”、" for ch in t)
            and t.endswith(TEXT_TARGET_ENDINGS))


_PREFIXES = sorted(PREFIX_OPS, key=len, reverse=True)
_SUFFIXES = sorted(SUFFIX_OPS, key=len, reverse=True)
_PREFIX_START = frozenset(p[0] for p in PREFIX_OPS)
_SUFFIX_END = frozenset(s[-1] for s in SUFFIX_OPS)
_PLAIN = re.compile(r"^\d+(?:\.\d+)?$")


def _split_op(t: str) -> tuple[str, str, str]:
    """(prefix operator, rest, suffix operator) of a value's text; operators as written, or ``""``."""
    prefix = next((p for p in _PREFIXES if t.startswith(p)), "") if t[:1] in _PREFIX_START else ""
    rest = t[len(prefix):].strip()
    suffix = next((s for s in _SUFFIXES if rest.endswith(s)), "") if rest[-1:] in _SUFFIX_END else ""
    rest = rest[: len(rest) - len(suffix)].strip() if suffix else rest
    return prefix, rest, suffix


def read_value(text: str) -> Reading | None:
    """Read a value cell as plans print it; ``None`` when it is none of the forms below.

    Parameters
    ----------
    text : str
        The cell, e.g. ``≥97.5``, ``5左右``, ``约1000``, ``不低于95``, ``〔1500〕``, ``４．５``,
        ``百分之四点五``, ``93.49%（以县为单位）``, ``—``, ``应保尽保``.

    Returns
    -------
    Reading or None

    Notes
    -----
    In order: a missing mark (:data:`MISSING`) -> ``op None``; a trailing parenthesis is split off as
    ``paren``; 〔…〕 marks a cumulative figure; an operator before the number (:data:`PREFIX_OPS`: ≥ > ≤ <,
    大于 小于 不低于 不超过 …, 约) or after it (:data:`SUFFIX_OPS`: 以上 以下 以内 左右); the number in
    digits (full-width or not, ``1,000``) with an optional %, or a Chinese numeral (``百分之四点五``
    = 4.5 %). Two operators that disagree (``≥5以下``) are not a value. A comparison word followed by words
    (``不低于居民人均上年度消费支出增速``, ``高于GDP增长``) is ``relational``; a worded target
    (:func:`is_text_target`) is ``text_target``; then ``与…同步`` (:data:`SYNC`, ``与GDP增长同步``) is
    ``relational``. :class:`jzanalysis.plan.target.Target` wraps a reading with what it means (the series
    a relational target names, the comparison, the band). Spaces may surround the parts but not split the
    number (``1 2`` is not 12).
    """
    if _PLAIN.match(text):  # the common case: a bare number
        return Reading(text, float(text), "=")
    t = to_ascii_digits(text).strip()
    if t in MISSING:
        return Reading(text, None, None)
    paren = ""
    m = _PAREN.search(t)
    if m and m.start() > 0:
        paren, t = m.group(1), t[: m.start()].strip()
    cumulative = False
    m = _CUMULATIVE.match(t)
    if m:
        cumulative, t = True, m["inner"].strip()
    prefix, rest, suffix = _split_op(t)
    ops = {PREFIX_OPS[prefix] if prefix else None, SUFFIX_OPS[suffix] if suffix else None} - {None}
    if len(ops) > 1:
        return None
    op = ops.pop() if ops else "="
    m = _ARABIC.match(rest)
    if m:
        return Reading(text, float(m["num"].replace(",", "")), op, m["pct"] == "%", cumulative, paren,
                       m["pct"] or "")
    amount = read_amount(rest) if rest and not rest[0].isdigit() else None
    if amount is not None and amount.unit in ("", "%"):
        return Reading(text, amount.value, op, amount.unit == "%", cumulative, paren, amount.unit)
    if prefix in WORD_OPS and rest and not suffix and not any(c.isdigit() for c in rest):
        return Reading(text, None, "relational", False, cumulative, paren)
    if not prefix and not suffix and is_text_target(t):
        return Reading(text, None, "text_target", False, cumulative, paren)
    if not prefix and not suffix and SYNC.match(t):
        return Reading(text, None, "relational", False, cumulative, paren)
    return None


def g_text(x) -> str:
    """``f"{x:g}"`` without an exponent: ``4.5`` -> ``4.5``, ``98.8`` -> ``98.8``, ``15000000`` ->
    ``15000000`` (``:g`` gives ``1.5e+07``), ``0.00005`` -> ``0.00005``.

    Notes
    -----
    Equal to ``format(x, "g")`` whenever that has no ``e``; else the shortest fixed-point form of the
    value (``repr``'s digits), trailing zeros dropped. For sentences a reader sees (reasons, the audit).
    """
    text = format(x, "g")
    if "e" not in text:
        return text
    fixed = format(Decimal(repr(float(x))), "f")
    return fixed.rstrip("0").rstrip(".") if "." in fixed else fixed
