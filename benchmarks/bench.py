"""Benchmarks of leadership-nlp against the spaCy floor, a pure-Python limit and a peer.

Run from anywhere; paths are relative to this file's repository::

    python benchmarks/bench.py                  # every section at full size (see README.md)
    python benchmarks/bench.py --smoke          # tiny sizes, plumbing only (CI)
    python benchmarks/bench.py --only speed --set speed_cv=1000 --merge

Sections (``--only``):

``speed``
    Five systems on the same texts, in one process, on alternating chunks, for
    each register (CV text, job-ad prose, long-sentence prose): the stock floor
    ``spacy.blank("en")`` + sentencizer, the floor with the tokenizer fix, a
    pure-Python limit (``limit.py``), the TF-IDF + LR peer (one ``predict`` per
    text) and ``leadership_nlp.classify_batch``. Words/s and the ratio to the
    stock floor.
``startup``
    Time to the first result from a fresh process, against a fresh process
    that only imports spaCy and tokenizes one sentence; both read bytecode
    from one cache folder of the run, filled by an unmeasured process of each.
``memory``
    Peak memory of a process holding ``classify_batch`` results for 10,000 CVs.
``parallel``
    ``classify_batch`` with ``n_jobs=2`` against ``n_jobs=1``.
``cli``
    ``leadership-nlp score`` on a folder of text files, ``--n-jobs 2`` against 1.
``accuracy``
    Sentence macro-F1 on the validation set (``corpus/validation``) for ours,
    the peer and the limit.

The texts are built by a separate process (``cvtexts.py --write``) and read
from JSON by every measuring process, which therefore starts with cold
caches; each measurement runs in a fresh subprocess of the same interpreter
(``bench.py --measure KIND --params JSON``). Results go to ``results.json``
and ``results.md`` beside this file (or ``--json`` / ``--markdown``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import peers  # noqa: E402
import report  # noqa: E402

SECTIONS = ("speed", "startup", "memory", "parallel", "cli", "accuracy")
REGISTERS = ("cv", "job_ad", "long_prose")
SYSTEMS = ("floor", "floor_fix", "limit", "tfidf", "ours")
#: The tokenizer special cases that stop spaCy's tokenizer cache (issue 15, finding 1).
WHITESPACE_RULES = ("\n", "\t", " ", "\xa0")
FULL = {
    "speed_cv": 2_000,
    "speed_job_ad": 1_000,
    "speed_long_prose": 600,
    "chunk": 50,
    "startup_repeats": 5,
    "memory_texts": 10_000,
    "parallel_texts": 3_000,
    "parallel_chunk": 500,
    "cli_files": 1_000,
    "train_every": 1,
    "chunk_size": 0,  # 0: the library's default
}
SMOKE = {
    "speed_cv": 12,
    "speed_job_ad": 6,
    "speed_long_prose": 6,
    "chunk": 3,
    "startup_repeats": 1,
    "memory_texts": 12,
    "parallel_texts": 16,
    "parallel_chunk": 8,
    "cli_files": 4,
    "train_every": 5,  # the peer trains on every 5th unit: plumbing, not accuracy
    "chunk_size": 4,  # small enough that n_jobs=2 really uses two workers
}
#: CLI runs, alternating so that load changes fall on both alike; each consecutive pair of runs
#: (runs 1-2, 3-4, 5-6) gives a ratio of its own, to show how much the machine moves it.
CLI_ORDER = (1, 2, 2, 1, 1, 2)
FIRST_SENTENCE = "I manage a team of five people and set the budget."


# -- helpers ---------------------------------------------------------------------


def peak_rss_mb() -> float:
    """Return this process's peak resident set size in MB (10^6 bytes; Linux ``ru_maxrss`` is KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6, 1)


def _status(path: Path) -> dict[str, str]:
    fields = {}
    for line in path.read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return fields


def rss_mb() -> float:
    """Return this process's current resident set size in MB (10^6 bytes)."""
    return round(int(_status(Path("/proc/self/status"))["VmRSS"].split()[0]) * 1024 / 1e6, 1)


