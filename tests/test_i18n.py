"""The reader-facing catalogue: every language has the same keys and the same template fields."""

import string

import pytest

from jzanalysis.i18n import LANGS, catalogue, t


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_languages_have_the_same_keys():
    zh, en = catalogue("zh"), catalogue("en")
    assert set(zh) == set(en), sorted(set(zh) ^ set(en))


@pytest.mark.parametrize("lang", LANGS)
def test_same_fields_in_every_language(lang):
    ref = catalogue("zh")
    for key, template in catalogue(lang).items():
        assert _fields(template) == _fields(ref[key]), key


def test_lookup_and_missing_key():
    assert t("lang.name", "zh") == "中文"
    assert t("lang.name", "en") == "English"
    with pytest.raises(KeyError, match="no text 'nope' in locales/en"):
        t("nope", "en")
