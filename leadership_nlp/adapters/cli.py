"""The ``leadership-nlp`` command line: classify, score, report, train, evaluate, corpus.

Exit status: 0 success, 1 some inputs failed, 2 usage error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import json
import os
import re
import signal
import sys
import threading
from pathlib import Path

from .. import __version__
from ..core.schema import RESULT_COLUMNS
from .cells import FORMATS
from .errors import UsageError
from .readers import DEFAULT_MAX_BYTES

EXIT_OK, EXIT_FAILURES, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
#: Where ``train --release`` writes: the shipped model, in a source checkout (the one copy).
RELEASE_FOLDER = Path("leadership_nlp/data/model")


def _cmd_train(args: argparse.Namespace) -> int:
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


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from ..train.corpus import load_corpus
    from ..train.evaluation import evaluate, format_report

    dev = Path(args.dev) if args.dev else None
    if dev is not None and not dev.exists():
        print(f"error: dev set {dev} not found", file=sys.stderr)
        return EXIT_USAGE
    report = evaluate(load_corpus(args.corpus), dev, run_ablation=args.ablation, run_grid=args.grid)
    if args.output:
        Path(args.output).write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(format_report(report))
    return EXIT_OK


def _cmd_corpus(args: argparse.Namespace) -> int:
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

        print(agreement_report(corpus, [Path(p) for p in args.second]))
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


def _cmd_classify(args: argparse.Namespace) -> int:
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


def _cmd_score(args: argparse.Namespace) -> int:
    from .batch import not_read, score
    from .xlsx import cmd_score_xlsx, is_xlsx

    _cap_jobs(args)
    if is_xlsx(args.output, args.format):
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


def _cmd_report(args: argparse.Namespace) -> int:
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


def _size(value: str) -> int:
    """Parse a size such as ``500000``, ``200k``, ``50MB`` or ``1.5GiB`` (units of 1024)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*", value.lower())
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (try 500000, 200k or 50MB)")
    size = int(float(match[1]) * 1024 ** " kmg".index(match[2] or " "))
    if size <= 0:
        raise argparse.ArgumentTypeError(f"size must be positive: {value!r}")
    return size


def _n_jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n == 0 or n < -1:
        raise argparse.ArgumentTypeError(f"{value!r}: give a number of processes, or -1 for one per core")
    return n


_EXIT_STATUS = """exit status:
  0  every document was scored
  1  some documents could not be read or classified (their rows say why)
  2  usage error: a bad option, a missing path, a CSV without --text-column or
     with a --text-column it does not have, -o naming a folder, --resume
     without -o or on the output of another run, an output another run is writing
  130 interrupted (Ctrl-C or SIGTERM): the rows written so far are kept"""

_SCORE_EPILOG = f"""Reads .txt, .md, .pdf, .docx, .odt and .rtf files whole, in any text encoding, and each
row of a CSV file (--text-column). Writes one row per document, as soon as it is scored:
  id, path, {", ".join(RESULT_COLUMNS)}, error
A file that cannot be read (corrupt, binary, empty, undecodable, too large, no permission,
over 60 s to extract, a .doc, a folder that cannot be listed, a link out of a folder) gets
a row with its error, and a line on standard error; the run goes on. Files of other types
in folders (.py, .png, ...) are not read; the summary line counts them.

examples:
  leadership-nlp score cvs/ -o scores.csv
  leadership-nlp score examples/ --text-column tasks --id-column onet_soc_code -o scores.csv
  leadership-nlp score cvs/ -o scores.jsonl --n-jobs 4
  leadership-nlp score cvs/ -o scores.xlsx     # a workbook: documents and sentences sheets
  leadership-nlp score cvs/ -o scores.csv --resume     # after an interruption

{_EXIT_STATUS}"""

_REPORT_EPILOG = f"""The page needs no network: open it in any browser, attach it to an e-mail.

example:
  leadership-nlp report examples/ --text-column tasks --id-column onet_soc_code -o report.html

{_EXIT_STATUS}"""


