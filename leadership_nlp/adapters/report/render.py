"""Outcomes -> the report page: the data each part shows, rendered by one Jinja2 template."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Sequence
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from ...core.constants import DOCUMENT_LABELS, FACETS, LEADERSHIP, MANAGEMENT, ORIENTED
from ...core.document_result import OrientationResult
from ...core.palette import COLORS, INK, MUTED, RULE, TINTS, WARNING
from ..analysis import Outcome
from .redact import Mask, find_masks, redact_paths, redacted_label
from .text import pieces

#: Characters of a document shown in the report; the verdict always uses the whole text.
MAX_SHOWN_CHARS = 20_000
#: Evidence items listed per document (distinct words, strongest first).
EVIDENCE_ITEMS = 8
#: A text with fewer words than this gets a "very short text" warning.
SHORT_TEXT_WORDS = 40
#: Files of ``static/`` inlined into the page.
_SCRIPTS = ("gridjs.umd.js", "fflate.umd.js", "report.js")
_STYLES = ("gridjs-mermaid.min.css", "report.css")


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("leadership_nlp.adapters.report", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


@cache
def _static(name: str) -> str:
    text = resources.files("leadership_nlp.adapters.report").joinpath("static", name).read_text("utf-8")
    if re.search(r"</(script|style)", text, re.I):
        raise ValueError(f"static/{name} would end its own element")
    return text


def _digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _palette_css() -> str:
    names = {f"--{k}": v for k, v in COLORS.items()} | {f"--{k}-tint": v for k, v in TINTS.items()}
    names |= {"--ink": INK, "--muted": MUTED, "--rule": RULE, "--warning": WARNING}
    return ":root{" + ";".join(f"{k}:{v}" for k, v in names.items()) + "}\n"


def _warnings(outcome: Outcome, words: int) -> list[str]:
    """Short warnings for the table: not scored, non-English, very short, truncated."""
    r = outcome.result
    if r is None:
        return [f"not scored: {outcome.error}"]
    found = []
    if r.language != "en":
        found.append(f"non-English ({r.language})")
    if words < SHORT_TEXT_WORDS:
        found.append(f"very short text ({words} words)")
    if r.truncated:
        found.append("long text: not every sentence listed")
    return found


def _facets(result: OrientationResult) -> dict[str, list[int]]:
    """Count each orientation's sentences per facet."""
    counts: dict[str, Counter[str]] = {label: Counter() for label in ORIENTED}
    for sentence in result.sentences:
        if sentence.label in counts:
            counts[sentence.label].update(sentence.facets)
    return {label: [counts[label][f] for f in FACETS] for label in ORIENTED}


def _profile(result: OrientationResult) -> str:
    p = result.role_profile
    facts = [
        ("span of control", p.span_of_control),
        ("direct reports", p.direct_reports),
        ("budget", p.budget.text if p.budget else None),
        ("sites", p.sites),
        ("role verbs", ", ".join(p.role_verbs) or None),
    ]
    stated = [f"{name}: {value}" for name, value in facts if value is not None]
    return "; ".join(stated) or "no span of control, budget or sites stated"


def _evidence(result: OrientationResult, masks: Sequence[Mask]) -> list[dict[str, Any]]:
    """Return the strongest evidence, one item per distinct word, none inside a masked detail."""
    seen, items = set(), []
    for e in result.evidence:
        key = e.text.lower()
        if key in seen or any(m.start < e.end and e.start < m.end for m in masks):
            continue
        seen.add(key)
        items.append({"text": e.text, "label": e.label, "weight": e.weight})
        if len(items) == EVIDENCE_ITEMS:
            break
    return items


