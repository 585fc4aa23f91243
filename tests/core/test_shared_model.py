"""A model sent to workers once: written once, read back only if its digest matches, kept per worker."""

import pickle

import pytest

from leadership_nlp.core import shared_model
from leadership_nlp.core.shared_model import SharedModel


def test_a_worker_reads_the_model_once_and_keeps_it(monkeypatch):
    monkeypatch.setattr(shared_model, "_LOADED", type(shared_model._LOADED)())
    with SharedModel({"weights": [1.0, 2.0]}) as shared:
        copy = pickle.loads(pickle.dumps(shared))  # what a task carries
        first = copy.get()
        assert first == {"weights": [1.0, 2.0]}
        shared.path.write_bytes(b"gone")  # a second read would notice
        assert copy.get() is first
        copy.close()  # a worker's copy removes nothing
        assert shared.path.exists()
    assert not shared.path.parent.exists()


def test_a_changed_file_is_refused_and_never_unpickled(monkeypatch):
    monkeypatch.setattr(shared_model, "_LOADED", type(shared_model._LOADED)())
    with SharedModel(["model"]) as shared:
        shared.path.write_bytes(pickle.dumps(["planted"]))
        monkeypatch.setattr(pickle, "loads", lambda data: pytest.fail("unpickled a file that did not match"))
        with pytest.raises(ValueError, match="changed since it was written"):
            shared.get()


def test_a_worker_keeps_only_the_last_two_models(monkeypatch):
    monkeypatch.setattr(shared_model, "_LOADED", type(shared_model._LOADED)())
    handles = [SharedModel([i]) for i in range(3)]
    try:
        assert [h.get() for h in handles] == [[0], [1], [2]]
        assert list(shared_model._LOADED) == [h.sha256 for h in handles[1:]]
    finally:
        for h in handles:
            h.close()