def words(texts: list[str]) -> int:
    """Whitespace-separated words: the unit of every words/s figure."""
    return sum(len(t.split()) for t in texts)


def read_texts(p: dict[str, Any], register: str, n: int | None = None) -> list[str]:
    """Read ``n`` texts of ``register`` from its JSON file (see :func:`build_texts`)."""
    path = Path(p["texts"].format(register))
    texts = json.loads(path.read_text("utf-8"))
    if n is not None and n > len(texts):
        raise ValueError(f"{path} holds {len(texts)} texts, {n} asked")
    return texts[:n]


def warmup_texts(p: dict[str, Any]) -> list[str]:
    """The fixed warm-up texts (not from the pool; see ``cvtexts.WARMUP``)."""
    return read_texts(p, "warmup")


def _chunk_kw(p: dict[str, Any]) -> dict[str, int]:
    return {"chunk_size": p["chunk_size"]} if p.get("chunk_size") else {}


def stock_floor() -> Any:
    """``spacy.blank("en")`` + sentencizer, as shipped."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def fixed_floor() -> Any:
    """The stock floor with the whitespace special cases dropped from the tokenizer rules.

    Built here, not taken from ``leadership_nlp.core.segment``, so the floor does not
    depend on the library.
    """
    nlp = stock_floor()
    nlp.tokenizer.rules = {k: v for k, v in nlp.tokenizer.rules.items() if k not in WHITESPACE_RULES}
    return nlp


# -- measurements (each runs in its own subprocess) ------------------------------


def measure_speed(p: dict[str, Any]) -> dict[str, Any]:
    """Time the five systems on alternating chunks of the same texts, in this process.

    Every system is built and warmed up on :data:`cvtexts.WARMUP` (a few words,
    not from the pool), so caches start cold on the measured texts for all of
    them alike. Chunk ``k`` runs the systems in an order rotated by ``k``, so
    none always runs first and machine load falls on all of them alike.
    """
    import joblib
    from limit import PureLimit

    import leadership_nlp
    from leadership_nlp.api import default_model_path

    texts = read_texts(p, p["register"], p["n"])
    warm = warmup_texts(p)
    floor, fixed = stock_floor(), fixed_floor()
    limit = PureLimit(default_model_path())
    tfidf = joblib.load(p["tfidf"])
    leadership_nlp.load_model()
    labels: dict[str, list[str]] = {"limit": [], "tfidf": [], "ours": []}
    sentences: Counter[str] = Counter()

    def run_floor(nlp: Any, name: str) -> Any:
        def run(chunk: list[str]) -> None:
            sentences[name] += sum(sum(1 for _ in doc.sents) for doc in nlp.pipe(chunk))

        return run

    def run_limit(chunk: list[str]) -> None:
        labels["limit"] += [limit.predict(t) for t in chunk]

    def run_tfidf(chunk: list[str]) -> None:
        labels["tfidf"] += [str(tfidf.predict([t])[0]) for t in chunk]

    def run_ours(chunk: list[str]) -> None:
        results = leadership_nlp.classify_batch(chunk, **_chunk_kw(p))
        labels["ours"] += [r.label for r in results]
        sentences["ours"] += sum(sum(r.counts.values()) for r in results)

    runners = {
        "floor": run_floor(floor, "floor"),
        "floor_fix": run_floor(fixed, "floor_fix"),
        "limit": run_limit,
        "tfidf": run_tfidf,
        "ours": run_ours,
    }
    for fn in runners.values():
        fn(warm)
    for key in labels:
        labels[key].clear()
    sentences.clear()
    wall = dict.fromkeys(SYSTEMS, 0.0)
    cpu = dict.fromkeys(SYSTEMS, 0.0)
    for k, start in enumerate(range(0, len(texts), p["chunk"])):
        chunk = texts[start : start + p["chunk"]]
        order = SYSTEMS[k % len(SYSTEMS) :] + SYSTEMS[: k % len(SYSTEMS)]
        for name in order:
            t0, c0 = time.perf_counter(), time.process_time()
            runners[name](chunk)
            wall[name] += time.perf_counter() - t0
            cpu[name] += time.process_time() - c0
    n_words = words(texts)
    chunks = [w for t in texts for w in t.split()]
    out: dict[str, Any] = {
        "register": p["register"],
        # How cache-friendly the texts are: distinct whitespace-separated strings per 1,000 words
        # of the whole run, the miss rate of a tokenizer cache that never switched off.
        "distinct_per_1000_words": round(1000 * len(set(chunks)) / len(chunks), 1),
        "texts": len(texts),
        "words": n_words,
        "chunk": p["chunk"],
        "sentences_per_text": round(sentences["floor"] / len(texts), 1),
        "systems": {},
    }
    for name in SYSTEMS:
        out["systems"][name] = {
            "seconds": round(wall[name], 3),
            "cpu_seconds": round(cpu[name], 3),
            "texts_per_s": round(len(texts) / wall[name], 2),
            "words_per_s": round(n_words / wall[name], 1),
            "ratio_to_floor": round(wall["floor"] / wall[name], 3),
            "cpu_ratio_to_floor": round(cpu["floor"] / cpu[name], 3) if cpu[name] > 0 else None,
        }
    for name in labels:
        out["systems"][name]["labels"] = dict(Counter(labels[name]))
    agree = sum(a == b for a, b in zip(labels["limit"], labels["ours"], strict=True))
    out["limit_agrees_with_ours"] = round(agree / len(texts), 4)
    out["ours_sentences_per_text"] = round(sentences["ours"] / len(texts), 1)
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def measure_first_result(p: dict[str, Any]) -> dict[str, Any]:
    """Time from process start to the first result (``p["what"]``: ``ours`` or ``floor``).

    ``p["spawned"]`` is the parent's ``time.time()`` just before it started this
    process, so the figure includes the interpreter's own start-up.
    """
    t0 = time.perf_counter()
    if p["what"] == "ours":
        import leadership_nlp

        label = leadership_nlp.classify(FIRST_SENTENCE).label
    else:
        import spacy

        label = str(len(spacy.blank("en")(FIRST_SENTENCE)))
    done = time.time()
    return {
        "what": p["what"],
        "in_process_s": round(time.perf_counter() - t0, 3),
        "from_spawn_s": round(done - p["spawned"], 3),
        "result": label,
    }


def measure_memory(p: dict[str, Any]) -> dict[str, Any]:
    """Peak memory of this process after ``classify_batch`` of ``n`` CVs, results kept in a list."""
    import leadership_nlp

    texts = read_texts(p, "cv", p["n"])
    leadership_nlp.load_model()
    leadership_nlp.classify_batch(warmup_texts(p))
    before = rss_mb()
    start = time.perf_counter()
    results = leadership_nlp.classify_batch(texts, **_chunk_kw(p))
    seconds = time.perf_counter() - start
    return {
        "texts": len(results),
        "words": words(texts),
        "seconds": round(seconds, 2),
        "texts_per_s": round(len(texts) / seconds, 2),
        "rss_before_mb": before,
        "rss_after_mb": rss_mb(),
        "peak_rss_mb": peak_rss_mb(),
    }


def measure_parallel(p: dict[str, Any]) -> dict[str, Any]:
    """``classify_batch`` with ``n_jobs=1`` and ``n_jobs=2`` on the same CVs, interleaved in this process.

    Every chunk of ``p["chunk"]`` texts is classified by both, in an order that
    alternates, so machine load falls on both alike; the warm-up starts the
    workers (joblib keeps them between calls).
    """
    import leadership_nlp

    texts = read_texts(p, "cv", p["n"])
    leadership_nlp.load_model()
    for n_jobs in (1, 2):
        # One text per task, so that both workers start (one task would run here).
        leadership_nlp.classify_batch(warmup_texts(p) * 4, n_jobs=n_jobs, chunk_size=1)
    seconds, labels = {1: 0.0, 2: 0.0}, {1: Counter(), 2: Counter()}
    for k, start in enumerate(range(0, len(texts), p["chunk"])):
        chunk = texts[start : start + p["chunk"]]
        for n_jobs in (1, 2) if k % 2 == 0 else (2, 1):
            t0 = time.perf_counter()
            results = leadership_nlp.classify_batch(chunk, n_jobs=n_jobs, **_chunk_kw(p))
            seconds[n_jobs] += time.perf_counter() - t0
            labels[n_jobs].update(r.label for r in results)
    out: dict[str, Any] = {"texts": len(texts), "chunk": p["chunk"], "cpus": os.cpu_count()}
    for n_jobs in (1, 2):
        out[f"n_jobs_{n_jobs}"] = {
            "seconds": round(seconds[n_jobs], 3),
            "texts_per_s": round(len(texts) / seconds[n_jobs], 2),
            "labels": dict(labels[n_jobs]),
        }
    out["speedup"] = round(seconds[1] / seconds[2], 3)
    out["same_labels"] = labels[1] == labels[2]
    return out


MEASURES = {
    "speed": measure_speed,
    "first_result": measure_first_result,
    "memory": measure_memory,
    "parallel": measure_parallel,
    "fit_tfidf": peers.fit_tfidf,
    "accuracy": peers.measure_accuracy,
}


# -- the runner ---------------------------------------------------------------------


def run_measure(kind: str, params: dict[str, Any], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run one measurement in a fresh subprocess (with ``env``, if given) and return its JSON result."""
    params = {**params, "spawned": time.time()} if kind == "first_result" else params
    cmd = [sys.executable, str(Path(__file__).resolve()), "--measure", kind, "--params", json.dumps(params)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, env=env)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"measurement {kind} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["process_wall_s"] = round(wall, 3)
    label = params.get("register") or params.get("what") or params.get("n_jobs") or ""
    print(f"  {kind} {label}: {wall:.1f} s", file=sys.stderr, flush=True)
    return result


