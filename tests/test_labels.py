"""Labels keyed by language in a plan's YAML (``name: {zh: …, en: …}``): read as the documented columns,
the older flat keys still read, mistakes named with the file and field, and a third language's labels
carried into the data with no code change."""

from __future__ import annotations

import shutil

import pytest

from jzanalysis import paths
from jzanalysis.errors import InputError
from jzanalysis.plan.labels import category_labels, flatten, flatten_plan
from jzanalysis.plan.metadata import load_metadata
from jzanalysis.plan.parse import parse_plan
from jzanalysis.plan.series import load_series


def test_a_language_keyed_label_becomes_one_column_per_language():
    got = flatten({"id": "doctors", "name": {"zh": "执业医师数", "en": "Doctors", "fr": "Médecins"},
                   "unit": {"zh": "人"}, "kind": "count"}, "f.yaml", "doctors")
    # keys keep their place: id, the three names, the unit, kind
    assert list(got) == ["id", "name_zh", "name_en", "name_fr", "unit_zh", "kind"]
    assert (got["name_fr"], got["unit_zh"]) == ("Médecins", "人")


def test_a_plain_field_keeps_the_plans_words_under_its_bare_key():
    got = flatten({"unit": {"zh": "元", "en": "yuan"}}, "s.yaml", "income", plain=("unit",))
    assert got == {"unit": "元", "unit_en": "yuan"}


def test_the_old_flat_keys_are_read_unchanged():
    old = {"id": "a", "name_zh": "医生", "name_en": "Doctors", "unit_zh": "人", "unit_en": "people"}
    assert flatten(old, "f.yaml", "a") == old


def test_a_label_given_twice_is_refused_with_the_field():
    with pytest.raises(InputError) as e:
        flatten({"name": {"zh": "医生"}, "name_zh": "医师"}, "f.yaml", "doctors")
    assert str(e.value).startswith("f.yaml: doctors.name_zh: given twice")


def test_a_label_keyed_by_something_else_than_a_language_is_refused():
    with pytest.raises(InputError) as e:
        flatten({"name": {"Chinese": "医生"}}, "f.yaml", "doctors")
    assert "doctors.name" in str(e.value) and "'Chinese'" in str(e.value)


def test_categories_in_both_forms():
    assert category_labels({"幼有所育": "Early childhood", "学有所教": {"en": "Education", "fr": "Éducation"}},
                           "f.yaml") == {"幼有所育": {"en": "Early childhood"},
                                         "学有所教": {"en": "Education", "fr": "Éducation"}}


def test_plan_yaml_title_and_area_names_by_language():
    got = flatten_plan({"title": {"zh": "《规划》", "en": "The plan"}, "area": {"name": {"zh": "晋中市", "en": "Jinzhong"},
                                                                            "level": "city"},
                        "parent_areas": [{"name": {"zh": "山西省", "en": "Shanxi"}, "level": "province"}]}, "plan.yaml")
    assert got["title"] == "《规划》" and got["title_en"] == "The plan"
    assert got["area"] == {"name": "晋中市", "name_en": "Jinzhong", "level": "city"}
    assert got["parent_areas"][0] == {"name": "山西省", "name_en": "Shanxi", "level": "province"}


def test_the_bundled_metadata_reads_as_the_documented_columns():
    first = load_metadata()["indicators"][0]
    assert (first["name_zh"], first["name_en"], first["unit_zh"]) == ("孕产妇死亡率", "Maternal mortality ratio", "1/10万")
    income = next(s for s in load_series() if s["id"] == "urban_disposable_income")
    assert (income["unit"], income["unit_en"]) == ("元", "yuan")  # the plan's unit stays bare: facts match it


def test_a_third_languages_labels_reach_indicators_csv(tmp_path):
    folder = tmp_path / "plan"
    shutil.copytree(paths.DEFAULT_PLAN, folder)
    meta = folder / "indicators.yaml"
    text = meta.read_text(encoding="utf-8")
    text = text.replace("name: {zh: 孕产妇死亡率, en: Maternal mortality ratio}",
                        "name: {zh: 孕产妇死亡率, en: Maternal mortality ratio, fr: Taux de mortalité maternelle}", 1)
    text = text.replace("  幼有所育: {en: Early childhood}", "  幼有所育: {en: Early childhood, fr: Petite enfance}", 1)
    meta.write_text(text, encoding="utf-8")
    ind = parse_plan(folder).indicators.set_index("id")
    row = ind.loc["maternal_mortality_ratio"]
    assert (row["name_fr"], row["category_fr"]) == ("Taux de mortalité maternelle", "Petite enfance")
    # a row with no French name has none (never another language's words in its place)
    assert ind["name_fr"].isna().sum() == 30  # 31 rows, one named in French
    # the documented columns first, unchanged; the French ones after them
    assert list(ind.reset_index().columns[-3:]) == ["source_line", "category_fr", "name_fr"]
