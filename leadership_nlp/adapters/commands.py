"""What each ``leadership-nlp`` command does, given its parsed arguments; each returns the exit status.

The parser that reads the arguments is :func:`leadership_nlp.adapters.cli.build_parser`.
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import sys
from pathlib import Path
from typing import Any

from .errors import UsageError

EXIT_OK, EXIT_FAILURES, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
#: Where ``train --release`` writes: the shipped model, in a source checkout (the one copy).
RELEASE_FOLDER = Path("leadership_nlp/data/model")


def cmd_train(args: argparse.Namespace) -> int:
    """Run ``leadership-nlp train``: write a model folder; return the exit status."""
    from ..train.training import release

    if bool(args.output) == bool(args.release):
        print(
            "error: say where the model goes: -o FOLDER, or --release to replace the shipped model "
            f"({RELEASE_FOLDER}, from a source checkout)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.release and not RELEASE_FOLDER.is_dir():
        print(
            f"error: --release runs from a source checkout ({RELEASE_FOLDER} not found here)", file=sys.stderr
        )
        return EXIT_USAGE
    outputs = [Path(args.output) if args.output else RELEASE_FOLDER]
    metrics = json.loads(Path(args.metrics).read_text("utf-8")) if args.metrics else None
    release(outputs, Path(args.corpus) if args.corpus else None, metrics=metrics)
    for folder in outputs:
        print(f"model written to {folder}", file=sys.stderr)
    return EXIT_OK


def grid_space(items: list[str]) -> dict[str, list[Any]]:
    """Parse ``KEY=V1,V2`` items into a grid space; values are JSON (``0.5``, ``null``, ``true``).

    Raises
    ------
    ValueError
        For an item without ``=``, an unknown parameter, a parameter given
        twice or a value that is not JSON.
    """
    from ..train.estimator import OrientationModel
    from ..train.training import DEFAULT_DISTILL

    known = set(OrientationModel().get_params()) | set(DEFAULT_DISTILL)
    space: dict[str, list[Any]] = {}
    for item in items:
        key, sep, values = item.partition("=")
        if not sep or not values:
            raise ValueError(f"{item!r} is not KEY=V1,V2")
        if key in space:
            raise ValueError(f"{key!r} given twice")
        if key not in known:
            raise ValueError(f"unknown parameter {key!r}; choose from {', '.join(sorted(known))}")
        try:
            space[key] = [json.loads(v) for v in values.split(",")]
        except json.JSONDecodeError:
            raise ValueError(f"{item!r}: values must be JSON (0.5, null, true)") from None
    return space


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Run ``leadership-nlp evaluate``: print (and save) the evaluation report; return the exit status."""
    from ..train.corpus import load_corpus
    from ..train.evaluation import evaluate, format_report

    dev = Path(args.dev) if args.dev else None
    if dev is not None and not dev.exists():
        print(f"error: dev set {dev} not found", file=sys.stderr)
        return EXIT_USAGE
    try:
        space = grid_space(args.grid_space or [])
    except ValueError as exc:
        print(f"error: --grid-space: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if space and not args.grid:
        print("error: --grid-space needs --grid", file=sys.stderr)
        return EXIT_USAGE
    report = evaluate(
        load_corpus(args.corpus),
        dev,
        run_ablation=args.ablation,
        run_grid=args.grid,
        grid_space=space or None,
    )
    if args.output:
        Path(args.output).write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(format_report(report))
    return EXIT_OK


def cmd_corpus(args: argparse.Namespace) -> int:
    """Run ``leadership-nlp corpus``: validate the corpus, or print its statistics or agreement."""
    from ..train.corpus import CorpusError, format_statistics, load_corpus, statistics

    try:
        corpus = load_corpus(args.corpus)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILURES
    if args.action == "stats":
        print(format_statistics(statistics(corpus)))
    elif args.action == "agreement":
        from ..train.agreement import agreement_report

        try:
            print(agreement_report(corpus, [Path(p) for p in args.second]))
        except (OSError, ValueError) as exc:  # json.JSONDecodeError is a ValueError
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_USAGE
    else:
        print(f"corpus OK: {len(corpus.units)} units", file=sys.stderr)
    return EXIT_OK


_STDIN_CHUNK = 64 * 1024  # the first chunk is looked at: binary input (/dev/zero) is refused at once
_STDIN_COUNT = 256 * 1024 * 1024  # bytes read past the limit, at most, to say how long the text is


def _read_stdin() -> str:
    """Read standard input, holding no more than the longest text allowed (plus one character)."""
    from ..core.constants import MAX_TEXT_CHARS
    from ..core.document import TextTooLongError
    from .readers import ReadError, _decode, binary_head

    if hasattr(sys.stdin, "buffer"):
        read = sys.stdin.buffer.read
    else:  # a replaced stdin without bytes
        read = lambda n: sys.stdin.read(n).encode()  # noqa: E731
    data = read(_STDIN_CHUNK)
    if binary_head(data):
        raise UsageError("standard input: binary content, not text")
    most = 4 * (MAX_TEXT_CHARS + 1)  # bytes of MAX_TEXT_CHARS + 1 characters in any encoding
    if len(data) >= _STDIN_CHUNK:  # (fewer bytes only at the end; a text stream gives more)
        data += read(max(most - len(data), 1))
    if len(data) >= most and (more := read(_STDIN_CHUNK)):  # too long: count, chunk by chunk
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        counted, read_bytes = len(decoder.decode(data)), len(data)
        while more and read_bytes < most + _STDIN_COUNT:
            counted, read_bytes = counted + len(decoder.decode(more)), read_bytes + len(more)
            more = read(_STDIN_CHUNK)
        size = f"{counted:,}" if not more else f"more than {counted:,}"
        raise TextTooLongError(
            f"text has {size} characters, more than max_chars={MAX_TEXT_CHARS:,}; "
            "split it, or pass a larger max_chars (None for no limit)"
        )
    try:
        return _decode("standard input", data) if data else ""
    except ReadError as exc:
        raise UsageError(str(exc)) from None


def _looks_like_file(text: str) -> bool:
    try:
        return len(text) < 1024 and "\n" not in text and Path(text).is_file()
    except OSError:
        return False


def cmd_classify(args: argparse.Namespace) -> int:
    """Run ``leadership-nlp classify``: print one text's result; return the exit status."""
    from ..api import load_model
    from .terminal import format_result, use_color

    if args.text == "-" and sys.stdin.isatty():
        print("reading standard input; end with Ctrl-D", file=sys.stderr)
    text = _read_stdin() if args.text == "-" else args.text
    if _looks_like_file(text):
        print(
            f"note: classifying the words {text!r}; to score that file run: leadership-nlp score {text}",
            file=sys.stderr,
        )
    result = load_model(args.model).classify(text)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_result(result, color=use_color(sys.stdout, not args.no_color)))
    return EXIT_OK


