"""Benchmarks of leadership-nlp: throughput, start-up, scaling and peers.

Run from anywhere; paths are relative to this file's repository::

    python benchmarks/bench.py                 # every section at full size (see README.md)
    python benchmarks/bench.py --smoke         # tiny sizes, plumbing only (CI)
    python benchmarks/bench.py --only scaling --scaling 1000,10000 --merge

Sections: ``throughput`` (``classify_batch`` with one and two processes
against the ``spacy.blank("en")`` + sentencizer floor), ``startup`` (import,
model load, first call; model size), ``scaling`` (a generated stream in
batches) and ``peers`` (TF-IDF + LR and, with the ``bench`` extra, MiniLM).

Every measurement runs in a fresh subprocess of the same interpreter
(``bench.py --measure KIND --params JSON``), so each peak resident set size
(``ru_maxrss``) and start-up time belongs to that measurement alone. Results
go to ``results.json`` and ``results.md`` beside this file (or ``--json`` /
``--markdown``); each section is saved as soon as it is done, and
``--merge`` keeps the sections of an earlier run that are not re-run.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import cvtexts  # noqa: E402
import peers  # noqa: E402
import report  # noqa: E402

SECTIONS = ("throughput", "ratio", "startup", "scaling", "peers")
FULL = {
    "n_texts": 10_000,
    "ratio_texts": 2_000,
    "scaling": [1_000, 10_000, 100_000],
    "stream_batch": 1_000,
    "peer_texts": 2_000,
    "minilm_texts": 100,
    "startup_repeats": 5,
    "chunk_size": None,  # the library's default
    "isolated": True,
    "peer_train_every": 1,
}
SMOKE = {
    "n_texts": 20,
    "ratio_texts": 10,
    "scaling": [5, 10, 20],
    "stream_batch": 5,
    "peer_texts": 10,
    "minilm_texts": 5,
    "startup_repeats": 1,
    "chunk_size": 8,  # small enough that n_jobs=2 really uses two workers
    "isolated": False,  # start-up still runs in a fresh subprocess
    "peer_train_every": 5,  # peers train on every 5th unit: plumbing, not accuracy
}
DEV_SET = REPO.parent / "shared" / "eval" / "dev_statements.jsonl"


# -- helpers shared by the measurements ------------------------------------------


def peak_rss_mb() -> float:
    """Return this process's peak resident set size in MiB (Linux ``ru_maxrss`` is KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _status(path: Path) -> dict[str, str]:
    fields = {}
    for line in path.read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return fields


def rss_mb() -> float:
    """Return this process's current resident set size in MiB."""
    return round(int(_status(Path("/proc/self/status"))["VmRSS"].split()[0]) / 1024, 1)


def children_peak_rss_mb() -> float | None:
    """Return the largest peak RSS (MiB) among live child processes (joblib's workers)."""
    me, peaks = str(os.getpid()), []
    for path in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = _status(path)
        except OSError:
            continue
        if fields.get("PPid") == me and "VmHWM" in fields:
            peaks.append(int(fields["VmHWM"].split()[0]) / 1024)
    return round(max(peaks), 1) if peaks else None