def _add_input_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="files and folders (searched recursively)")
    p.add_argument("--text-column", metavar="NAME", help="CSV inputs: the column holding the text")
    p.add_argument(
        "--id-column",
        metavar="NAME",
        help="CSV inputs: the column holding the id (default: <file>:<row number>)",
    )
    p.add_argument(
        "--n-jobs",
        type=_n_jobs,
        default=1,
        metavar="N",
        help="worker processes, -1 for one per core (default: 1)",
    )
    p.add_argument(
        "--max-bytes",
        type=_size,
        default=DEFAULT_MAX_BYTES,
        metavar="SIZE",
        help="skip files larger than this, e.g. 500k or 20MB (default: 50MB)",
    )
    p.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="also read symbolic links in folders that lead out of them (default: an error row each)",
    )
    p.add_argument(
        "-q", "--quiet", action="store_true", help="no progress bar or summary (errors still shown)"
    )
    p.add_argument(
        "--model", metavar="DIR", help="a model folder from 'leadership-nlp train' (default: shipped)"
    )


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``leadership-nlp`` command."""
    parser = argparse.ArgumentParser(
        prog="leadership-nlp",
        description="Is a text leadership- or management-oriented, sentence by sentence, and why?",
        epilog=_EXIT_STATUS + "\n\nRun 'leadership-nlp COMMAND --help' for a command's options.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "classify",
        help="classify one text (or - for standard input)",
        description="Print the verdict, both scores, the role profile and every sentence with its "
        "label and evidence. Colour is used on a terminal unless --no-color or NO_COLOR is set.",
    )
    p.add_argument("text", metavar="TEXT", help="the text, quoted, or - to read standard input")
    p.add_argument("--json", action="store_true", help="print the full result as JSON")
    p.add_argument("--no-color", action="store_true", help="plain text, no colour")
    p.add_argument(
        "--model", metavar="DIR", help="a model folder from 'leadership-nlp train' (default: shipped)"
    )
    p.set_defaults(func=_cmd_classify)

    p = sub.add_parser(
        "score",
        help="score files, folders and CSV columns into CSV or JSON Lines",
        description="Score documents: one row per document, written as it is scored.",
        epilog=_SCORE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_input_arguments(p)
    p.add_argument(
        "-o", "--output", metavar="FILE", help="output file, .csv, .jsonl or .xlsx (default: standard output)"
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        help="csv or jsonl (default: jsonl for a .jsonl/.ndjson/.json output, else csv)",
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="keep the rows already in -o FILE and score only the rest (failed ones again)",
    )
    p.set_defaults(func=_cmd_score)

    p = sub.add_parser(
        "report",
        help="an HTML page highlighting every sentence by orientation",
        description="Write one self-contained HTML page: a summary table to filter, sort and export, "
        "a side-by-side comparison, and each document with its sentences highlighted by orientation.",
        epilog=_REPORT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_input_arguments(p)
    p.add_argument("-o", "--output", metavar="FILE", required=True, help="the HTML file to write")
    p.add_argument("--title", default="leadership-nlp report", help="page title")
    p.add_argument(
        "--redact", action="store_true", help="mask e-mail addresses, phone numbers, profile links and names"
    )
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("train", help="train the model from corpus/ (deterministic)")
    p.add_argument("--corpus", help="corpus folder (default: ./corpus)")
    p.add_argument("-o", "--output", help="model folder to write")
    p.add_argument(
        "--release",
        action="store_true",
        help=f"instead of -o: replace the shipped model, {RELEASE_FOLDER} (from a source checkout)",
    )
    p.add_argument("--metrics", help="evaluation JSON to record in the manifest")
    p.set_defaults(func=_cmd_train)

    p = sub.add_parser(
        "evaluate", help="leave-one-document-out, cross-validation, validation-set and dev-set evaluation"
    )
    p.add_argument("--corpus", help="corpus folder (default: ./corpus)")
    p.add_argument(
        "--dev",
        help="development statements JSONL, evaluated once for the model that ships "
        "(e.g. ../shared/eval/dev_statements.jsonl; default: none)",
    )
    p.add_argument("--ablation", action="store_true", help="also compare feature sets")
    p.add_argument(
        "--grid",
        action="store_true",
        help="also compare hyper-parameters by LODO and the validation set (never by the dev set)",
    )
    p.add_argument("-o", "--output", help="write the full report as JSON")
    p.set_defaults(func=_cmd_evaluate)

    p = sub.add_parser("corpus", help="validate the corpus, print statistics or labeller agreement")
    p.add_argument("action", choices=["validate", "stats", "agreement"])
    p.add_argument("second", nargs="*", help="second-labeller JSONL files (agreement)")
    p.add_argument("--corpus", help="corpus folder (default: ./corpus)")
    p.set_defaults(func=_cmd_corpus)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    # Text from argv or a file may hold lone surrogates (undecodable bytes);
    # print them escaped rather than crash on a strict UTF-8 stream.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)  # exits here for --help and --version, before anything heavy loads
    from ..core.artifact import ModelLoadError
    from ..core.document import TextTooLongError

    previous = None
    if threading.current_thread() is threading.main_thread():
        # SIGTERM (a service stopping, `kill`) ends a run as Ctrl-C does: rows
        # written are kept and worker processes are stopped, not orphaned.
        previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return args.func(args)
    except (UsageError, ModelLoadError, TextTooLongError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # e.g. `leadership-nlp score cvs/ | head`
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILURES
    except OSError as exc:  # a full disk, an output folder that vanished
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILURES
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
