"""Run the docstring examples of the installed package, not the source tree."""

import doctest
import importlib
import pkgutil

import pytest

import leadership_nlp

MODULES = sorted(m.name for m in pkgutil.walk_packages(leadership_nlp.__path__, "leadership_nlp."))


@pytest.mark.parametrize("name", ["leadership_nlp", *MODULES])
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