def batched(items: Iterable[str], size: int) -> Iterator[list[str]]:
    """Yield lists of up to ``size`` consecutive items."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def rates(n_texts: int, n_words: int, seconds: float) -> dict[str, float]:
    """Return texts/s and words/s for a timed run."""
    return {
        "seconds": round(seconds, 3),
        "texts_per_s": round(n_texts / seconds, 2),
        "words_per_s": round(n_words / seconds, 1),
    }


def _texts(p: dict[str, Any], n: int) -> list[str]:
    return list(cvtexts.iter_texts(n, cvtexts.read_pool(p["pool"]), p["seed"]))


def _warmup_texts(p: dict[str, Any], n: int) -> list[str]:
    # Texts after the measured ones, so warm-up never sees a measured text.
    return list(cvtexts.iter_texts(n, cvtexts.read_pool(p["pool"]), p["seed"], start=10**7))


def _chunk_kw(p: dict[str, Any]) -> dict[str, int]:
    return {} if p.get("chunk_size") is None else {"chunk_size": p["chunk_size"]}


# -- measurements (each runs in its own subprocess) ------------------------------


def measure_ours(p: dict[str, Any]) -> dict[str, Any]:
    """Time ``classify_batch`` over ``n`` texts with ``n_jobs`` workers, warmed up."""
    import leadership_nlp

    texts = _texts(p, p["n"])
    leadership_nlp.load_model()
    chunk = p.get("chunk_size") or 64
    # Warm-up: loads the lemma table, and with n_jobs > 1 starts the workers
    # and loads the model in each of them (more than one chunk per worker).
    leadership_nlp.classify_batch(_warmup_texts(p, 2 * chunk + 1), n_jobs=p["n_jobs"], **_chunk_kw(p))
    before = rss_mb()
    start = time.perf_counter()
    if p.get("stream"):
        # iter_classify: each result is consumed (counted) and dropped.
        results = [
            _Tally(r.label, sum(r.counts.values()))
            for r in leadership_nlp.iter_classify(texts, n_jobs=p["n_jobs"], **_chunk_kw(p))
        ]
    else:
        results = leadership_nlp.classify_batch(texts, n_jobs=p["n_jobs"], **_chunk_kw(p))
    seconds = time.perf_counter() - start
    words = sum(len(t.split()) for t in texts)
    return {
        "n_jobs": p["n_jobs"],
        "stream": bool(p.get("stream")),
        "texts": len(texts),
        "words": words,
        "sentences": sum(sum(r.counts.values()) for r in results),
        **rates(len(texts), words, seconds),
        "rss_before_mb": before,
        "peak_rss_mb": peak_rss_mb(),
        "worker_peak_rss_mb": children_peak_rss_mb() if p["n_jobs"] != 1 else None,
        "labels": dict(Counter(r.label for r in results)),
    }


class _Tally:
    """What the streamed run keeps of a result: its label and sentence count."""

    __slots__ = ("counts", "label")

    def __init__(self, label: str, sentences: int):
        self.label = label
        self.counts = {"all": sentences}


def measure_spacy_floor(p: dict[str, Any]) -> dict[str, Any]:
    """Time ``spacy.blank("en")`` + sentencizer (``nlp.pipe``) over the same texts."""
    import spacy

    texts = _texts(p, p["n"])
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    for _ in nlp.pipe(_warmup_texts(p, 20)):
        pass
    start = time.perf_counter()
    sentences = sum(sum(1 for _ in doc.sents) for doc in nlp.pipe(texts))
    seconds = time.perf_counter() - start
    words = sum(len(t.split()) for t in texts)
    return {
        "texts": len(texts),
        "words": words,
        "sentences": sentences,
        **rates(len(texts), words, seconds),
        "peak_rss_mb": peak_rss_mb(),
    }


def measure_interleaved(p: dict[str, Any]) -> dict[str, Any]:
    """Time the spaCy floor and ``classify_batch`` on alternate chunks, in one process.

    Both see the same machine load at nearly the same moment, so their ratio
    holds even where other processes come and go (a shared machine); the
    order within each pair of chunks alternates so that neither always runs
    first.
    """
    import spacy

    import leadership_nlp

    texts = _texts(p, p["n"])
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    leadership_nlp.load_model()
    warm = _warmup_texts(p, 20)
    leadership_nlp.classify_batch(warm)
    for _ in nlp.pipe(warm):
        pass

    def floor(chunk: list[str]) -> None:
        for doc in nlp.pipe(chunk):
            sum(1 for _ in doc.sents)

    seconds = {"floor": 0.0, "ours": 0.0}
    runners = {"floor": floor, "ours": leadership_nlp.classify_batch}
    for k, chunk in enumerate(batched(texts, p["chunk"])):
        for name in ("floor", "ours") if k % 2 == 0 else ("ours", "floor"):
            start = time.perf_counter()
            runners[name](chunk)
            seconds[name] += time.perf_counter() - start
    words = sum(len(t.split()) for t in texts)
    floor_rate, ours_rate = words / seconds["floor"], words / seconds["ours"]
    return {
        "texts": len(texts),
        "words": words,
        "chunk": p["chunk"],
        "spacy_floor": rates(len(texts), words, seconds["floor"]),
        "ours_1": rates(len(texts), words, seconds["ours"]),
        "ratio_to_spacy_floor": round(ours_rate / floor_rate, 3),
    }


def measure_startup(p: dict[str, Any]) -> dict[str, Any]:
    """Time ``import leadership_nlp``, ``load_model()`` and the first ``classify``."""
    t0 = time.perf_counter()
    import leadership_nlp

    t1 = time.perf_counter()
    leadership_nlp.load_model()
    t2 = time.perf_counter()
    leadership_nlp.classify("I manage upwards of 100 people.")
    t3 = time.perf_counter()
    return {
        "import_s": round(t1 - t0, 3),
        "load_model_s": round(t2 - t1, 3),
        "import_and_load_s": round(t2 - t0, 3),
        "first_classify_s": round(t3 - t2, 3),
        "peak_rss_mb": peak_rss_mb(),
    }


def measure_startup_floor(p: dict[str, Any]) -> dict[str, Any]:
    """Time what any spaCy-based library pays first: ``import spacy`` and ``spacy.blank("en")``."""
    t0 = time.perf_counter()
    import spacy

    t1 = time.perf_counter()
    spacy.blank("en")
    t2 = time.perf_counter()
    return {"import_spacy_s": round(t1 - t0, 3), "blank_en_s": round(t2 - t1, 3)}


def measure_scaling(p: dict[str, Any]) -> dict[str, Any]:
    """Classify a generated stream of ``n`` texts in batches; time only the classifying."""
    import leadership_nlp

    pool = cvtexts.read_pool(p["pool"])
    leadership_nlp.load_model()
    leadership_nlp.classify_batch(_warmup_texts(p, 5))
    before = rss_mb()
    seconds, words, n, labels = 0.0, 0, 0, Counter()
    for chunk in batched(cvtexts.iter_texts(p["n"], pool, p["seed"]), p["stream_batch"]):
        words += sum(len(t.split()) for t in chunk)
        start = time.perf_counter()
        results = leadership_nlp.classify_batch(chunk)
        seconds += time.perf_counter() - start
        n += len(results)
        labels.update(r.label for r in results)
        del results
    return {
        "texts": n,
        "words": words,
        **rates(n, words, seconds),
        "ms_per_text": round(1000 * seconds / n, 2),
        "rss_before_mb": before,
        "peak_rss_mb": peak_rss_mb(),
        "labels": dict(labels),
    }


MEASURES = {
    "ours": measure_ours,
    "spacy_floor": measure_spacy_floor,
    "interleaved": measure_interleaved,
    "startup": measure_startup,
    "startup_floor": measure_startup_floor,
    "scaling": measure_scaling,
    "ours_sentences": peers.measure_ours_sentences,
    "tfidf": peers.measure_tfidf,
    "minilm": peers.measure_minilm,
}


# -- the runner ---------------------------------------------------------------------


def run_measure(kind: str, params: dict[str, Any], *, isolated: bool = True) -> dict[str, Any]:
    """Run one measurement and return its JSON result.

    Parameters
    ----------
    kind : str
        A key of :data:`MEASURES`.
    params : dict
        Its parameters (JSON-serialisable).
    isolated : bool, default=True
        Run it in a fresh subprocess. ``--smoke`` runs most measurements in
        this process instead, to finish quickly: its memory figures are then
        cumulative and its timings include nothing of start-up.
    """
    if not isolated:
        start = time.perf_counter()
        result = json.loads(json.dumps(MEASURES[kind](params)))
        result["process_wall_s"] = None
        seconds = time.perf_counter() - start
        print(f"  {kind} {params.get('n', '')}: {seconds:.1f} s (in process)", file=sys.stderr)
        return result
    cmd = [sys.executable, str(Path(__file__).resolve()), "--measure", kind, "--params", json.dumps(params)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"measurement {kind} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["process_wall_s"] = round(wall, 3)
    print(f"  {kind} {json.dumps(params.get('n', ''))}: {wall:.1f} s", file=sys.stderr, flush=True)
    return result


def machine() -> dict[str, Any]:
    """Describe the machine: cores, CPU model, memory, Python and library versions."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = int(_status(Path("/proc/meminfo"))["MemTotal"].split()[0])
    from importlib.metadata import PackageNotFoundError, version

    names = ("leadership-nlp", "spacy", "scikit-learn", "numpy", "torch", "sentence-transformers")
    libs = {}
    for name in names:
        try:
            libs[name] = version(name)
        except PackageNotFoundError:
            pass
    git = ["git", "-C", str(REPO)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run([*git, "status", "--porcelain", "leadership_nlp"], capture_output=True, text=True)
    commit = head.stdout.strip() or "unknown"
    if dirty.stdout.strip():
        commit += " + uncommitted changes in leadership_nlp/"
    import hashlib

    import leadership_nlp

    package = Path(leadership_nlp.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + path.read_bytes())
    commit += f"; package files sha256 {digest.hexdigest()[:12]} ({package})"
    return {
        "commit": commit,
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gib": round(mem_kb / 1024**2, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "libraries": libs,
    }


def model_size() -> dict[str, Any]:
    """Return the files and total size of the shipped model folder."""
    from leadership_nlp.api import default_model_path

    files = {p.name: p.stat().st_size for p in sorted(default_model_path().iterdir()) if p.is_file()}
    return {"files": files, "total_bytes": sum(files.values())}


def run(
    sizes: dict[str, Any],
    only: Iterable[str],
    seed: int,
    workdir: Path,
    results: dict[str, Any],
    save: Any = None,
) -> dict[str, Any]:
    """Run the selected sections into ``results`` and return it.

    Each section is stored with a ``run`` record (command, date, load average
    before and after, seconds) as soon as it is done, and ``save(results)`` is
    called, so a long run keeps what it measured and sections can be re-run
    one at a time (``--merge``).
    """
    only = set(only)
    pool = cvtexts.sentence_pool()
    pool_path = workdir / "pool.json"
    cvtexts.save_pool(pool, pool_path)
    base = {"pool": str(pool_path), "seed": seed, "chunk_size": sizes["chunk_size"]}
    command = "python benchmarks/bench.py " + " ".join(sys.argv[1:])

    def measure(kind: str, params: dict[str, Any]) -> dict[str, Any]:
        return run_measure(kind, params, isolated=sizes["isolated"])

    def timed(section: str, fn: Any) -> None:
        if section not in only:
            return
        print(f"{section}:", file=sys.stderr, flush=True)
        t, load = time.perf_counter(), os.getloadavg()
        value = fn()
        results[section] = value
        results.setdefault("runs", {})[section] = {
            "command": command.strip(),
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "seconds": round(time.perf_counter() - t, 1),
            "load_average_before": [round(x, 2) for x in load],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "isolated": sizes["isolated"],
            "sizes": sizes,
            "seed": seed,
            "pool_sentences": len(pool),
        }
        if save:
            save(results)

    def throughput() -> dict[str, Any]:
        n = {**base, "n": sizes["n_texts"]}
        res = {
            "spacy_floor": measure("spacy_floor", n),
            "ours_1": measure("ours", {**n, "n_jobs": 1}),
            "ours_2": measure("ours", {**n, "n_jobs": 2}),
            "ours_stream": measure("ours", {**n, "n_jobs": 1, "stream": True}),
        }
        floor = res["spacy_floor"]["words_per_s"]
        for key in ("ours_1", "ours_2", "ours_stream"):
            res[key]["ratio_to_spacy_floor"] = round(res[key]["words_per_s"] / floor, 3)
        return res

    def ratio() -> dict[str, Any]:
        chunk = 100 if sizes["isolated"] else 5
        return measure("interleaved", {**base, "n": sizes["ratio_texts"], "chunk": chunk})

    def startup() -> dict[str, Any]:
        runs = [run_measure("startup", base) for _ in range(sizes["startup_repeats"])]
        keys = ("import_s", "load_model_s", "import_and_load_s", "first_classify_s", "process_wall_s")
        floors = [run_measure("startup_floor", base) for _ in range(sizes["startup_repeats"])]
        return {
            "repeats": len(runs),
            **{f"median_{k}": round(statistics.median(r[k] for r in runs), 3) for k in keys},
            **{
                f"median_{k}": round(statistics.median(r[k] for r in floors), 3)
                for k in ("import_spacy_s", "blank_en_s")
            },
            "runs": runs,
            "floor_runs": floors,
            "model": model_size(),
        }

    def scaling() -> dict[str, Any]:
        extra = {"stream_batch": sizes["stream_batch"]}
        rows = [measure("scaling", {**base, **extra, "n": n}) for n in sizes["scaling"]]
        return {"stream_batch": sizes["stream_batch"], "rows": rows}

    def peer_section() -> dict[str, Any]:
        dev = str(DEV_SET) if DEV_SET.exists() else None
        p = {**base, "n": sizes["peer_texts"], "dev": dev, "train_every": sizes["peer_train_every"]}
        res = {
            "ours_sentences": measure("ours_sentences", p),
            "tfidf_lr": measure("tfidf", p),
        }
        missing = [m for m in peers.MINILM_MODULES if importlib.util.find_spec(m) is None]
        if missing:
            res["minilm"] = {"skipped": f"not installed: {', '.join(missing)} (the 'bench' extra)"}
        else:
            res["minilm"] = measure("minilm", {**p, "n": sizes["minilm_texts"]})
        return res

    timed("throughput", throughput)
    timed("ratio", ratio)
    timed("startup", startup)
    timed("scaling", scaling)
    timed("peers", peer_section)
    return results


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see the module docstring."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--smoke", action="store_true", help="tiny sizes, for CI")
    ap.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated, from {SECTIONS}")
    ap.add_argument("--n-texts", type=int, help="texts for the throughput section")
    ap.add_argument("--scaling", help="comma-separated stream sizes, e.g. 1000,10000,100000")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path, help="write the results here (default in a full run: results.json)")
    ap.add_argument("--markdown", type=Path, help="write the tables here (default in a full run: results.md)")
    ap.add_argument("--merge", action="store_true", help="keep the other sections already in --json")
    ap.add_argument("--measure", choices=sorted(MEASURES), help=argparse.SUPPRESS)
    ap.add_argument("--params", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.measure:
        print(json.dumps(MEASURES[args.measure](json.loads(args.params))))
        return 0

    sizes = dict(SMOKE if args.smoke else FULL)
    if args.n_texts:
        sizes["n_texts"] = args.n_texts
    if args.scaling:
        sizes["scaling"] = [int(x) for x in args.scaling.split(",")]
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    if unknown := set(only) - set(SECTIONS):
        ap.error(f"unknown section(s) {sorted(unknown)}; choose from {SECTIONS}")
    json_path = args.json or (None if args.smoke else HERE / "results.json")
    md_path = args.markdown or (None if args.smoke else HERE / "results.md")
    results: dict[str, Any] = {}
    if args.merge and json_path and json_path.exists():
        results = json.loads(json_path.read_text("utf-8"))
    results["machine"] = machine()
    results["smoke"] = args.smoke

    def save(res: dict[str, Any]) -> None:
        if json_path:
            json_path.write_text(json.dumps(res, indent=2) + "\n", "utf-8")
        if md_path:
            md_path.write_text(report.markdown(res), "utf-8")

    with tempfile.TemporaryDirectory() as tmp:
        run(sizes, only, args.seed, Path(tmp), results, save)
    print(report.markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
