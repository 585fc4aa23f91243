"""One self-contained HTML page showing why each document got its verdict.

The page has a summary table (sortable by any column), a small SVG chart of
the leadership scores, and every document's text with its leadership and
management sentences underlined by spaCy's displaCy span visualiser, followed
by its strongest evidence. It loads nothing from the network: styles, script
and chart are inline, and a Content-Security-Policy forbids any other source,
so that even a document carrying HTML cannot run code (all text is escaped too).
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
import re
from collections import Counter
from collections.abc import Sequence

from spacy import displacy

from .constants import DOCUMENT_LABELS, LEADERSHIP, MANAGEMENT, ORIENTED
from .scoring import Outcome, UsageError
from .types import OrientationResult, SentenceResult

#: Colours of the labels, shared by the highlights, badges and chart.
COLORS: dict[str, str] = {
    LEADERSHIP: "#6fcf97",
    MANAGEMENT: "#f2b84b",
    "balanced": "#c39be3",
    "neutral": "#cfd4da",
}
#: Characters of a document shown in the report; the verdict always uses the whole text.
MAX_SHOWN_CHARS = 100_000
#: Evidence items listed per document.
EVIDENCE_ITEMS = 12
_BREAK = "\u2029"  # a whitespace token standing for a line break in displaCy's input

_STYLE = """
body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;margin:0 auto;
max-width:1100px;padding:1.5rem 2rem;color:#1d2327;background:#fff}
h1{margin:.2rem 0}h2{margin-top:2rem;border-bottom:1px solid #ddd}
.muted{color:#5f6b76}.badge{display:inline-block;padding:0 .5em;border-radius:.6em;font-weight:600}
.overview{display:flex;flex-wrap:wrap;gap:2rem;align-items:flex-start}.overview>div:last-child{flex:1;min-width:16rem}
.table-box{max-height:26rem;overflow:auto;border:1px solid #e4e7ea;border-radius:6px}
table{border-collapse:collapse;width:100%;font-size:14px}thead th{position:sticky;top:0;background:#f6f7f8}
td a{overflow-wrap:break-word}#summary-table td:nth-child(2){min-width:13rem}
th,td{padding:.3rem .5rem;border-bottom:1px solid #e4e7ea;text-align:left;vertical-align:top}
td.num,th.num{text-align:right}th button{font:inherit;font-weight:600;background:none;border:0;
padding:0;cursor:pointer}th[aria-sort=ascending] button::after{content:" \\25B2"}
th[aria-sort=descending] button::after{content:" \\25BC"}
tr.failed td{color:#a32020}article{border-top:1px solid #ddd;margin-top:1.5rem}
.doc-text{border:1px solid #e4e7ea;border-radius:6px;padding:.5rem 1rem;overflow-wrap:break-word}
.doc-text span span span{white-space:nowrap}
.doc-text .spans{display:inline}.legend span{margin-right:1rem}
.error{color:#a32020;font-weight:600}ol.evidence{columns:2;font-size:14px}
"""

_SCRIPT = """
(function () {
  var table = document.getElementById("summary-table");
  if (!table) { return; }
  var heads = table.tHead.rows[0].cells;
  function sortBy(index, descending) {
    var numeric = heads[index].getAttribute("data-type") === "number";
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    rows.sort(function (a, b) {
      var x = a.cells[index].getAttribute("data-value");
      var y = b.cells[index].getAttribute("data-value");
      if (x === "" || y === "") { return (x === "") - (y === ""); }
      var order = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
      return descending ? -order : order;
    });
    rows.forEach(function (row) { table.tBodies[0].appendChild(row); });
    for (var i = 0; i < heads.length; i++) { heads[i].removeAttribute("aria-sort"); }
    heads[index].setAttribute("aria-sort", descending ? "descending" : "ascending");
  }
  Array.prototype.forEach.call(heads, function (head, index) {
    head.querySelector("button").addEventListener("click", function () {
      sortBy(index, head.getAttribute("aria-sort") === "ascending");
    });
  });
  var wanted = /^#sort=([a-z_]+)(-desc)?$/.exec(window.location.hash);
  if (wanted) {
    Array.prototype.forEach.call(heads, function (head, index) {
      if (head.getAttribute("data-key") === wanted[1]) { sortBy(index, !!wanted[2]); }
    });
  }
  document.documentElement.setAttribute("data-sortable", "ready");
})();
"""


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _badge(label: str) -> str:
    return f'<span class="badge" style="background:{COLORS.get(label, "#eee")}">{_esc(label)}</span>'


def _piece(fragment: str, label: str | None) -> dict[str, object]:
    """Return one displaCy manual-mode document: word tokens, line breaks as markers."""
    tokens: list[str] = []
    for match in re.finditer(r"\S+|\s+", fragment):
        chunk = match.group()
        tokens += [_BREAK] * min(chunk.count("\n"), 2) if chunk.isspace() else [chunk]
    spans = [{"start_token": 0, "end_token": len(tokens), "label": label}] if label and tokens else []
    return {"text": fragment, "tokens": tokens, "spans": spans}


def highlight(text: str, sentences: Sequence[SentenceResult]) -> str:
    """Render ``text`` with its leadership and management sentences marked, via displaCy.

    Each sentence is its own displaCy span-style document (so rendering stays
    linear in the text's length), shown inline; line breaks are kept. All text
    is HTML-escaped by displaCy.

    Parameters
    ----------
    text : str
        The classified text.
    sentences : sequence of SentenceResult
        Its sentences, with offsets into ``text``.

    Returns
    -------
    str
        HTML markup.
    """
    shown = text[:MAX_SHOWN_CHARS]
    pieces, position = [], 0
    for sentence in sentences:
        start, end = max(sentence.start, position), min(sentence.end, len(shown))
        while start < end and shown[start].isspace():
            start += 1
        while end > start and shown[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        if start > position:
            pieces.append(_piece(shown[position:start], None))
        label = sentence.label if sentence.label in ORIENTED else None
        pieces.append(_piece(shown[start:end], label))
        position = end
    if position < len(shown):
        pieces.append(_piece(shown[position:], None))
    if not pieces:
        return ""
    markup = displacy.render(pieces, style="span", manual=True, jupyter=False, options={"colors": COLORS})
    markup = markup.replace(_BREAK + " ", "<br>").replace(_BREAK, "<br>")
    if len(text) > MAX_SHOWN_CHARS:
        markup += (
            f'<p class="muted">… the first {MAX_SHOWN_CHARS:,} of {len(text):,} characters are shown.</p>'
        )
    return markup


def score_chart(results: Sequence[OrientationResult], bins: int = 10) -> str:
    """Return an inline SVG histogram of leadership scores, each bar stacked by label."""
    counts = [Counter() for _ in range(bins)]
    for result in results:
        counts[min(int(result.scores[LEADERSHIP] * bins), bins - 1)][result.label] += 1
    width, height, left, bottom, top = 440, 170, 30, 36, 12
    tallest = max((sum(c.values()) for c in counts), default=0) or 1
    unit, bar = (height - bottom - top) / tallest, (width - left - 10) / bins
    parts = [
        f'<svg class="chart" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        "<title>Documents by leadership score</title>",
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#888"/>',
    ]
    for i, counter in enumerate(counts):
        y = height - bottom
        for label in DOCUMENT_LABELS:
            if n := counter[label]:
                x, h = left + i * bar + 1, n * unit
                y -= h
                lo, hi = i / bins, (i + 1) / bins
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar - 2:.1f}" height="{h:.1f}" '
                    f'fill="{COLORS[label]}"><title>{n} {label}, score {lo:.1f}–{hi:.1f}</title></rect>'
                )
    for value in (0, 0.5, 1):
        x = left + value * (width - left - 10)
        parts.append(f'<text x="{x:.0f}" y="{height - bottom + 14}" text-anchor="middle">{value:g}</text>')
    parts += [
        f'<text x="{left}" y="{top}" font-size="11">{tallest}</text>',
        f'<text x="{(width + left) / 2:.0f}" y="{height - 4}" text-anchor="middle" font-size="12">'
        "← management · leadership score · leadership →</text>",
        "</svg>",
    ]
    return "\n".join(parts)


_TABLE_COLUMNS = (  # key, heading, type
    ("index", "#", "number"),
    ("id", "Document", "text"),
    ("label", "Label", "text"),
    ("leadership", "Leadership", "number"),
    ("management", "Management", "number"),
    ("span_of_control", "Span of control", "number"),
    ("n_leadership", "Leadership sentences", "number"),
    ("n_management", "Management sentences", "number"),
    ("error", "Error", "text"),
)


def _summary_row(index: int, outcome: Outcome) -> str:
    r = outcome.result
    values: dict[str, object] = {"index": index, "id": outcome.id, "error": outcome.error or ""}
    if r is not None:
        values.update(
            label=r.label,
            leadership=round(r.scores[LEADERSHIP], 3),
            management=round(r.scores[MANAGEMENT], 3),
            span_of_control="" if r.role_profile.span_of_control is None else r.role_profile.span_of_control,
            n_leadership=r.counts.get(LEADERSHIP, 0),
            n_management=r.counts.get(MANAGEMENT, 0),
        )
    name = os.path.basename(outcome.id) if outcome.id == outcome.path else outcome.id
    link = f'<a href="#doc-{index}" title="{_esc(outcome.path)}">{_esc(name)}</a>'
    cells = []
    for key, _, kind in _TABLE_COLUMNS:
        value = values.get(key, "")
        shown = {"id": link, "label": _badge(str(value)) if value else ""}
        css = ' class="num"' if kind == "number" else ""
        cells.append(f'<td{css} data-value="{_esc(value)}">{shown.get(key, _esc(value))}</td>')
    return f"<tr{' class=failed' if outcome.error else ''}>{''.join(cells)}</tr>"


def _profile(result: OrientationResult) -> str:
    p = result.role_profile
    facts = [
        ("span of control", p.span_of_control),
        ("direct reports", p.direct_reports),
        ("budget", p.budget.text if p.budget else None),
        ("sites", p.sites),
        ("role verbs", ", ".join(p.role_verbs) or None),
    ]
    stated = [f"{name}: {_esc(value)}" for name, value in facts if value is not None]
    return "; ".join(stated) or "no span of control, budget or sites stated"


def _document(index: int, outcome: Outcome) -> str:
    head = f'<article id="doc-{index}"><h3>{index}. {_esc(outcome.id)}</h3>'
    where = f'<p class="muted">{_esc(outcome.path)}</p>' if outcome.path != outcome.id else ""
    r = outcome.result
    if r is None:
        return f'{head}{where}<p class="error">Not scored: {_esc(outcome.error)}</p></article>'
    scores = f"leadership {r.scores[LEADERSHIP]:.2f} · management {r.scores[MANAGEMENT]:.2f}"
    counts = " · ".join(f"{r.counts.get(k, 0)} {k}" for k in ("leadership", "management", "neutral"))
    warnings = "".join(f'<p class="muted">Warning: {_esc(w)}</p>' for w in r.warnings)
    evidence = "".join(
        f'<li><mark style="background:{COLORS.get(e.label, "#eee")}">{_esc(e.text)}</mark>'
        f" {_esc(e.label)} {e.weight:+.2f}</li>"
        for e in r.evidence[:EVIDENCE_ITEMS]
    )
    return (
        f"{head}{where}<p>{_badge(r.label)} {scores} · sentences: {counts}</p>"
        f'<p class="muted">Role profile: {_profile(r)}</p>{warnings}'
        f'<div class="doc-text">{highlight(outcome.text or "", r.sentences)}</div>'
        f'<h4>Strongest evidence</h4><ol class="evidence">{evidence or "<li>none</li>"}</ol></article>'
    )


def render_report(outcomes: Sequence[Outcome], *, title: str = "leadership-nlp report") -> str:
    """Return the report page for classified documents.

    Parameters
    ----------
    outcomes : sequence of Outcome
        From :func:`leadership_nlp.scoring.analyse_all` (with texts kept).
    title : str
        Page heading.

    Returns
    -------
    str
        A complete HTML document that refers to no other file or URL.
    """
    from . import __version__

    results = [o.result for o in outcomes if o.result is not None]
    tally = Counter(r.label for r in results)
    failed = len(outcomes) - len(results)
    summary = ", ".join(f"{tally[k]} {k}" for k in DOCUMENT_LABELS) + (
        f"; {failed} not scored" if failed else ""
    )
    heads = "".join(
        f'<th data-key="{k}" data-type="{t}"{" class=num" if t == "number" else ""}>'
        f'<button type="button">{_esc(h)}</button></th>'
        for k, h, t in _TABLE_COLUMNS
    )
    rows = "".join(_summary_row(i, o) for i, o in enumerate(outcomes, start=1))
    legend = "".join(f"<span>{_badge(k)}</span>" for k in DOCUMENT_LABELS)
    digest = base64.b64encode(hashlib.sha256(_SCRIPT.encode()).digest()).decode()
    policy = f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_esc(title)}</title><style>{_STYLE}</style></head><body>
<header><h1>{_esc(title)}</h1>
<p class="muted">{len(outcomes)} documents scored by leadership-nlp {_esc(__version__)}: {summary}.
Sentences are underlined by orientation; click a column heading to sort.</p></header>
<section class="overview"><div>{score_chart(results)}</div>
<div><p class="legend">{legend}</p><p class="muted">Each bar counts the documents whose leadership
score falls in its range, coloured by their verdict.</p></div></section>
<h2>Summary</h2>
<div class="table-box"><table id="summary-table"><thead><tr>{heads}</tr></thead>
<tbody>{rows}</tbody></table></div>
<h2>Documents</h2>
{"".join(_document(i, o) for i, o in enumerate(outcomes, start=1))}
<script>{_SCRIPT}</script>
</body></html>
"""


def write_report(outcomes: Sequence[Outcome], path: str | os.PathLike[str], *, title: str) -> None:
    """Write :func:`render_report` to ``path`` atomically (a temporary file, then a rename).

    Raises
    ------
    UsageError
        The file cannot be written.
    """
    from .output import atomic_write_text

    try:  # a new file renamed over ``path``: a link planted there is never followed
        atomic_write_text(path, render_report(outcomes, title=title))
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
