import pytest

from jzanalysis import paths


@pytest.fixture(scope="session")
def plan_path():
    return paths.PLAN_TEXT


@pytest.fixture(scope="session")
def plan_lines(plan_path):
    return plan_path.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="session")
def parsed():
    from jzanalysis.parse import parse_plan

    return parse_plan()


@pytest.fixture(scope="session")
def analysis():
    from jzanalysis.api import analyse

    return analyse()
