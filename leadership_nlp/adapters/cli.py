"""The ``leadership-nlp`` command line: classify, score, report, train, evaluate, corpus.

Exit status: 0 success, 1 some inputs failed, 2 usage error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import sys
import threading

from .. import __version__
from ..core.schema import RESULT_COLUMNS
from .cells import FORMATS
from .commands import (
    EXIT_FAILURES,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    RELEASE_FOLDER,
    cmd_classify,
    cmd_corpus,
    cmd_evaluate,
    cmd_report,
    cmd_score,
    cmd_train,
)
from .errors import UsageError
from .readers import DEFAULT_MAX_BYTES


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
  2  usage error: a bad option, a missing path, a CSV named (or only CSVs found)
     without --text-column, a --text-column no CSV has, -o naming a folder, --resume
     without -o or on the output of another run, an output another run is writing
  130 interrupted (Ctrl-C or SIGTERM): the rows written so far are kept"""

_SCORE_EPILOG = f"""Reads .txt, .md, .pdf, .docx, .odt and .rtf files whole, in any text encoding, and each
row of a CSV file (--text-column; a CSV in a folder of other documents gets an error row
without it). Writes one row per document, as soon as it is scored:
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
    p.set_defaults(func=cmd_classify)

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
    p.set_defaults(func=cmd_score)

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
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("train", help="train the model from corpus/ (deterministic)")
    p.add_argument("--corpus", help="corpus folder (default: ./corpus)")
    p.add_argument("-o", "--output", help="model folder to write")
    p.add_argument(
        "--release",
        action="store_true",
        help=f"instead of -o: replace the shipped model, {RELEASE_FOLDER} (from a source checkout)",
    )
    p.add_argument("--metrics", help="evaluation JSON to record in the manifest")
    p.set_defaults(func=cmd_train)

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
    p.add_argument(
        "--grid-space",
        action="append",
        metavar="KEY=V1,V2",
        help="with --grid: compare these values of a training parameter instead of the default grid "
        "(repeatable; values as JSON: 0.5, null, true)",
    )
    p.add_argument("-o", "--output", help="write the full report as JSON")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("corpus", help="validate the corpus, print statistics or labeller agreement")
    p.add_argument("action", choices=["validate", "stats", "agreement"])
    p.add_argument("second", nargs="*", help="second-labeller JSONL files (agreement)")
    p.add_argument("--corpus", help="corpus folder (default: ./corpus)")
    p.set_defaults(func=cmd_corpus)
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

    previous = None
    if threading.current_thread() is threading.main_thread():
        # SIGTERM (a service stopping, `kill`) ends a run as Ctrl-C does: rows
        # written are kept and worker processes are stopped, not orphaned.
        previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return args.func(args)
    except (UsageError, ModelLoadError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ValueError as exc:
        # A TextTooLongError comes from the loaded core.document; importing it
        # here would load spaCy into every command (a parallel score's parent
        # needs it for nothing).
        document = sys.modules.get("leadership_nlp.core.document")
        if document is None or not isinstance(exc, document.TextTooLongError):
            raise
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
