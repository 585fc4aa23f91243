"""The module paths of leadership-nlp 0.2, which 0.3 moved into ``core``, ``train`` and ``adapters``.

``import leadership_nlp.frame`` (and every other old path below) still works
for one release: it gives the module at its new home, with a
``DeprecationWarning`` naming it. Installed by ``leadership_nlp/__init__.py``.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import warnings
from importlib.machinery import ModuleSpec
from types import ModuleType

#: Old module (under ``leadership_nlp.``) -> its new home.
MOVED: dict[str, str] = {
    "agreement": "train.agreement",
    "classifier": "train.classifier",
    "cli": "adapters.cli",
    "compiled": "core.model",
    "component": "adapters.component",
    "constants": "core.constants",
    "corpus": "train.corpus",
    "dask": "adapters.dask",
    "display": "core.display",
    "document": "core.document",
    "evaluation": "train.evaluation",
    "evidence": "core.evidence",
    "fairness": "train.fairness",
    "features": "train.features",
    "frame": "adapters.frame",
    "knowledge": "core.knowledge",
    "language": "core.language",
    "lexicon": "core.lexicon",
    "model": "train.estimator",
    "output": "adapters.output",
    "palette": "core.palette",
    "persist": "train.save",
    "readers": "adapters.readers",
    "report": "adapters.report",
    "role_patterns": "core.role_patterns",
    "role_profile": "core.role_profile",
    "schema": "core.schema",
    "scoring": "adapters.batch",
    "segment": "core.segment",
    "terms": "core.terms",
    "training": "train.training",
    "vectors": "train.vectors",
    "xlsx": "adapters.xlsx",
}


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    # Old name -> the module at its new home, registered under the old name too.

    def __init__(self) -> None:
        self._specs: dict[str, ModuleSpec | None] = {}

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> ModuleSpec | None:
        head, _, rest = fullname.partition(".")
        old = rest.partition(".")[0]
        if head != "leadership_nlp" or old not in MOVED:
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec: ModuleSpec) -> ModuleType:
        old = spec.name.split(".", 1)[1]
        first, _, below = old.partition(".")
        new = f"leadership_nlp.{MOVED[first]}" + (f".{below}" if below else "")
        warnings.warn(
            f"leadership_nlp.{old} moved to {new} in leadership-nlp 0.3; the old path goes in 0.4",
            DeprecationWarning,
            stacklevel=2,
        )
        module = importlib.import_module(new)
        self._specs[module.__name__] = module.__spec__
        return module

    def exec_module(self, module: ModuleType) -> None:
        """Give the module back its own spec (the import system set the old name's)."""
        module.__spec__ = self._specs[module.__name__]


def install() -> None:
    """Let the 0.2 module paths import their new homes (idempotent)."""
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        # First: the path finder would load an old submodule path (report.redact) as a new module.
        sys.meta_path.insert(0, _Finder())