def _document(index: int, outcome: Outcome, redact: bool, tally: Counter) -> tuple[dict, dict]:
    """Return the table row and the article of one document."""
    text, r = outcome.text or "", outcome.result
    masks = find_masks(text) if redact else []
    tally.update(m.kind for m in masks)
    if redact:
        # File names and ids often carry the candidate's name, in forms no rule
        # finds reliably: a redacted page names each document by its number.
        name = redacted_label(index, outcome.id)
    else:
        name = os.path.basename(outcome.id) if outcome.id == outcome.path else outcome.id
    words = len(text.split())
    warnings = _warnings(outcome, words)
    error = outcome.error
    if redact:  # reasons can quote paths ("symbolic link to /cvs/Fiona_Walsh.pdf, outside ...")
        warnings, error = [redact_paths(w) for w in warnings], error and redact_paths(error)
    row: dict[str, Any] = {"n": index, "id": name, "warnings": warnings}
    article: dict[str, Any] = {
        "n": index,
        "id": name,
        "path": "" if redact or outcome.path == name else outcome.path,
        "error": error,
        "warnings": row["warnings"],
    }
    if r is None:
        row.update(label=None, leadership=None, management=None, strength=None, language=None, span=None)
        return row, article
    confidence = getattr(r, "confidence", None)
    row.update(
        label=r.label,
        leadership=round(r.scores[LEADERSHIP], 3),
        management=round(r.scores[MANAGEMENT], 3),
        strength=None if confidence is None else round(float(confidence), 2),
        language=r.language,
        span=r.role_profile.span_of_control,
        facets=_facets(r),
    )
    article.update(
        row,
        full_warnings=list(r.warnings),
        words=words,
        counts={k: r.counts.get(k, 0) for k in ("leadership", "management", "neutral")},
        profile=_profile(r),
        pieces=pieces(text, r.sentences, masks, limit=MAX_SHOWN_CHARS),
        shown=min(len(text), MAX_SHOWN_CHARS),
        length=len(text),
        evidence=_evidence(r, masks),
    )
    return row, article


def _chart(rows: Sequence[dict[str, Any]], bins: int = 10) -> dict[str, Any]:
    """Bars of a histogram of leadership scores, each stacked by label."""
    counts: list[Counter[str]] = [Counter() for _ in range(bins)]
    for row in rows:
        if row["label"] is not None:
            counts[min(int(row["leadership"] * bins), bins - 1)][row["label"]] += 1
    width, height, left, bottom, top = 440, 170, 30, 36, 12
    tallest = max((sum(c.values()) for c in counts), default=0) or 1
    unit, bar = (height - bottom - top) / tallest, (width - left - 10) / bins
    rects = []
    for i, counter in enumerate(counts):
        y: float = height - bottom
        for label in DOCUMENT_LABELS:
            if n := counter[label]:
                y -= n * unit
                rects.append(
                    {
                        "x": round(left + i * bar + 1, 1),
                        "y": round(y, 1),
                        "w": round(bar - 2, 1),
                        "h": round(n * unit, 1),
                        "label": label,
                        "title": f"{n} {label}, score {i / bins:.1f}–{(i + 1) / bins:.1f}",
                    }
                )
    ticks = [{"x": round(left + v * (width - left - 10)), "text": f"{v:g}"} for v in (0, 0.5, 1)]
    return {"width": width, "height": height, "left": left, "base": height - bottom, "top": top,
            "tallest": tallest, "rects": rects, "ticks": ticks}  # fmt: skip


def render_report(
    outcomes: Sequence[Outcome], *, title: str = "leadership-nlp report", redact: bool = False
) -> str:
    """Return the report page for classified documents.

    Parameters
    ----------
    outcomes : sequence of Outcome
        From :func:`leadership_nlp.adapters.batch.analyse_all` (with texts kept).
    title : str
        Page heading.
    redact : bool
        Mask e-mail addresses, phone numbers, profile links and person names
        in the texts and file names (see :mod:`leadership_nlp.adapters.report.redact`).

    Returns
    -------
    str
        A complete HTML document that refers to no other file or URL.
    """
    from ... import __version__

    masked: Counter = Counter()
    rows, articles = [], []
    for index, outcome in enumerate(outcomes, start=1):
        row, article = _document(index, outcome, redact, masked)
        rows.append(row)
        articles.append(article)
    tally = Counter(row["label"] for row in rows)
    data = {"rows": rows, "facets": list(FACETS), "colors": COLORS}
    scripts = [_static(name) for name in _SCRIPTS]
    style = _palette_css() + "".join(_static(name) for name in _STYLES)
    policy = "; ".join(
        [
            "default-src 'none'",
            f"script-src {' '.join(_digest(s) for s in scripts)}",
            f"style-src {_digest(style)}",
            "img-src data:",
        ]
    )
    page = (
        _environment()
        .get_template("report.html.j2")
        .render(
            title=title,
            version=__version__,
            policy=Markup(policy),  # our own hashes and keywords: nothing to escape
            style=Markup(style),
            scripts=[Markup(s) for s in scripts],
            data=Markup(_json(data)),
            rows=rows,
            articles=articles,
            labels=DOCUMENT_LABELS,
            tally=tally,
            failed=sum(1 for row in rows if row["label"] is None),
            warned=sum(1 for row in rows if row["warnings"]),
            chart=_chart(rows),
            redact=redact,
            masked=masked,
            max_shown=MAX_SHOWN_CHARS,
        )
    )
    return page


def _json(value: object) -> str:
    """JSON safe inside a ``<script type="application/json">`` element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
