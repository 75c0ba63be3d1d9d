"""The committed notebooks: no outputs, one papermill ``parameters`` cell of typed literals, no logic.

Fast: nothing is executed here (execution is covered by ``test_report.py``).
"""

from __future__ import annotations

import ast
import re

import nbformat
import pytest

from jzanalysis import paths

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("*.ipynb"))
EXPECTED = {"01_overview", "02_indicators", "03_audit", "04_method_walkthrough"}
COMMON = {"year": "int", "lang": "str", "actuals": "str", "plan": "str"}
EXTRA = {"01_overview": {"previous": "str"}, "02_indicators": {"category": "str"},
         "04_method_walkthrough": {"indicator": "str"}}
LITERAL_TYPES = {"int", "str", "float", "bool"}


def _ids(p):
    return p.stem


def _code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def _parameter_cells(nb):
    return [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]


def test_the_four_notebooks_exist():
    assert {p.stem for p in NOTEBOOKS} == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_committed_without_outputs_or_execution_counts(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for i, cell in enumerate(_code_cells(nb)):
        assert cell.outputs == [], f"{path.name}: code cell {i} has outputs (clear them before committing)"
        assert cell.execution_count is None, f"{path.name}: code cell {i} has an execution count"
    assert "papermill" not in nb.metadata, f"{path.name}: papermill metadata of an executed copy"
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_one_parameters_cell_of_typed_literals_with_help(path):
    nb = nbformat.read(path, as_version=4)
    cells = _parameter_cells(nb)
    assert len(cells) == 1, f"{path.name}: expected exactly one cell tagged 'parameters', found {len(cells)}"
    cell = cells[0]
    assert cell.cell_type == "code"
    tree = ast.parse(cell.source)
    names = {}
    for node in tree.body:
        assert isinstance(node, ast.AnnAssign), f"{path.name}: only annotated assignments, found {ast.dump(node)}"
        assert isinstance(node.target, ast.Name)
        assert isinstance(node.annotation, ast.Name) and node.annotation.id in LITERAL_TYPES, \
            f"{path.name}: {node.target.id}: type hint must be one of {LITERAL_TYPES}"
        assert node.value is not None and isinstance(node.value, ast.Constant), \
            f"{path.name}: {node.target.id}: value must be a literal (derived values go in the next cell)"
        assert type(node.value.value).__name__ == node.annotation.id, \
            f"{path.name}: {node.target.id}: literal does not match its type hint"
        names[node.target.id] = node.annotation.id
    lines = [ln for ln in cell.source.splitlines() if ln.strip()]
    assert len(lines) == len(tree.body), f"{path.name}: one parameter per line, nothing else"
    for line in lines:
        code, sep, help_ = line.partition("  # ")
        assert sep and help_.strip(), f"{path.name}: parameter without a '# help' comment: {line!r}"
        assert line.count("=") == 1, f"{path.name}: papermill cannot parse a second '=' (in the help): {line!r}"
    expected = {**COMMON, **EXTRA.get(path.stem, {})}
    for name, typ in expected.items():
        assert names.get(name) == typ, f"{path.name}: parameter {name}: {typ} missing"
    # derived values follow in the next cell
    after = nb.cells[nb.cells.index(cell) + 1]
    assert after.cell_type == "code" and "jzanalysis" in after.source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_no_function_or_class_definitions(path):
    """Notebooks call the library; logic lives in jzanalysis (plots, render, ...)."""
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(_code_cells(nb)):
        assert not re.search(r"^\s*[%!]", cell.source, re.M), f"{path.name}: cell {i}: no magics or shell"
        for node in ast.walk(ast.parse(cell.source)):
            assert not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)), \
                f"{path.name}: cell {i} defines {type(node).__name__} (put it in the library)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_papermill_inspect_lists_the_parameters(path):
    papermill = pytest.importorskip("papermill")
    params = papermill.inspect_notebook(str(path))
    expected = {**COMMON, **EXTRA.get(path.stem, {})}
    assert set(expected) <= set(params), f"{path.name}: papermill sees {sorted(params)}"
    for name, typ in expected.items():
        assert params[name]["inferred_type_name"] == typ
        assert params[name]["help"], f"{path.name}: {name}: no help text"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_first_cell_is_a_chinese_title(path):
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert re.search(r"[\u4e00-\u9fff]", first.source.splitlines()[0])


@pytest.mark.slow
def test_method_walkthrough_recomputes_the_numbers(tmp_path):
    """The walkthrough runs with its default (urban disposable income) and its by-hand CAGR equals the
    library's: (45000/36578)^(1/5) - 1 = 4.2314 %."""
    papermill = pytest.importorskip("papermill")
    out = tmp_path / "walk.ipynb"
    papermill.execute_notebook(str(paths.NOTEBOOKS / "04_method_walkthrough.ipynb"), str(out),
                               kernel_name="python3", progress_bar=False, cwd=str(tmp_path))
    nb = nbformat.read(out, as_version=4)
    text = "\n".join(o.get("data", {}).get("text/plain", "") for c in nb.cells for o in c.get("outputs", [])
                     if isinstance(o.get("data", {}).get("text/plain", ""), str))
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert re.search(r"cagr\s+4\.2313\d*\s+4\.2313", text), text[:2000]
