"""The reader-facing catalogue: every language has the same keys and the same template fields."""

import string

import pytest

from jzanalysis.i18n import LANGS, catalogue, t


def _forms(template) -> list[str]:
    """The texts of an entry: itself, or each of its plural forms (``{one: …, other: …}``)."""
    return list(template.values()) if isinstance(template, dict) else [template]


def _fields(template) -> set[str]:
    """The fields a caller must give (the plan's words, ``plan_*``, are filled in by the catalogue), in every
    plural form alike."""
    return {name for form in _forms(template) for _, name, _, _ in string.Formatter().parse(form)
            if name and not name.startswith("plan_")}


def _plan_fields(template) -> set[str]:
    return {name for form in _forms(template) for _, name, _, _ in string.Formatter().parse(form)
            if name and name.startswith("plan_")}


def test_plural_forms_have_other_and_the_count():
    """An entry with plural forms has ``other`` and is chosen by its field ``n``."""
    for lang in LANGS:
        for key, template in catalogue(lang).items():
            if isinstance(template, dict):
                assert "other" in template and set(template) <= {"one", "other"}, key
                assert "n" in _fields(template), key


def test_languages_have_the_same_keys():
    zh, en = catalogue("zh"), catalogue("en")
    assert set(zh) == set(en), sorted(set(zh) ^ set(en))


#: The self-audit's sentences (locales/*/audit.yaml) say different things in each language (the Chinese
#: quotes the plan's clause, the English names the series); tests/test_audit_words.py checks that every
#: field they use is one the audit gives.
OWN_FIELDS = "audit."


@pytest.mark.parametrize("lang", LANGS)
def test_same_fields_in_every_language(lang):
    ref = catalogue("zh")
    for key, template in catalogue(lang).items():
        if not key.startswith(OWN_FIELDS):
            assert _fields(template) == _fields(ref[key]), key


def test_plan_fields_are_known_words():
    """Every ``plan_*`` field of a template is one of the plan's words (so a template never shows ``{plan_x}``)."""
    from jzanalysis.i18n import default_plan_words

    words = default_plan_words()
    assert (words["zh"]["plan_base"], words["zh"]["plan_target"], words["zh"]["plan_rows"]) == (2020, 2025, 31)
    for lang in LANGS:
        for key, template in catalogue(lang).items():
            assert _plan_fields(template) <= set(words[lang]), key


def test_plan_words_fill_the_templates():
    """The bundled plan's words by default; another plan's once set (a 2026-2030 plan: 2025 base, 2030
    target, 表2 caption); fields given by the caller win."""
    from jzanalysis.i18n import plan_words, use_plan_words

    use_plan_words(None)  # the bundled plan's, whatever an earlier test set
    assert t("report.col.target", "zh") == "2025年目标" and t("report.col.baseline", "en") == "2020"
    try:
        use_plan_words({"zh": {**plan_words("zh"), "plan_base": 2025, "plan_target": 2030, "plan_caption": "表2"},
                        "en": {**plan_words("en"), "plan_base": 2025, "plan_target": 2030, "plan_caption": "Table 2"}})
        assert t("report.col.target", "zh") == "2030年目标"
        assert t("report.headline.counts", "zh", total=12) == "表2的12项指标中："
        assert t("report.headline.counts", "en", total=12) == "Of the 12 indicators in Table 2:"
        assert t("plots.baseline", "en") == "2025 baseline"
    finally:
        use_plan_words(None)
    assert t("report.col.target", "zh") == "2025年目标"


def test_lookup_and_missing_key():
    assert t("lang.name", "zh") == "中文"
    assert t("lang.name", "en") == "English"
    with pytest.raises(KeyError, match="no text 'nope' in locales/en"):
        t("nope", "en")


def test_chart_words_carry_the_plans_years_not_placeholders():
    # the chart legends read plots.TEXT[lang]: "{plan_base}年基期" was drawn as written in every chart
    from jzanalysis.i18n import plan_words, use_plan_words
    from jzanalysis.publish.plots import TEXT

    for lang in ("zh", "en"):
        assert not [k for k, v in TEXT[lang].items() if "{plan_" in v], lang
    assert TEXT["zh"]["baseline_pt"] == "2020年基期"
    try:
        use_plan_words({"zh": {**plan_words("zh"), "plan_base": 2025, "plan_target": 2030}})
        assert TEXT["zh"]["baseline_pt"] == "2025年基期"  # another plan's base year, not a cached 2020
    finally:
        use_plan_words(None)
