"""First use from many threads at once: one tokenizer, one vocabulary, one model.

Each case runs in a fresh interpreter, because the bug lives in what a process
builds on its first call (an unlocked cache built one spaCy vocabulary per
thread, and strings added to one were missing from another: ``E084``).
"""

import os
import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent(
    """
    import threading
    import leadership_nlp
    from leadership_nlp.core.normalise import shared_nlp

    if {load_first}:
        leadership_nlp.load_model()
    barrier = threading.Barrier({threads})
    errors, models, vocabs = [], set(), set()

    def run():
        barrier.wait()
        try:
            models.add(id(leadership_nlp.load_model()))
            r = leadership_nlp.classify("I manage upwards of 100 people. I coach the team to grow.")
            assert r.role_profile.span_of_control == 100, r.role_profile
            vocabs.add(id(shared_nlp().vocab))
        except Exception as exc:
            errors.append(repr(exc))

    threads = [threading.Thread(target=run) for _ in range({threads})]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(len(errors), len(models), len(vocabs))
    print(errors[:1])
    """
)


@pytest.mark.parametrize("load_first", [False, True], ids=["cold", "after load_model"])
def test_eight_threads_classify_at_once_in_a_fresh_process(load_first):
    code = SCRIPT.format(load_first=load_first, threads=8)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    counts, first_error = out.stdout.splitlines()
    assert counts == "0 1 1", first_error  # no error, one model, one vocabulary


ROLE_SCRIPT = textwrap.dedent(
    """
    import threading
    from leadership_nlp.core import role_profile
    from leadership_nlp.core.normalise import make_clean_doc
    from leadership_nlp.core.role_matcher import default_patterns
    from leadership_nlp.core.segment import set_boundaries, sentences

    default_patterns()  # compiled: the threads then make new words' lexemes and mark them at once
    barrier = threading.Barrier(8)
    found = []

    def run():
        barrier.wait()
        doc = set_boundaries(make_clean_doc("I manage upwards of 100 people. I coach the team to grow."))
        found.append(role_profile.extract(sentences(doc)).span_of_control)

    threads = [threading.Thread(target=run) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(found)
    """
)


@pytest.mark.parametrize("attempt", range(3))
def test_eight_threads_read_the_role_profile_of_new_words_at_once(attempt):
    # A new word's lexeme was visible before its LOWER was set: a thread that marked it with the
    # role patterns' flag bits then gave it none, and up to seven threads of eight read no span.
    out = subprocess.run([sys.executable, "-c", ROLE_SCRIPT], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str([100] * 8)


def test_once_builds_a_single_object_under_contention():
    import threading
    import time

    from leadership_nlp.core.once import once

    calls = []

    @once
    def build():
        calls.append(1)
        time.sleep(0.05)  # a slow first build: every other thread arrives meanwhile
        return object()

    barrier = threading.Barrier(8)
    results = []

    def run():
        barrier.wait()
        results.append(build())

    threads = [threading.Thread(target=run) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and len({id(r) for r in results}) == 1
    build.cache_clear()
    assert build() is not results[0] and len(calls) == 2


def test_paused_gc_restores_the_collector_after_nested_concurrent_and_failed_builds():
    import gc
    import threading

    from leadership_nlp.core.once import paused_gc

    was = gc.isenabled()
    try:
        gc.enable()
        with paused_gc():
            with paused_gc():
                assert not gc.isenabled()
            assert not gc.isenabled()  # the outer block still builds
        assert gc.isenabled()
        barrier = threading.Barrier(4)

        def build():
            with paused_gc():
                barrier.wait()  # all four pauses overlap

        threads = [threading.Thread(target=build) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert gc.isenabled()
        # A collector the caller switched off stays off.
        gc.disable()
        with paused_gc():
            pass
        assert not gc.isenabled()
        # An exception inside still restores it.
        gc.enable()
        try:
            with paused_gc():
                raise KeyError
        except KeyError:
            pass
        assert gc.isenabled()
    finally:
        gc.enable() if was else gc.disable()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_process_forked_during_a_pause_has_its_collector_on():
    import gc
    import threading

    from leadership_nlp.core.once import paused_gc

    inside, done = threading.Event(), threading.Event()

    def build():
        with paused_gc():
            inside.set()
            done.wait(30)

    t = threading.Thread(target=build)
    t.start()
    try:
        assert inside.wait(30)
        pid = os.fork()
        if pid == 0:  # the child: the building thread is not there to end its pause
            os._exit(0 if gc.isenabled() else 1)
        _, status = os.waitpid(pid, 0)
    finally:
        done.set()
        t.join()
    assert os.waitstatus_to_exitcode(status) == 0


def test_loading_and_compiling_leave_the_collector_on():
    import gc

    from leadership_nlp.core.artifact import default_model_path, load_folder
    from leadership_nlp.core.role_matcher import compiled_for
    from leadership_nlp.core.role_patterns import load_patterns

    assert gc.isenabled()
    load_folder(default_model_path())
    compiled_for(load_patterns())
    assert gc.isenabled()
