"""One target as the plan states it: :class:`Target`, the one place that knows what an operator means.

A target is read once, from a value cell or a prose figure (:meth:`Target.read`, through
:func:`jzanalysis.plan.numbers.read_value`) or from a row of ``indicators.csv`` / the assessment
(:meth:`Target.from_row`), and then asked: how its sign reads in a sentence and in a table cell, whether
a value meets it, the gap to it, the edge that binds, the zone a chart shades, whether the baseline
already meets it, and the final evaluation's comparison at the printed precision. The parse step, the
assessment, the monitoring status, the final evaluation, the self-audit and the report all ask it, so a
target means the same thing everywhere.

Kinds (:attr:`Target.kind`)
---------------------------
``number``          a number with an operator: ``=`` (bare, read by the row's direction), ``>=``, ``>``,
                    ``<=``, ``<`` (``≥97.5``, ``>99``, ``12.5`` read as a ceiling);
``about``           ``~``: ``5左右``, ``约1000``, a band ``value ± halfwidth`` (``halfwidth`` =
                    ``band_rel * value``, ``defaults.band_rel`` of the metadata, 5 %);
``cumulative``      a five-year total (``〔1500〕``, ``852（五年累计）``, ``累计新增5000个``);
``annual_average``  a yearly average rate (``9（年均）``);
``text``            a target in words (``应保尽保``, ``稳步提高``, ``与经济增长同步``): no number;
``relational``      a comparison with another series (``不低于居民人均上年度消费支出增速``, ``高于GDP增长``,
                    ``与GDP增长同步``): :attr:`Target.other` names the series, :attr:`Target.relation` the
                    comparison (``>=``, ``>``, ``<=``, ``<`` or ``sync``);
``missing``         no target value (``—``, or an operator without a number).

There is no range kind: the table reads no range, and the prose reads ``5%-10%`` as two targets, a floor
(``区间下限``, ``>=``) and a ceiling (``区间上限``, ``<=``) (:data:`RANGE_OPS`).

Imports: :mod:`jzanalysis.plan.numbers` and :mod:`jzanalysis.fmt` only; the
analysis and publish layers import this module.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from jzanalysis.fmt import OPERATOR_SIGNS, exact, missing, num
from jzanalysis.plan.numbers import PREFIX_OPS, SYNC, WORD_OPS, Reading, read_value, to_ascii_digits

#: Every ``target_op`` a row may carry (``None``, missing, aside).
OPS = (">=", ">", "<=", "<", "=", "~", "relational", "text_target")
#: The operators of a target with a number.
NUMBER_OPS = (">=", ">", "<=", "<", "=", "~")
#: Operators that make a floor (the value must reach it) and a ceiling (the value must stay under it).
FLOORS = (">=", ">")
CEILINGS = ("<=", "<")
#: The kinds of :attr:`Target.kind`, in the order they are decided.
KINDS = ("missing", "text", "relational", "cumulative", "annual_average", "about", "number")
#: The two ends of a range printed in the prose (``5%-10%``): two targets, a floor and a ceiling.
RANGE_OPS = {"区间下限": ">=", "区间上限": "<="}
#: Qualifiers of a value cell (in its trailing parenthesis) that are not a measurement basis.
QUALIFIERS = ("五年累计", "年均")
#: Tolerance of every comparison of a value with a target (floating-point noise, not a margin).
TOL = 1e-9
#: Rule 2 of 基本完成: a count short of its target by at most this share of the target.
COUNT_TOLERANCE = Decimal("0.005")
#: Rule 2 of 基本完成 applies to these kinds of indicator only (counts of things).
COUNT_KINDS = ("count", "cumulative")

_WORDS = sorted(WORD_OPS, key=len, reverse=True)
_PAREN = re.compile(r"（[^（）]*）$")
_BRACKETS = "〔〕[]［］【】"


def decimals(v: float) -> int:
    """Decimals of ``v`` as published (shortest exact form): 77.3 -> 1, 5.23 -> 2, 700 -> 0."""
    text = exact(v)
    return len(text.split(".")[1]) if "." in text else 0


def precision(values) -> float:
    """The published precision of a series: one unit of its finest last digit (77.3, 77.45 -> 0.01).

    Notes
    -----
    ``10 ** -d`` with ``d`` the largest :func:`decimals` of the values that are not missing (0 for none).
    """
    d = max((decimals(v) for v in values if not missing(v)), default=0)
    return 10.0 ** -d


def round_half_up(value: float, places: int) -> Decimal:
    """``value`` rounded half-up (四舍五入) to ``places`` decimals, on its shortest decimal text.

    Notes
    -----
    ``Decimal(exact(value)).quantize(10 ** -places, ROUND_HALF_UP)``: 78.05 -> 78.1 (Python's
    ``round(78.05, 1)`` gives 78.0, the binary float being 78.04999…); 1.5 -> 2 at 0 places.
    """
    return Decimal(exact(float(value))).quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)


def fact_op(op) -> str:
    """A prose figure's ``op`` as a target operator: a comparison as it is, anything else ``=``.

    ``>=``, ``>``, ``<=``, ``<`` and ``~`` stay; ``=`` and an unknown or missing op are ``=`` (a bare
    figure, read by the direction).
    """
    return op if op in (">", ">=", "<", "<=", "~") else "="


def chosen_op(printed: str | None, curated: str | None) -> str | None:
    """The operator of a table row: what the table prints explicitly wins over the metadata's reading.

    Parameters
    ----------
    printed : str or None
        The operator the table prints (``target_op_table``).
    curated : str or None
        The metadata's ``target_op`` (``None`` when it gives none).

    Notes
    -----
    ``~`` (左右), ``relational``, ``>`` and ``<`` as printed always stand; otherwise the metadata's
    operator when it gives one (a bare ``12.5`` read as ``<=`` for a mortality rate, also a printed ``≥``
    read otherwise), else the printed one.
    """
    if printed in ("~", "relational", ">", "<") or curated is None:
        return printed
    return curated


def _flag(value) -> bool:
    """A boolean cell that may have been read back from CSV (``True``/``"True"``) or be missing."""
    if isinstance(value, bool):
        return value
    return not missing(value) and str(value).strip().lower() in ("true", "1", "1.0")


def _number(value) -> float | None:
    """``value`` as a float, ``None`` when missing."""
    return None if missing(value) else float(value)


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def relation_of(text: str) -> tuple[str, str]:
    """(comparison, other series) of a relational target's words.

    ``不低于居民人均上年度消费支出增速`` -> (``>=``, ``居民人均上年度消费支出增速``); ``高于GDP增长`` ->
    (``>``, ``GDP增长``); ``与GDP增长同步`` -> (``sync``, ``GDP增长``); anything else (``""``, the words).

    Notes
    -----
    The comparison word is the longest of :data:`jzanalysis.plan.numbers.WORD_OPS` the text starts with,
    read by :data:`jzanalysis.plan.numbers.PREFIX_OPS`; ``与…同步`` is
    :data:`jzanalysis.plan.numbers.SYNC`. A trailing parenthesis and 〔〕 are not part of the series.
    """
    t = _PAREN.sub("", to_ascii_digits(text or "").strip()).strip().strip(_BRACKETS).strip()
    m = SYNC.match(t)
    if m:
        return "sync", m["other"].strip()
    word = next((w for w in _WORDS if t.startswith(w)), "")
    return (PREFIX_OPS[word], t[len(word):].strip()) if word else ("", t)


@dataclass(frozen=True)
class Target:
    """A target: its operator, value, band and how it is read.

    Attributes
    ----------
    op : str or None
        ``=``, ``>=``, ``>``, ``<=``, ``<``, ``~`` (about), ``relational``, ``text_target``, or ``None``
        (no target: ``—``). The row's ``target_op``.
    value : float or None
        The target value ``tau``; ``None`` when there is none (missing, text, relational).
    halfwidth : float or None
        The band half-width ``h`` of an ``~`` target (``band_halfwidth``); ``None`` when not given
        (:attr:`hw` is then 0).
    direction : str
        The indicator's better direction, ``higher``, ``lower`` or ``band``; a bare ``=`` target and the
        band of ``~`` are read by it. ``""`` when unknown (``=`` is then exact, as for a band).
    text : str
        The target as printed (``≥97.5``, ``5左右``, ``不低于…``).
    printed_op : str or None
        The operator the table prints (``target_op_table``), when known; ``op`` may be the metadata's
        reading of a bare number.
    cumulative, annual_average : bool
        A five-year total (〔〕, 五年累计, 累计) and a yearly average (年均).
    basis : str
        The measurement basis in the trailing parenthesis (``以乡为单位``).
    relation, other : str
        For a relational target: the comparison (``>=``, ``>``, ``<=``, ``<`` or ``sync``) and the other
        series it names; ``""`` otherwise.
    reading : Reading or None
        The raw reading of the cell (:func:`jzanalysis.plan.numbers.read_value`), when read from text.
    """

    op: str | None
    value: float | None = None
    halfwidth: float | None = None
    direction: str = "higher"
    text: str = ""
    printed_op: str | None = None
    cumulative: bool = False
    annual_average: bool = False
    basis: str = ""
    relation: str = ""
    other: str = ""
    reading: Reading | None = field(default=None, compare=False, repr=False)

    # ------------------------------------------------------------------------------------ building
    @classmethod
    def read(cls, text: str, direction: str = "higher") -> Target | None:
        """The target a value cell or a prose figure states; ``None`` when it is not a value.

        Parameters
        ----------
        text : str
            ``≥97.5``, ``5左右``, ``〔1500〕``, ``9（年均）``, ``90%（以乡为单位）``, ``不低于…``,
            ``与GDP增长同步``, ``应保尽保``, ``—`` ...
        direction : str
            The indicator's better direction, when known.

        Notes
        -----
        The forms are those of :func:`jzanalysis.plan.numbers.read_value`. The trailing parenthesis is
        the qualifier ``年均`` (:attr:`annual_average`) or ``五年累计`` (:attr:`cumulative`, as is 〔〕),
        else the measurement basis. No band is set: the band is the metadata's (:meth:`with_band`).
        """
        r = read_value(text)
        if r is None:
            return None
        paren = r.paren if r.op is not None else ""
        relation, other = relation_of(text) if r.op == "relational" else ("", "")
        return cls(r.op, r.value, None, direction, text, r.op, cumulative=r.cumulative or paren == "五年累计",
                   annual_average=paren == "年均", basis="" if paren in QUALIFIERS else paren,
                   relation=relation, other=other, reading=r)

    @classmethod
    def from_row(cls, row) -> Target:
        """The target of a row of ``indicators.csv``, of the assessment or of a parsed table row.

        Notes
        -----
        Reads ``target_op`` (``target_op_table`` when the row has no ``target_op``), ``target_value``,
        ``band_halfwidth``, ``direction`` (``""`` when missing), ``target_text``, ``target_op_table``,
        ``cumulative``, ``annual_average`` (booleans, also as read back from CSV) and ``target_basis``.
        Missing numbers (NaN, ``None``) are ``None``.
        """
        get = row.get
        op = get("target_op") if "target_op" in row else get("target_op_table")
        op = op if isinstance(op, str) and op else None
        direction = get("direction")
        text = _text(get("target_text"))
        relation, other = relation_of(text) if op == "relational" else ("", "")
        return cls(op, _number(get("target_value")), _number(get("band_halfwidth")),
                   direction if isinstance(direction, str) else "", text, get("target_op_table"),
                   _flag(get("cumulative")), _flag(get("annual_average")), _text(get("target_basis")),
                   relation, other)

    @classmethod
    def of_fact(cls, op, value, band_rel: float | None = None, direction: str = "higher") -> Target:
        """The target a prose figure states: its ``op`` by :func:`fact_op`, with the band when ``~``.

        Notes
        -----
        ``halfwidth = band_rel * value`` for ``~`` when ``band_rel`` is given, else none.
        """
        target = cls(fact_op(op), _number(value), direction=direction)
        return target.with_band(band_rel) if band_rel is not None else target

    def with_band(self, band_rel: float) -> Target:
        """This target with the band ``halfwidth = band_rel * value`` when it is ``~`` with a value.

        ``5左右`` with band_rel 0.05: halfwidth = 0.05 * 5 = 0.25. Any other target is returned as is.
        """
        if self.op != "~" or self.value is None:
            return self
        return self.replaced(halfwidth=band_rel * self.value)

    def as_bound(self) -> Target:
        """A bare ``=`` target with a number read as the bound its direction implies: ``<=`` (a ceiling)
        when lower is better, ``>=`` (a floor) when higher is better; any other target as it is.

        This is how ``jzanalysis init-plan`` drafts a bare target's ``target_op`` (and the same reading as
        :meth:`met` gives a bare ``=``).
        """
        if self.op != "=" or self.value is None or self.direction not in ("higher", "lower"):
            return self
        return self.replaced(op="<=" if self.direction == "lower" else ">=")

    def replaced(self, **changes) -> Target:
        """A copy with some fields changed (:func:`dataclasses.replace`)."""
        return dataclasses.replace(self, **changes)

    # ---------------------------------------------------------------------------------------- kind
    @property
    def kind(self) -> str:
        """The first of :data:`KINDS` that applies: ``missing`` (no operator, or no number for one),
        ``text``, ``relational``, ``cumulative``, ``annual_average``, ``about`` (``~``), ``number``."""
        if self.op == "text_target":
            return "text"
        if self.op == "relational":
            return "relational"
        if self.op is None or self.value is None or math.isnan(self.value):
            return "missing"
        if self.cumulative:
            return "cumulative"
        if self.annual_average:
            return "annual_average"
        return "about" if self.op == "~" else "number"

    @property
    def measured(self) -> bool:
        """True when the target has a number a value can be compared with."""
        return self.kind not in ("missing", "text", "relational")

    @property
    def hw(self) -> float:
        """The band half-width as a number: :attr:`halfwidth`, 0 when none."""
        return 0.0 if self.halfwidth is None or math.isnan(self.halfwidth) else float(self.halfwidth)

    @property
    def printed_bound(self) -> str:
        """``floor`` for ``>=``/``>``, ``ceiling`` for ``<=``/``<``, ``""`` for the others (``=``, ``~``
        read by the direction, no number)."""
        return "floor" if self.op in FLOORS else "ceiling" if self.op in CEILINGS else ""

    @property
    def implied_direction(self) -> str:
        """The direction the operator implies: ``higher`` for a floor, ``lower`` for a ceiling, else the
        row's :attr:`direction` (a bare ``=`` and ``~`` say nothing by themselves)."""
        return {"floor": "higher", "ceiling": "lower"}.get(self.printed_bound, self.direction)

    @property
    def is_ceiling(self) -> bool:
        """Worded as a ceiling in the reasons (上限, "ceiling"): a ``<=``/``<`` target, or any target of a
        lower-is-better indicator."""
        return self.op in CEILINGS or self.direction == "lower"

    # ------------------------------------------------------------------------------------ the signs
    def sign(self, form: str = "sentence") -> str:
        """The operator as readers see it, from :data:`jzanalysis.fmt.OPERATOR_SIGNS`.

        Parameters
        ----------
        form : {"sentence", "cell"}
            ``sentence``: ``≥ > ≤ < = 约`` (a reason's ``≥95``); ``cell``: ``≥ > ≤ <``, nothing for a
            bare ``=``, ``≈`` for ``~`` (a table cell, a chart label).

        Returns
        -------
        str
            ``""`` for an operator with no sign (relational, text, missing).
        """
        if form not in ("sentence", "cell"):
            raise ValueError(f"form must be 'sentence' or 'cell', not {form!r}")
        signs = OPERATOR_SIGNS.get(self.op)
        return "" if signs is None else signs[form == "cell"]

    def printed_sign(self) -> str:
        """The sign the plan prints before the number, and a ceiling always signed.

        Notes
        -----
        The table's own ``≥ > ≤ <`` (:attr:`printed_op`) when it prints one; else ``≤``/``<`` when the
        target is read as a ceiling (a bare 12.5 would read as "reach 12.5"); else nothing.
        """
        strict = {op: OPERATOR_SIGNS[op][1] for op in FLOORS + CEILINGS}
        return strict.get(self.printed_op) or (strict[self.op] if self.op in CEILINGS else "")

    def quote(self) -> str:
        """The target as a reason quotes it: ``≥95``, ``≤12.5``, ``>99``, ``45000±2250``; a bare ``=``
        target as the plan prints it (``5000``, not ``=5000``).

        Notes
        -----
        Numbers in their shortest exact form (:func:`jzanalysis.fmt.exact`); ``~`` as ``tau±h``.
        """
        if self.op == "=":
            return exact(self.value)
        if self.op == "~":
            return f"{exact(self.value)}±{exact(self.hw)}"
        return f"{OPERATOR_SIGNS.get(self.op, (self.op,))[0]}{exact(self.value)}"

    def cell(self) -> str:
        """The target in a table cell or a chart label: ``≥97.5``, ``5±0.25`` (about), ``≤12.5``, ``4.5``;
        the printed words of a relational or text target, ``—`` for none.

        Notes
        -----
        Numbers by :func:`jzanalysis.fmt.num` (4 significant digits, the half-width 2); ``≈5`` for an
        ``~`` target without a band.
        """
        if self.op == "relational" or self.value is None or math.isnan(self.value):
            return self.text or "—"
        if self.op == "~":
            if self.halfwidth is None or math.isnan(self.halfwidth):
                return f"≈{num(self.value)}"
            return f"{num(self.value)}±{num(self.halfwidth, 2)}"
        return f"{self.sign('cell')}{num(self.value)}"

    # --------------------------------------------------------------------------------- comparisons
    def met(self, value, tol: float = TOL) -> bool:
        """Does ``value`` meet the target?

        Notes
        -----
        ``>=``: ``x >= tau - tol``; ``>``: ``x > tau + tol``; ``<=``: ``x <= tau + tol``; ``<``:
        ``x < tau - tol``. ``=`` is read by :attr:`direction`: a floor when higher is better, a ceiling
        when lower is better, exact within ``tol`` otherwise. ``~`` (about, 左右) is the band
        ``tau ± h`` of which only the side against the direction binds: higher is better
        ``x >= tau - h - tol``, lower is better ``x <= tau + h + tol``, a band ``|x - tau| <= h + tol``;
        overshooting the favourable side is never a miss (4.5万元左右, higher is better, h = 2250: any
        value >= 42750). A missing value or target, and a target without a number, is never met.
        """
        tau = self.value
        if value is None or tau is None or math.isnan(value) or math.isnan(tau):
            return False
        op, direction = self.op, self.direction
        if op == ">=":
            return value >= tau - tol
        if op == ">":
            return value > tau + tol
        if op == "<=":
            return value <= tau + tol
        if op == "<":
            return value < tau - tol
        if op == "=":
            if direction == "higher":
                return value >= tau - tol
            if direction == "lower":
                return value <= tau + tol
            return abs(value - tau) <= tol
        if op == "~":
            hw = self.hw
            if direction == "higher":
                return value >= tau - hw - tol
            if direction == "lower":
                return value <= tau + hw + tol
            return abs(value - tau) <= hw + tol
        return False

    def met_at_baseline(self, x0) -> bool:
        """Does the baseline ``x0`` already meet the target? Never for a cumulative total (it counts
        from 0 at the baseline).

        Notes
        -----
        ``not cumulative and met(x0)`` (:meth:`met`).
        """
        return not self.cumulative and self.met(x0)

    @property
    def edge(self) -> float:
        """The value that just meets the target: ``tau``, or for ``~`` the band's binding edge.

        Notes
        -----
        ``~``: ``tau - h`` when higher is better, else ``tau + h``; any other operator: ``tau``.
        """
        tau = float(self.value)
        if self.op == "~":
            return tau - self.hw if self.direction == "higher" else tau + self.hw
        return tau

    def gap(self, value) -> float:
        """``value - edge`` (:attr:`edge`): positive above the binding edge, negative below it."""
        return value - self.edge

    @property
    def zone(self) -> tuple[float | None, float | None] | None:
        """(low, high) of the values that meet the target, ``None`` for an open end; ``None`` for no zone.

        Notes
        -----
        ``~``: ``(tau - h, tau + h)``; a ceiling (``<=``, ``<``, a bare ``=`` when lower is better):
        ``(None, tau)``; a floor (``>=``, ``>``, a bare ``=`` when higher is better): ``(tau, None)``.
        No zone without a number, for a relational target, and for a bare ``=`` of a band indicator.
        """
        if self.value is None or math.isnan(self.value) or self.op == "relational":
            return None
        tau = float(self.value)
        if self.op == "~":
            return (tau - self.hw, tau + self.hw)
        if self.op in CEILINGS or (self.op == "=" and self.direction == "lower"):
            return (None, tau)
        if self.op in FLOORS or (self.op == "=" and self.direction == "higher"):
            return (tau, None)
        return None

    # ------------------------------------------------------------------------------ final evaluation
    @property
    def places(self) -> int:
        """Decimals the target is printed with: those of ``tau``, and for ``~`` those of the half-width
        too (the band's edge), whichever is more."""
        hw = self.hw
        return max(decimals(self.value), decimals(hw) if self.op == "~" and hw else 0)

    def met_when_rounded(self, value) -> tuple[bool, Decimal]:
        """Rule 1 of 基本完成: does ``value``, rounded half-up to :attr:`places`, reach the target?

        Returns
        -------
        (bool, Decimal)
            Whether it reaches it, and the rounded value.

        Notes
        -----
        The rounded value is compared with the edge itself included: a strict ``>``/``<`` counts as
        ``≥``/``≤``. 78.05 against 78.1: rounded to 1 decimal 78.1 >= 78.1, reaches; 99.0 against >99:
        rounded to 0 decimals 99 >= 99, reaches; 78.04 -> 78.0 < 78.1, does not.
        """
        rounded = round_half_up(value, self.places)
        edge_op = {">": ">=", "<": "<="}.get(self.op, self.op)
        return self.replaced(op=edge_op, value=float(self.value)).met(float(rounded)), rounded

    def count_close(self, value) -> bool:
        """Rule 2 of 基本完成 (counts only): the shortfall to the edge is at most 0.5 % of the target.

        Notes
        -----
        ``|edge - value| <= 0.005 * |tau|`` (:data:`COUNT_TOLERANCE`) in exact decimals: 4,990 of 5,000:
        10 <= 25, True; 1.5 of 2: 0.5 > 0.01, False.
        """
        shortfall = abs(Decimal(exact(float(self.edge))) - Decimal(exact(float(value))))
        return shortfall <= COUNT_TOLERANCE * abs(Decimal(exact(float(self.value))))

    def planned_sign(self, x_b) -> int:
        """+1 when the plan wants the value to rise from the baseline ``x_b``, -1 to fall, 0 when it
        does not say.

        Notes
        -----
        The sign of ``tau - x_b``; when the baseline already meets the target (a ceiling with room, a
        level to keep) or equals it, the direction's (higher: +1, lower: -1, band: 0).
        """
        tau = float(self.value)
        if not self.met(x_b) and tau != float(x_b):
            return 1 if tau > float(x_b) else -1
        return {"higher": 1, "lower": -1}.get(self.direction, 0)

    def moved_as_planned(self, x_b, x_t) -> bool:
        """Has ``x_t`` moved from the baseline ``x_b`` strictly in the planned direction
        (:meth:`planned_sign`)? With no planned direction any value counts as moved.

        Notes
        -----
        ``(x_t - x_b) * sign > 0``: rural housing, baseline 1.767, target 2 (sign +1), value 1.5:
        (1.5 - 1.767) * 1 = -0.267 <= 0, not moved.
        """
        sign = self.planned_sign(x_b)
        return True if sign == 0 else (float(x_t) - float(x_b)) * sign > 0

