"""The ``leadership-nlp`` command line: classify, score, report, train, evaluate, corpus.

Exit status: 0 success, 1 some inputs failed, 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXIT_OK, EXIT_FAILURES, EXIT_USAGE = 0, 1, 2


def _cmd_train(args: argparse.Namespace) -> int:
    from .training import release

    outputs = [Path(args.output)] if args.output else [Path("models"), Path("leadership_nlp/data/model")]
    metrics = json.loads(Path(args.metrics).read_text("utf-8")) if args.metrics else None
    release(outputs, Path(args.corpus) if args.corpus else None, metrics=metrics)
    for folder in outputs:
        print(f"model written to {folder}", file=sys.stderr)
    return EXIT_OK


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from .corpus import load_corpus
    from .evaluation import DEV_SET, evaluate, format_report

    dev = Path(args.dev) if args.dev else DEV_SET
    if args.dev and not dev.exists():
        print(f"error: dev set {dev} not found", file=sys.stderr)
        return EXIT_USAGE
    report = evaluate(load_corpus(args.corpus), dev, run_ablation=args.ablation)
    if args.output:
        Path(args.output).write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(format_report(report))
    return EXIT_OK


def _cmd_corpus(args: argparse.Namespace) -> int:
    from .corpus import CorpusError, format_statistics, load_corpus, statistics

    try:
        corpus = load_corpus(args.corpus)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILURES
    if args.action == "stats":
        print(format_statistics(statistics(corpus)))
    elif args.action == "agreement":
        from .agreement import agreement_report

        print(agreement_report(corpus, [Path(p) for p in args.second]))
    else:
        print(f"corpus OK: {len(corpus.units)} units", file=sys.stderr)
    return EXIT_OK


def _cmd_classify(args: argparse.Namespace) -> int:
    from . import classify

    text = sys.stdin.read() if args.text == "-" else args.text
    result = classify(text)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return EXIT_OK
    print(
        f"{result.label}  leadership={result.scores['leadership']:.2f} "
        f"management={result.scores['management']:.2f}"
    )
    for s in result.sentences:
        ev = ", ".join(f"{e.text} ({e.weight:+.2f})" for e in s.evidence[:4])
        print(f"  [{s.label}] {s.text}" + (f"  <- {ev}" if ev else ""))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``leadership-nlp`` command."""
    parser = argparse.ArgumentParser(
        prog="leadership-nlp",
        description="Is a text leadership- or management-oriented, sentence by sentence, and why?",
        epilog="Exit status: 0 all inputs scored, 1 some inputs failed, 2 usage error.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("classify", help="classify one text (or - for standard input)")
    p.add_argument("text")
    p.add_argument("--json", action="store_true", help="print the full result as JSON")
    p.set_defaults(func=_cmd_classify)

    p = sub.add_parser("train", help="train the model from corpus/ (deterministic)")
    p.add_argument("--corpus", help="corpus folder (default: ./corpus)")
    p.add_argument("-o", "--output", help="model folder (default: models/ and the package copy)")
    p.add_argument("--metrics", help="evaluation JSON to record in the manifest")
    p.set_defaults(func=_cmd_train)

    p = sub.add_parser("evaluate", help="leave-one-document-out, cross-validation and dev-set evaluation")
    p.add_argument("--corpus", help="corpus folder (default: ./corpus)")
    p.add_argument(
        "--dev", help="development statements JSONL (default: ../shared/eval/dev_statements.jsonl)"
    )
    p.add_argument("--ablation", action="store_true", help="also compare feature sets")
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
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
