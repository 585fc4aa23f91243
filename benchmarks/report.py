"""Benchmark results (the dictionary ``bench.run`` returns) -> Markdown tables."""

from __future__ import annotations

from typing import Any


def _num(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}"


def _throughput(t: dict[str, Any]) -> list[str]:
    floor, one, two = t["spacy_floor"], t["ours_1"], t["ours_2"]
    words = floor["words"] / floor["texts"]
    out = [
        f"### Throughput: {floor['texts']:,} CV-length texts (mean {words:.0f} words, "
        f"{floor['words']:,} words)",
        "",
        "| system | processes | texts/s | words/s | peak RSS (MiB) | ratio to spaCy floor (words/s) |",
        "|---|---:|---:|---:|---:|---:|",
        f'| spaCy floor: `spacy.blank("en")` + sentencizer, `nlp.pipe` | 1 '
        f"| {_num(floor['texts_per_s'], 1)} | {_num(floor['words_per_s'])} | {_num(floor['peak_rss_mb'])} "
        "| 1.00 |",
    ]
    for run in (one, two, t.get("ours_stream")):
        if run is None:  # results from before the streamed run existed
            continue
        rss = _num(run["peak_rss_mb"])
        if run.get("worker_peak_rss_mb") is not None:
            rss += f" + {_num(run['worker_peak_rss_mb'])} per worker"
        call = "iter_classify" if run.get("stream") else "classify_batch"
        out.append(
            f"| leadership-nlp `{call}(texts, n_jobs={run['n_jobs']})` | {run['n_jobs']} "
            f"| {_num(run['texts_per_s'], 1)} | {_num(run['words_per_s'])} | {rss} "
            f"| **{run['ratio_to_spacy_floor']:.3f}** |"
        )
    return out


def _ratio(r: dict[str, Any]) -> list[str]:
    floor, ours = r["spacy_floor"], r["ours_1"]
    return [
        f"### Ratio to the spaCy floor, interleaved: {r['texts']:,} texts in alternating chunks of "
        f"{r['chunk']}, one process",
        "",
        "| system | texts/s | words/s | ratio to spaCy floor (words/s) |",
        "|---|---:|---:|---:|",
        f"| spaCy floor | {_num(floor['texts_per_s'], 1)} | {_num(floor['words_per_s'])} | 1.00 |",
        f"| leadership-nlp `classify_batch(texts)` | {_num(ours['texts_per_s'], 1)} "
        f"| {_num(ours['words_per_s'])} | **{r['ratio_to_spacy_floor']:.3f}** |",
    ]


def _startup(s: dict[str, Any]) -> list[str]:
    size = s["model"]["total_bytes"]
    files = ", ".join(f"`{k}` {v / 1024:,.0f} KiB" for k, v in s["model"]["files"].items())
    return [
        f"### Start-up (fresh interpreter each time, median of {s['repeats']})",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| `import leadership_nlp` | {s['median_import_s']:.2f} s |",
        f"| `leadership_nlp.load_model()` (manifest check, compiled arrays) "
        f"| {s['median_load_model_s']:.2f} s |",
        f"| import + load | **{s['median_import_and_load_s']:.2f} s** |",
        f"| first `classify()` after load (lemma table, language id) "
        f"| {s['median_first_classify_s']:.2f} s |",
        f"| whole process, interpreter start to exit | {s['median_process_wall_s']:.2f} s |",
        *(
            [
                f"| floor: `import spacy` alone | {s['median_import_spacy_s']:.2f} s |",
                f'| floor: `spacy.blank("en")` after it | {s["median_blank_en_s"]:.2f} s |',
            ]
            if "median_import_spacy_s" in s
            else []
        ),
        f"| model artifact (`leadership_nlp/data/model/`) | **{size / 1024:,.0f} KiB** ({files}) |",
    ]


