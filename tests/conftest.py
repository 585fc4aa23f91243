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


# -- shared models ------------------------------------------------------------------

#: The tiny model's training sentences: two per class, one facet each where oriented.
TINY_X = [
    "Shared a vision",
    "Inspired people",
    "Set the budget",
    "Scheduled shifts",
    "Born in 1990",
    "Lives in Leeds",
]
TINY_Y = ["leadership", "leadership", "management", "management", "neutral", "neutral"]
TINY_FACETS = [["direction"], ["people"], ["resources"], ["method"], [], []]


@pytest.fixture(scope="session")
def tiny_model():
    """A fitted estimator trained in milliseconds, for unit tests (do not refit it in place)."""
    from leadership_nlp import OrientationModel

    return OrientationModel(calibrate=False).fit(TINY_X, TINY_Y, facets=TINY_FACETS)


@pytest.fixture(scope="session")
def shipped_estimator():
    """The estimator the shipped model was compiled from: ``train()`` is deterministic (about 5 s)."""
    from leadership_nlp.train.training import train

    return train()


@pytest.fixture(scope="session")
def trained_model(shipped_estimator, tmp_path_factory):
    """``shipped_estimator`` saved and loaded as a runtime model, in this process.

    Tests that hold the compiled form to the estimator at 1e-9 use this, not
    the shipped files: retrained on another CPU the weights move by about 1e-9
    (BLAS and ``exp`` kernels differ), which the shipped-model test allows for.
    """
    from leadership_nlp import load_model
    from leadership_nlp.train.save import save_model

    folder = tmp_path_factory.mktemp("trained_model")
    save_model(shipped_estimator, folder)
    return load_model(folder)


_SUMMARY: list[str] = []


@pytest.fixture(scope="session")
def terminal_summary() -> list[str]:
    """Lines to print at the end of the run, after the test results."""
    return _SUMMARY


def pytest_sessionfinish(session) -> None:
    # A pytest-xdist worker hands its lines to the controller, which prints them.
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output["measured"] = list(_SUMMARY)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    _SUMMARY.extend(getattr(node, "workeroutput", {}).get("measured", []))


def pytest_terminal_summary(terminalreporter) -> None:
    if _SUMMARY:
        terminalreporter.write_sep("-", "measured")
        for line in _SUMMARY:
            terminalreporter.write_line(line)
