"""The 0.2 module paths still import, for one release, with a warning naming the new home."""

import importlib
import sys

import pytest

from leadership_nlp.moved import MOVED


@pytest.mark.parametrize("old", sorted(MOVED))
def test_an_old_path_gives_the_module_at_its_new_home(old):
    sys.modules.pop(f"leadership_nlp.{old}", None)
    with pytest.warns(
        DeprecationWarning, match=rf"leadership_nlp\.{old} moved to leadership_nlp\.{MOVED[old]}"
    ):
        module = importlib.import_module(f"leadership_nlp.{old}")
    new = importlib.import_module(f"leadership_nlp.{MOVED[old]}")
    assert module is new and new.__spec__.name == new.__name__  # the real module keeps its own spec


def test_the_0_2_readme_imports_still_work():
    for name in ("frame", "persist", "report", "report.redact", "role_profile"):
        sys.modules.pop(f"leadership_nlp.{name}", None)
    with pytest.warns(DeprecationWarning):
        from leadership_nlp.frame import score_frame  # noqa: F401
        from leadership_nlp.persist import save_model  # noqa: F401
        from leadership_nlp.report.redact import find_masks  # noqa: F401
        from leadership_nlp.role_profile import extract  # noqa: F401


def test_an_unknown_path_is_still_an_import_error():
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("leadership_nlp.no_such_module")