def _scaling(rows: list[dict[str, Any]], batch: int) -> list[str]:
    out = [
        f"### Scaling: a generated stream classified in batches of {batch:,}, one process",
        "",
        "| texts | seconds | texts/s | ms/text | RSS after warm-up (MiB) | peak RSS (MiB) |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        out.append(
            f"| {r['texts']:,} | {_num(r['seconds'], 1)} | {_num(r['texts_per_s'], 1)} "
            f"| {_num(r['ms_per_text'], 1)} | {_num(r['rss_before_mb'])} | {_num(r['peak_rss_mb'])} |"
        )
    return out


def _peer_row(name: str, r: dict[str, Any], note: str = "") -> str:
    return (
        f"| {name} | {_num(r.get('dev_macro_f1'), 3)} | {_num(r['texts_per_s'], 1)} "
        f"| {_num(r['sentences_per_s'])} | {_num(r['words_per_s'])} | {note} |"
    )


def _peers(p: dict[str, Any], throughput: dict[str, Any] | None) -> list[str]:
    ours, tfidf, minilm = p["ours_sentences"], p["tfidf_lr"], p["minilm"]
    out = [
        f"### Peers: trained on our corpus, dev macro-F1 on the 80 development statements; "
        f"speed on the sentences of {ours['texts']:,} texts ({ours['sentences']:,} sentences)",
        "",
        "| system | dev macro-F1 | texts/s | sentences/s | words/s | note |",
        "|---|---:|---:|---:|---:|---|",
    ]
    if throughput:
        one = throughput["ours_1"]
        full = {**one, "dev_macro_f1": ours.get("dev_macro_f1")}
        full["sentences_per_s"] = one["sentences"] / one["seconds"]
        name = "leadership-nlp `classify_batch` (full result)"
        out.append(_peer_row(name, full, "from the throughput table"))
    out.append(_peer_row("leadership-nlp model `predict` only", ours, "pre-split sentences"))
    out.append(_peer_row("TF-IDF words + char n-grams + LR", tfidf, f"fit {tfidf['fit_s']:.1f} s"))
    if "skipped" in minilm:
        for name in ("MiniLM zero-shot", "MiniLM + LR"):
            out.append(f"| {name} | skipped | | | | {minilm['skipped']} |")
    else:
        threads = f"torch, {minilm['torch_threads']} threads"
        out.append(_peer_row("MiniLM (all-MiniLM-L6-v2) zero-shot", minilm["zero_shot"], threads))
        out.append(_peer_row("MiniLM embeddings + LR", minilm["lr"], threads))
    if ours.get("dev_macro_f1") is None:
        out += ["", "The development set was not found, so no dev macro-F1 was measured."]
    return out


def _run_line(run: dict[str, Any]) -> str:
    load = run["load_average_before"][0], run["load_average_after"][0]
    text = (
        f"Measured by `{run['command']}` on {run['date']} in {run['seconds']:.0f} s; "
        f"load average {load[0]:.1f} before, {load[1]:.1f} after."
    )
    if not run["isolated"]:
        text += " Smoke run: measurements shared one process, so memory figures are cumulative."
    return text


def markdown(results: dict[str, Any]) -> str:
    """Render the results as Markdown: the machine, then one table per section measured.

    Parameters
    ----------
    results : dict
        What ``bench.run`` fills in, with ``machine`` added by ``bench.main``.

    Returns
    -------
    str
    """
    m = results["machine"]
    out = [
        f"Machine: {m['nproc']} cores, {m['cpu']}, {m['ram_gib']} GiB RAM; Python {m['python']}; "
        + ", ".join(f"{k} {v}" for k, v in m["libraries"].items())
        + f"; code at {m['commit']}.",
        "",
    ]
    runs = results.get("runs", {})
    render = {
        "throughput": _throughput,
        "ratio": _ratio,
        "startup": _startup,
        "scaling": lambda r: _scaling(r["rows"], r["stream_batch"]),
        "peers": lambda r: _peers(r, results.get("throughput")),
    }
    for section, fn in render.items():
        if section in results:
            table = fn(results[section])
            out += [table[0], "", _run_line(runs[section]), *table[1:], ""]
    return "\n".join(out).rstrip() + "\n"