def machine() -> dict[str, Any]:
    """Describe the machine: cores, CPU model, memory, Python and library versions, code."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    mem_kb = int(_status(Path("/proc/meminfo"))["MemTotal"].split()[0])
    from importlib.metadata import PackageNotFoundError, version

    libs = {}
    for name in ("leadership-nlp", "spacy", "scikit-learn", "numpy"):
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
    return {
        "commit": commit,
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gib": round(mem_kb / 1024**2, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "libraries": libs,
    }


def build_texts(sizes: dict[str, Any], seed: int, path: Path) -> dict[str, Any]:
    """Build the texts of every section in a separate process; return their counts.

    ``cvtexts.py --write`` writes them all to ``path``; they are then split into
    one file per register (``texts_cv.json``, ...), so that a measuring process
    reads, and holds in memory, only the texts it measures.
    """
    n_cv = max(sizes["speed_cv"], sizes["memory_texts"], sizes["parallel_texts"], sizes["cli_files"])
    cmd = [
        sys.executable,
        str(HERE / "cvtexts.py"),
        "--write",
        str(path),
        "--cv",
        str(n_cv),
        "--job-ads",
        str(sizes["speed_job_ad"]),
        "--long",
        str(sizes["speed_long_prose"]),
        "--seed",
        str(seed),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    if proc.returncode != 0:
        raise RuntimeError(f"building the texts failed:\n{proc.stderr[-4000:]}")
    data = json.loads(path.read_text("utf-8"))
    for key in (*REGISTERS, "warmup"):
        (path.parent / f"texts_{key}.json").write_text(json.dumps(data[key]), "utf-8")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def pair_speedups(order: Sequence[int], walls: Sequence[float]) -> list[float]:
    """Return time(--n-jobs 1) / time(--n-jobs 2) of each consecutive pair of runs (runs 1-2, 3-4, ...).

    Raises
    ------
    ValueError
        If the runs do not come in pairs of one ``--n-jobs 1`` and one ``--n-jobs 2`` run.
    """
    if (
        len(order) != len(walls)
        or len(order) % 2
        or any(sorted(order[i : i + 2]) != [1, 2] for i in range(0, len(order), 2))
    ):
        raise ValueError(f"runs {tuple(order)} do not come in pairs of --n-jobs 1 and 2")
    pairs = [dict(zip(order[i : i + 2], walls[i : i + 2], strict=True)) for i in range(0, len(order), 2)]
    return [round(p[1] / p[2], 3) for p in pairs]


def cli_executable() -> list[str]:
    """The ``leadership-nlp`` command of this interpreter's environment."""
    found = Path(sys.executable).parent / "leadership-nlp"
    if found.exists():
        return [str(found)]
    return [shutil.which("leadership-nlp") or "leadership-nlp"]


