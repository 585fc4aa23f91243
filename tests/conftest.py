"""Shared test configuration: a deterministic hypothesis profile.

The "ci" profile is loaded by default: derandomized (the same examples on
every run and machine), no example database, no per-example deadline (the
first call loads the model), and a modest number of examples so the suite
stays fast. Set ``HYPOTHESIS_PROFILE=thorough`` to search harder locally.

Tests that measure something add lines to the ``terminal_summary`` fixture;
they are printed after the results of every run, so CI logs show the figures
without ``-s``.
"""

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    deadline=None,
    max_examples=40,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "thorough",
    parent=settings.get_profile("ci"),
    max_examples=1000,
    derandomize=False,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

_SUMMARY: list[str] = []


@pytest.fixture(scope="session")
def terminal_summary() -> list[str]:
    """Lines to print at the end of the run, after the test results."""
    return _SUMMARY


def pytest_terminal_summary(terminalreporter) -> None:
    if _SUMMARY:
        terminalreporter.write_sep("-", "measured")
        for line in _SUMMARY:
            terminalreporter.write_line(line)