def _show_progress(args: argparse.Namespace) -> bool:
    """Show a progress bar only to a person watching stderr, and not over rows on the same screen."""
    rows_on_screen = getattr(args, "output", None) is None and sys.stdout.isatty()
    return not args.quiet and sys.stderr.isatty() and not rows_on_screen


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the CPUs this process may use
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _cap_jobs(args: argparse.Namespace) -> None:
    # More worker processes than CPUs only costs memory and time (each loads the model).
    cpus = _cpus()
    if args.n_jobs > cpus:
        print(
            f"note: --n-jobs {args.n_jobs} is more than the {cpus} CPUs here; using {cpus}", file=sys.stderr
        )
        args.n_jobs = cpus


def cmd_score(args: argparse.Namespace) -> int:
    """Run ``leadership-nlp score``: one row per document; return the exit status."""
    from .batch import not_read, score
    from .cells import is_xlsx

    _cap_jobs(args)
    if is_xlsx(args.output, args.format):
        from .xlsx import cmd_score_xlsx

        return cmd_score_xlsx(args, progress=_show_progress(args))
    try:
        summary = score(
            args.paths,
            output=args.output,
            fmt=args.format,
            resume=args.resume,
            text_column=args.text_column,
            id_column=args.id_column,
            n_jobs=args.n_jobs,
            max_bytes=args.max_bytes,
            model_path=args.model,
            progress=_show_progress(args),
            follow_symlinks=args.follow_symlinks,
        )
    except KeyboardInterrupt:
        if args.output:
            print(
                f"interrupted: the rows written so far are kept in {args.output}; "
                "run the same command with --resume to finish",
                file=sys.stderr,
            )
        else:
            print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    if not args.quiet:
        where = f" -> {args.output}" if args.output else ""
        already = f", {summary.skipped} already in {args.output}" if summary.skipped else ""
        others = not_read(summary.others)
        print(f"scored {summary.scored}, failed {summary.failed}{already}{others}{where}", file=sys.stderr)
    return EXIT_FAILURES if summary.failed else EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """Run ``leadership-nlp report``: write the HTML page; return the exit status."""
    from .batch import analyse_all, not_read
    from .jobs import plan
    from .output import check_output_path
    from .report import write_report

    check_output_path(args.output, "report.html")  # a folder or a missing folder: before any work
    _cap_jobs(args)
    others: list[Path] = []
    jobs = plan(
        args.paths,
        text_column=args.text_column,
        id_column=args.id_column,
        exclude=[args.output],
        max_bytes=args.max_bytes,
        follow_symlinks=args.follow_symlinks,
        others=others,
    )
    outcomes = analyse_all(
        jobs,
        n_jobs=args.n_jobs,
        max_bytes=args.max_bytes,
        model_path=args.model,
        progress=_show_progress(args),
    )
    write_report(outcomes, args.output, title=args.title, redact=args.redact)
    failed = sum(1 for o in outcomes if o.error)
    if not args.quiet:
        summary = f"report of {len(outcomes)} documents ({failed} failed{not_read(others)})"
        print(f"{summary} -> {args.output}", file=sys.stderr)
    return EXIT_FAILURES if failed else EXIT_OK
