"""A model given to ``classify_batch(..., model=...)``, sent to worker processes once, not per task.

joblib pickles a task's arguments with every task: the shipped model is
about 11 MB pickled, 60 ms each way, so with small tasks the model cost more
than the texts. :class:`SharedModel` pickles it once into a file of a private
temporary folder; a task carries only that file's path and SHA-256, and each
worker unpickles the file once (after checking the digest: a file that does
not match is refused, never unpickled) and keeps the model for later tasks.
"""

from __future__ import annotations

import hashlib
import pickle
import shutil
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

#: Models kept per worker process, by digest (a run shares one).
_KEEP = 2
_LOADED: OrderedDict[str, Any] = OrderedDict()
_LOCK = threading.Lock()


class SharedModel:
    """A model written once for the workers of one run; :meth:`get` gives it back in any of them.

    Use as a context manager (or call :meth:`close`): the folder is removed at the end.
    """

    def __init__(self, model: Any):
        data = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
        self.sha256 = hashlib.sha256(data).hexdigest()
        # mkdtemp makes a new folder only its owner can enter: nothing can be planted in it.
        self._folder = Path(tempfile.mkdtemp(prefix="leadership-nlp-model-"))
        self.path = self._folder / "model.pickle"
        with open(self.path, "xb") as handle:
            handle.write(data)

    def __getstate__(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "path": self.path, "_folder": None}

    def __enter__(self) -> SharedModel:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Remove the model's file (only in the process that wrote it)."""
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)

    def get(self) -> Any:
        """Return the model: kept from an earlier task, else read from the file.

        Raises
        ------
        ValueError
            If the file's SHA-256 is not the one the model was written with.
        """
        with _LOCK:
            model = _LOADED.get(self.sha256)
            if model is not None:
                _LOADED.move_to_end(self.sha256)
                return model
        data = self.path.read_bytes()
        if hashlib.sha256(data).hexdigest() != self.sha256:
            raise ValueError(f"{self.path} changed since it was written: the model is not unpickled")
        model = pickle.loads(data)
        _remember(self.sha256, model)
        return model


def _remember(sha256: str, model: Any) -> None:
    with _LOCK:
        _LOADED[sha256] = model
        _LOADED.move_to_end(sha256)
        while len(_LOADED) > _KEEP:
            _LOADED.popitem(last=False)
