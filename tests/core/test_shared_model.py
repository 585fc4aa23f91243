"""A model sent to workers once: written once, read back only if its digest matches, kept per worker."""

import pickle
import stat
import tempfile

import pytest

from leadership_nlp import ModelLoadError
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
        with pytest.raises(ModelLoadError, match="changed since it was written"):
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


def test_the_folder_is_its_owners_alone_and_nothing_is_left_of_a_model_that_cannot_be_pickled(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with SharedModel(["model"]) as shared:
        assert stat.S_IMODE(shared.path.parent.stat().st_mode) == 0o700
    with pytest.raises((pickle.PicklingError, AttributeError, TypeError)):
        SharedModel(lambda: "a model")
    assert list(tmp_path.iterdir()) == []


def test_an_abandoned_handle_removes_its_folder_when_collected():
    shared = SharedModel(["model"])
    folder = shared.path.parent
    del shared
    assert not folder.exists()
