"""First use from many threads at once: one tokenizer, one vocabulary, one model.

Each case runs in a fresh interpreter, because the bug lives in what a process
builds on its first call (an unlocked cache built one spaCy vocabulary per
thread, and strings added to one were missing from another: ``E084``).
"""

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
