"""A compiled model given to ``classify_batch(..., model=...)``, sent to worker processes once, not per task.

joblib pickles a task's arguments with every batch of tasks it sends: the
shipped model is about 11 MB pickled, so with small tasks the model cost
more than the texts.
:class:`SharedModel` pickles it once into a file of a new temporary folder
that only its owner can enter; a task carries only the file's path and
SHA-256, and a worker unpickles the file when it first needs the model
(after checking the digest: a file that does not match is refused, never
unpickled) and keeps it for its later tasks. For worker processes of this
machine only (joblib's default backend): ``leadership_nlp.api`` sends any
other model, or to any other backend, with each batch of tasks as before.
"""

from __future__ import annotations

import hashlib
import pickle
import shutil
import tempfile
import threading
import weakref
from collections import OrderedDict
from pathlib import Path
from typing import Any

from .artifact import ModelLoadError

#: Models kept per worker process, by digest (a run shares one).
_KEEP = 2
_LOADED: OrderedDict[str, Any] = OrderedDict()
_LOCK = threading.Lock()


class SharedModel:
    """A model written once for the workers of one run; :meth:`get` gives it back in any of them.

    Use as a context manager (or call :meth:`close`): the folder is removed
    then, or when the object is collected or the process exits, whichever
    comes first (not if the process is killed).
    """

    def __init__(self, model: Any):
        data = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
        self.sha256 = hashlib.sha256(data).hexdigest()
        # mkdtemp makes a new folder only its owner can enter (0700): nothing
        # can be planted in it, and "xb" would refuse a file already there.
        folder = tempfile.mkdtemp(prefix="leadership-nlp-model-")
        self._cleanup = weakref.finalize(self, shutil.rmtree, folder, True)
        self.path = Path(folder) / "model.pickle"
        try:
            with open(self.path, "xb") as handle:
                handle.write(data)
        except BaseException:
            self._cleanup()
            raise

    def __getstate__(self) -> dict[str, Any]:
        # A task's copy: the path and the digest, never the folder's removal.
        return {"sha256": self.sha256, "path": self.path}

    def __enter__(self) -> SharedModel:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Remove the model's folder (in the process that wrote it; a task's copy removes nothing)."""
        cleanup = getattr(self, "_cleanup", None)
        if cleanup is not None:
            cleanup()

    def get(self) -> Any:
        """Return the model: kept from an earlier task, else read from the file.

        Raises
        ------
        ModelLoadError
            If the file's SHA-256 is not the one the model was written with.
        """
        with _LOCK:
            model = _LOADED.get(self.sha256)
            if model is not None:
                _LOADED.move_to_end(self.sha256)
                return model
        data = self.path.read_bytes()
        if hashlib.sha256(data).hexdigest() != self.sha256:  # the bytes hashed are the bytes unpickled
            raise ModelLoadError(f"{self.path} changed since it was written: the model is not unpickled")
        model = pickle.loads(data)
        with _LOCK:
            _LOADED[self.sha256] = model
            _LOADED.move_to_end(self.sha256)
            while len(_LOADED) > _KEEP:
                _LOADED.popitem(last=False)
        return model
