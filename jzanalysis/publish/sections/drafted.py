"""Section ``drafted`` (自动起草说明): on the index of a report whose plan folder was drafted by
``init-plan`` and not yet reviewed (plan.yaml ``drafted: true``), or whose indicators still list
``guessed`` fields: one note saying that the directions and the other listed fields were inferred, not
checked. Not shown for a reviewed plan (the bundled one)."""

from __future__ import annotations

from jzanalysis.publish.sections.base import Section
from jzanalysis.publish.words import T

#: The guessed fields the note names, in this order (``guessed`` in indicators.yaml).
FIELDS = ("direction", "kind", "pace", "bounds", "target_op", "unit", "name_en", "id")


def guessed_counts(meta: dict) -> dict[str, int]:
    """``{field: number of indicators whose metadata lists it under guessed}``, fields in :data:`FIELDS`
    order, those no indicator lists left out."""
    counts = {f: 0 for f in FIELDS}
    for e in meta.get("indicators", []):
        for f in e.get("guessed") or []:
            if f in counts:
                counts[f] += 1
    return {f: n for f, n in counts.items() if n}


def drafted_note(config, meta: dict, lang: str) -> str:
    """The note's sentence, ``""`` when the plan is reviewed and no indicator lists a guessed field."""
    counts = guessed_counts(meta)
    if not getattr(config, "drafted", False) and not counts:
        return ""
    sep = T("drafted.sep", lang)
    fields = sep.join(T("drafted.field", lang, field=T(f"drafted.field.{f}", lang), n=n) for f, n in counts.items())
    key = "drafted.note" if getattr(config, "drafted", False) else "drafted.note_guessed"
    return T(key, lang, fields=fields or T("drafted.none", lang))


def no_history(assessment) -> int:
    """How many of the main table's rows have no history to compare with (feasibility ``no_reference``:
    neither the prose nor a benchmark gives a past pace)."""
    if assessment is None or "feasibility" not in assessment:
        return 0
    table = ~assessment["source"].astype(str).str.startswith("prose") if "source" in assessment else True
    return int(((assessment["feasibility"] == "no_reference") & table).sum())


def _words(ctx: dict, src) -> dict:
    from jzanalysis.plan.metadata import load_metadata

    config = getattr(src.analysis, "config", None)
    if config is None:
        return {"drafted_note": ""}
    note = drafted_note(config, load_metadata(config.metadata), ctx["lang"])
    n = no_history(getattr(src.analysis, "assessment", None)) if note else 0
    if n:
        note += T("drafted.no_history", ctx["lang"], n=n)
    return {"drafted_note": note}


def _pdf(ctx: dict, pu: dict) -> dict:
    return {"drafted_note": ctx.get("drafted_note", "")}


SECTION = Section("drafted", page="index", chapter="headline", order=15, kinds=("plan", "monitor", "final"),
                  html="drafted.html.j2", pdf="drafted", words=_words, pdf_words=_pdf,
                  shown=lambda ctx: bool(ctx.get("drafted_note")))