def run(
    sizes: dict[str, Any],
    only: list[str],
    seed: int,
    workdir: Path,
    results: dict[str, Any],
    save: Any = None,
):
    """Run the selected sections into ``results`` (saving after each) and return it."""
    texts_path = workdir / "texts.json"
    counts = build_texts(sizes, seed, texts_path)
    base = {"texts": str(workdir / "texts_{}.json"), "chunk_size": sizes["chunk_size"]}
    command = "python benchmarks/bench.py " + " ".join(sys.argv[1:])
    tfidf_path = workdir / "tfidf.joblib"
    tfidf_fit: dict[str, Any] = {}

    def tfidf() -> str:
        if not tfidf_fit:
            tfidf_fit.update(
                run_measure("fit_tfidf", {"out": str(tfidf_path), "train_every": sizes["train_every"]})
            )
        return str(tfidf_path)

    def timed(section: str, fn: Any) -> None:
        if section not in only:
            return
        print(f"{section}:", file=sys.stderr, flush=True)
        t, load = time.perf_counter(), os.getloadavg()
        results[section] = fn()
        results.setdefault("runs", {})[section] = {
            "command": command.strip(),
            "commit": results["machine"]["commit"],
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "seconds": round(time.perf_counter() - t, 1),
            "load_average_before": [round(x, 2) for x in load],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "sizes": sizes,
            "seed": seed,
            "pool_sentences": counts["pool_sentences"],
        }
        if save:
            save(results)

    def speed() -> dict[str, Any]:
        out = {
            reg: run_measure(
                "speed",
                {
                    **base,
                    "register": reg,
                    "n": sizes[f"speed_{reg}"],
                    "chunk": sizes["chunk"],
                    "tfidf": tfidf(),
                },
            )
            for reg in REGISTERS
        }
        return {"tfidf_fit": tfidf_fit, "registers": out}

    def startup() -> dict[str, Any]:
        # Both kinds read their modules' bytecode from one cache folder of this run, as after
        # `pip install` (which compiles every module it installs): with PYTHONDONTWRITEBYTECODE
        # set, a source checkout's modules would be compiled again in every process while
        # spaCy's come compiled. One unmeasured process of each kind fills the cache.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
        for what in ("ours", "floor"):
            run_measure("first_result", {"what": what}, env)
        runs: dict[str, list[dict[str, Any]]] = {"ours": [], "floor": []}
        for k in range(sizes["startup_repeats"]):
            for what in ("ours", "floor") if k % 2 == 0 else ("floor", "ours"):
                runs[what].append(run_measure("first_result", {"what": what}, env))
        med = {w: statistics.median(r["from_spawn_s"] for r in rs) for w, rs in runs.items()}
        return {
            "repeats": sizes["startup_repeats"],
            "sentence": FIRST_SENTENCE,
            "ours_first_result_s": round(med["ours"], 3),
            "floor_first_result_s": round(med["floor"], 3),
            "ratio_to_floor": round(med["ours"] / med["floor"], 3),
            "bytecode": "cached in one folder for both kinds, filled by one unmeasured process of each",
            "runs": runs,
        }

    def memory() -> dict[str, Any]:
        return run_measure("memory", {**base, "n": sizes["memory_texts"]})

    def parallel() -> dict[str, Any]:
        return run_measure(
            "parallel", {**base, "n": sizes["parallel_texts"], "chunk": sizes["parallel_chunk"]}
        )

    def cli() -> dict[str, Any]:
        folder = workdir / "cli_texts"
        folder.mkdir(exist_ok=True)
        for i, text in enumerate(read_texts(base, "cv", sizes["cli_files"])):
            (folder / f"cv{i:05d}.txt").write_text(text, "utf-8")
        out: dict[str, Any] = {"files": sizes["cli_files"], "order": CLI_ORDER}
        seconds: Counter[int] = Counter()
        walls: list[float] = []
        for n_jobs in CLI_ORDER:
            target = workdir / f"cli_{n_jobs}.csv"
            cmd = [*cli_executable(), "score", str(folder), "-o", str(target), "-q", "--n-jobs", str(n_jobs)]
            start = time.perf_counter()
            proc = subprocess.run(cmd, capture_output=True, text=True, cwd=workdir)
            wall = time.perf_counter() - start
            if proc.returncode != 0:
                raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
            seconds[n_jobs] += wall
            walls.append(wall)
            rows = len(target.read_text("utf-8-sig").splitlines()) - 1
            runs = CLI_ORDER.count(n_jobs)
            out[f"n_jobs_{n_jobs}"] = {
                "seconds": round(seconds[n_jobs] / runs, 3),
                "rows": rows,
                "command": " ".join(cmd[1:]),
            }
            print(f"  cli --n-jobs {n_jobs}: {wall:.1f} s", file=sys.stderr, flush=True)
        out["speedup"] = round(seconds[1] / seconds[2], 3)
        out["pair_speedups"] = pair_speedups(CLI_ORDER, walls)
        return out

    def accuracy() -> dict[str, Any]:
        return run_measure("accuracy", {"tfidf": tfidf()})

    for section, fn in (
        ("speed", speed),
        ("startup", startup),
        ("memory", memory),
        ("parallel", parallel),
        ("cli", cli),
        ("accuracy", accuracy),
    ):
        timed(section, fn)
    results["texts"] = counts
    return results


