"""Which role profiles a change of the role profile moves, over every text the repository holds.

    python -m leadership_nlp.train.role_profile_diff --write before.json    # with the old code
    python -m leadership_nlp.train.role_profile_diff --write after.json     # with the new code
    python -m leadership_nlp.train.role_profile_diff before.json after.json # what changed

The labelled role-profile set (``role_profile_eval``) says whether a change is right where a
label exists; this says what else it touches: every distinct ``text`` of every JSON Lines file
under ``corpus/`` (the role-profile set, the corpus, the validation and distillation pools, the
O*NET samples) and every whole document of ``corpus/validation/documents/`` and ``examples/``
(plain text and Markdown), about 30,000 texts. Each text's span of control, direct reports,
sites, budget and role verbs are written; the comparison prints every text whose profile
differs, with both profiles, and how many changed. ``--hide SPLIT`` (repeatable) counts the
changes of the role-profile set's texts of a split kept unseen (``fresh3``, say) without printing
them, so that a comparison does not show them to the person developing the patterns (the files
themselves hold every text, as the repository does).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..core.role_result import RoleProfile
from .role_profile_eval import FIELDS, load_set, predicted, profiles

#: What the texts are read from, relative to the repository root.
CORPUS = "corpus"
ROLE_PROFILE_SET = "corpus/role_profiles/role_profile_set.jsonl"
DOCUMENT_FOLDERS = ("corpus/validation/documents", "examples")
DOCUMENT_SUFFIXES = (".txt", ".md")


def repository_texts(root: Path) -> list[str]:
    """Return every distinct text of the corpus files and the plain-text documents, in a fixed order."""
    seen: dict[str, None] = {}
    for text in _texts(root):
        if text.strip():
            seen.setdefault(text)
    return list(seen)


def _texts(root: Path) -> Iterator[str]:
    for path in sorted((root / CORPUS).rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if isinstance(row, dict) and isinstance(row.get("text"), str):
                    yield row["text"]
    for folder in DOCUMENT_FOLDERS:
        for path in sorted((root / folder).glob("*")):  # a missing folder globs nothing
            if path.suffix in DOCUMENT_SUFFIXES and path.is_file():
                yield path.read_text(encoding="utf-8")


def summary(profile: RoleProfile) -> dict[str, Any]:
    """Return the fields of ``profile`` that a comparison looks at, as ``role_profile_eval`` reads them."""
    return {field: predicted(profile, field) for field in FIELDS} | {"role_verbs": list(profile.role_verbs)}


def write(root: Path, out: Path) -> int:
    """Write the role profile of every repository text to ``out``; return how many texts."""
    from ..adapters.safe_write import atomic_write_text  # never through a link planted at ``out``

    texts = repository_texts(root)
    found = [summary(p) for p in profiles(texts)]
    atomic_write_text(out, json.dumps({"texts": texts, "profiles": found}, ensure_ascii=False) + "\n")
    return len(texts)


#: One text's profile (:func:`summary`), and a file of them as :func:`write` writes it.
Profile = dict[str, Any]
Profiles = dict[str, Any]


def changes(old: Profiles, new: Profiles) -> list[tuple[str, Profile | None, Profile | None]]:
    """Return ``(text, old profile, new profile)`` for every text whose profile differs (or is missing)."""
    before = dict(zip(old["texts"], old["profiles"], strict=True))
    after = dict(zip(new["texts"], new["profiles"], strict=True))
    return [
        (text, before.get(text), after.get(text))
        for text in dict.fromkeys([*before, *after])
        if before.get(text) != after.get(text)
    ]


def split_texts(root: Path, splits: Sequence[str]) -> set[str]:
    """Return the texts of the role-profile set's rows in ``splits``.

    Raises ``ValueError`` for a split the set does not have: a misspelt name would hide nothing
    and print the very texts it was meant to keep unseen.
    """
    if not splits:
        return set()
    rows = load_set(root / ROLE_PROFILE_SET)
    unknown = sorted(set(splits) - {row.get("split") for row in rows})
    if unknown:
        raise ValueError(f"{ROLE_PROFILE_SET} has no split {', '.join(unknown)}")
    return {row["text"] for row in rows if row.get("split") in splits}


def _read(path: Path) -> Profiles:
    # A file written by --write: texts and profiles of the same length.
    data = json.loads(path.read_text(encoding="utf-8"))
    if not (
        isinstance(data, dict)
        and isinstance(data.get("texts"), list)
        and isinstance(data.get("profiles"), list)
        and len(data["texts"]) == len(data["profiles"])
    ):
        raise ValueError(f"{path} was not written by --write (texts and profiles of one length)")
    return data


def _fields(profile: Profile | None) -> str:
    if profile is None:
        return "(absent)"
    return " ".join(f"{k}={v}" for k, v in profile.items() if v not in (None, []))


def main(argv: Sequence[str] | None = None) -> int:
    """Write the profiles (``--write FILE``) or print what changed between two such files."""
    parser = argparse.ArgumentParser(
        prog="python -m leadership_nlp.train.role_profile_diff",
        description=__doc__.splitlines()[0] if __doc__ else None,
    )
    parser.add_argument("files", nargs="*", type=Path, help="two files written by --write: before and after")
    parser.add_argument("--write", type=Path, help="write the role profile of every repository text here")
    parser.add_argument("--root", type=Path, default=Path("."), help="the repository root (default: here)")
    parser.add_argument(
        "--hide", action="append", default=[], metavar="SPLIT", help="count, not print, this split's changes"
    )
    args = parser.parse_args(argv)
    if args.write is not None:
        if args.files or args.hide:
            parser.error("--write takes no other files and no --hide")
        if not (args.root / CORPUS).is_dir():
            parser.error(f"{args.root / CORPUS} is not a folder: run from the repository root or give --root")
        print(f"{write(args.root, args.write)} texts written to {args.write}")
        return 0
    if len(args.files) != 2:
        parser.error("give two files written by --write (before, after), or --write FILE")
    try:
        old, new = (_read(p) for p in args.files)
        hidden = split_texts(args.root, args.hide)
    except (OSError, ValueError) as exc:
        parser.error(f"cannot compare: {exc}")
    found = changes(old, new)
    for text, before, after in found:
        if text not in hidden:
            print(f"{text[:300]!r}\n  before: {_fields(before)}\n  after:  {_fields(after)}")
    unseen = sum(text in hidden for text, _, _ in found)
    tail = f" ({unseen} of them in {', '.join(args.hide)}, not shown)" if hidden else ""
    print(f"{len(found)} of {len(new['texts'])} texts changed{tail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
