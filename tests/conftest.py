import logging
import warnings

import pytest

from jzanalysis import paths

EXAMPLE_ACTUALS = paths.ROOT / "examples" / "actuals_example.csv"
YEAR = 2023  # the session report: year 2023 with the illustrative example actuals


@pytest.fixture(scope="session")
def plan_path():
    return paths.PLAN_TEXT


@pytest.fixture(scope="session")
def plan_lines(plan_path):
    return plan_path.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="session")
def parsed():
    from jzanalysis.plan.parse import parse_plan

    return parse_plan()


@pytest.fixture(scope="session")
def analysis():
    from jzanalysis.analysis.pipeline import analyse

    return analyse()


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)

    def text(self) -> str:
        return "\n".join(f"{r.levelname} {r.name}: {r.getMessage()}" for r in self.records)


@pytest.fixture(scope="session")
def report(tmp_path_factory) -> dict:
    """Run the whole report pipeline once per session; paths, exit status, log and warnings."""
    from jzanalysis import analyse
    from jzanalysis.publish.runner import run_report

    if not EXAMPLE_ACTUALS.is_file():
        pytest.skip(f"{EXAMPLE_ACTUALS} missing")
    out = tmp_path_factory.mktemp("report") / "out"
    prev = out / str(YEAR - 1) / "data" / "assessment.csv"
    prev.parent.mkdir(parents=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        analyse(actuals=EXAMPLE_ACTUALS, as_of=YEAR - 1).assessment.to_csv(prev, index=False)
    handler = _Records()
    logger = logging.getLogger("jzanalysis")
    logger.addHandler(handler)
    old = logger.level
    logger.setLevel(logging.INFO)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            status = run_report(year=YEAR, out=out, jobs=2, formats=("html", "pdf"), lang="zh",
                                actuals=EXAMPLE_ACTUALS)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)
    return dict(out=out, dir=out / str(YEAR), status=status, log=handler.text(),
                warnings=[str(w.message) for w in caught])


@pytest.fixture
def xx(tmp_path, monkeypatch):
    """A third language, xx (tests/third_language.py), for the length of one test."""
    from third_language import make_xx

    from jzanalysis import i18n

    i18n.use_plan_words(None)  # the bundled plan's words, whatever an earlier test set
    make_xx(tmp_path / "locales")
    monkeypatch.setenv(i18n.LOCALES_ENV, str(tmp_path / "locales"))
    i18n.reload()
    yield tmp_path / "locales"
    monkeypatch.delenv(i18n.LOCALES_ENV)
    i18n.reload()