def _parse_set(values: list[str], sizes: dict[str, Any], ap: argparse.ArgumentParser) -> None:
    for item in values:
        key, _, value = item.partition("=")
        if key not in sizes or not value.isdigit():
            ap.error(f"--set {item!r}: expected KEY=INT with KEY in {sorted(sizes)}")
        sizes[key] = int(value)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see the module docstring."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--smoke", action="store_true", help="tiny sizes, for CI")
    ap.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated, from {SECTIONS}")
    ap.add_argument(
        "--set", action="append", default=[], metavar="KEY=N", help=f"override a size: {sorted(FULL)}"
    )
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
    _parse_set(args.set, sizes, ap)
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    if unknown := set(only) - set(SECTIONS):
        ap.error(f"unknown section(s) {sorted(unknown)}; choose from {SECTIONS}")
    json_path = args.json or (None if args.smoke else HERE / "results.json")
    md_path = args.markdown or (None if args.smoke else HERE / "results.md")
    results: dict[str, Any] = {}
    if args.merge and json_path and json_path.exists():
        results = json.loads(json_path.read_text("utf-8"))
        # The sections kept were measured on the code of the file's run: say so before it is replaced.
        for kept in results.get("runs", {}).values():
            kept.setdefault("commit", results.get("machine", {}).get("commit", "unknown"))
    results["machine"] = machine()
    results["smoke"] = args.smoke

    def save(res: dict[str, Any]) -> None:
        if json_path:
            json_path.write_text(json.dumps(res, indent=2) + "\n", "utf-8")
        if md_path:
            md_path.write_text(report.markdown(res), "utf-8")

    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        run(sizes, only, args.seed, Path(tmp), results, save)
    results["wall_s"] = round(time.perf_counter() - start, 1)
    save(results)
    print(report.markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
