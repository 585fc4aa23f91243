"""Benchmark results (the dictionary ``bench.run`` returns) -> Markdown tables."""

from __future__ import annotations

from typing import Any

NAMES = {
    "floor": 'stock floor: `spacy.blank("en")` + sentencizer, `nlp.pipe`',
    "floor_fix": "floor with the tokenizer fix (no whitespace special cases)",
    "limit": "pure-Python limit (`limit.py`), labels only",
    "tfidf": "TF-IDF + LR peer, one `predict` per text, labels only",
    "ours": "leadership-nlp `classify_batch`, full results",
}
REGISTER_NAMES = {"cv": "CV text", "job_ad": "job-ad prose", "long_prose": "long-sentence prose"}


def _num(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}"


def _speed(s: dict[str, Any]) -> list[str]:
    regs = s["registers"]
    first = next(iter(regs.values()))
    out = [
        "### Speed: five systems on the same texts, interleaved in one process, caches cold",
        "",
        f"Ratio to the stock floor (words/s; chunks of {first['chunk']} texts, the order of the systems "
        "rotated every chunk). In brackets: the CPU-time ratio.",
        "",
        "| system | " + " | ".join(REGISTER_NAMES[r] for r in regs) + " |",
        "|---|" + "---:|" * len(regs),
    ]
    for name, label in NAMES.items():
        rows = [r["systems"][name] for r in regs.values()]
        cells = [f"{x['ratio_to_floor']:.2f} ({_num(x['cpu_ratio_to_floor'], 2)})" for x in rows]
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    out += [
        "",
        "| register | texts | words/text | new strings per 1,000 words | sentences/text (floor / ours) "
        "| floor words/s | ours words/s | limit agrees with ours (document labels) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for reg, r in regs.items():
        sys_ = r["systems"]
        out.append(
            f"| {REGISTER_NAMES[reg]} | {r['texts']:,} | {r['words'] / r['texts']:.0f} "
            f"| {r['distinct_per_1000_words']:.0f} "
            f"| {r['sentences_per_text']} / {r['ours_sentences_per_text']} "
            f"| {_num(sys_['floor']['words_per_s'])} | {_num(sys_['ours']['words_per_s'])} "
            f"| {100 * r['limit_agrees_with_ours']:.1f} % |"
        )
    if s.get("tfidf_fit"):
        f = s["tfidf_fit"]
        out += ["", f"The TF-IDF + LR peer was trained on {f['units']:,} corpus units in {f['fit_s']:.1f} s."]
    return out


def _startup(s: dict[str, Any]) -> list[str]:
    return [
        f"### Time to the first result from a fresh process (median of {s['repeats']})",
        "",
        "| process | seconds from spawn to result |",
        "|---|---:|",
        f"| `import leadership_nlp; classify(sentence)` | {s['ours_first_result_s']:.2f} |",
        f'| `import spacy; spacy.blank("en")(sentence)` | {s["floor_first_result_s"]:.2f} |',
        f"| ratio | **{s['ratio_to_floor']:.2f}** |",
    ]


def _memory(m: dict[str, Any]) -> list[str]:
    return [
        f"### Memory: {m['texts']:,} CV results held in a list, one process",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| peak RSS of the process | **{m['peak_rss_mb']:,.0f} MB** |",
        f"| RSS before classifying (texts read, model loaded) | {m['rss_before_mb']:,.0f} MB |",
        f"| RSS after, results held | {m['rss_after_mb']:,.0f} MB |",
        f"| time, `n_jobs=1` | {m['seconds']:,.1f} s ({m['texts_per_s']:,.1f} texts/s) |",
    ]


def _parallel(p: dict[str, Any]) -> list[str]:
    one, two = p["n_jobs_1"], p["n_jobs_2"]
    return [
        f"### `classify_batch` on {p['texts']:,} CVs: `n_jobs=2` against `n_jobs=1` ({p['cpus']} CPUs)",
        "",
        f"Both on every chunk of {p['chunk']:,} texts, in alternating order, in one process.",
        "",
        "| n_jobs | seconds | texts/s |",
        "|---:|---:|---:|",
        f"| 1 | {one['seconds']:.1f} | {one['texts_per_s']:.1f} |",
        f"| 2 | {two['seconds']:.1f} | {two['texts_per_s']:.1f} |",
        f"| speed-up | **{p['speedup']:.2f}** | same labels: {p['same_labels']} |",
    ]


def _cli(c: dict[str, Any]) -> list[str]:
    one, two = c["n_jobs_1"], c["n_jobs_2"]
    return [
        f"### CLI: `leadership-nlp score` on a folder of {c['files']:,} CV text files (whole process)",
        "",
        f"Runs in the order --n-jobs {', '.join(map(str, c['order']))}; seconds are the mean per run.",
        "",
        "| --n-jobs | seconds | rows |",
        "|---:|---:|---:|",
        f"| 1 | {one['seconds']:.1f} | {one['rows']:,} |",
        f"| 2 | {two['seconds']:.1f} | {two['rows']:,} |",
        f"| speed-up | **{c['speedup']:.2f}** | |",
        *(
            [
                "",
                "Speed-up of each consecutive pair of runs (1-2, 3-4, ...): "
                + ", ".join(f"{r:.2f}" for r in pairs)
                + ".",
            ]
            if (pairs := c.get("pair_speedups"))
            else []
        ),
    ]


def _accuracy(a: dict[str, Any]) -> list[str]:
    if a.get("skipped"):
        return ["### Accuracy on the validation set", "", a["skipped"]]
    return [
        f"### Accuracy: sentence macro-F1 on the validation set ({a['sentences']:,} labelled sentences)",
        "",
        "| system | macro-F1 |",
        "|---|---:|",
        f"| leadership-nlp (shipped model) | {a['ours_macro_f1']:.3f} |",
        f"| TF-IDF + LR peer (trained on the corpus) | {a['tfidf_macro_f1']:.3f} |",
        f"| pure-Python limit | {a['limit_macro_f1']:.3f} |",
        f"| limit agrees with ours (sentence labels) | {100 * a['limit_agrees_with_ours']:.1f} % |",
    ]


def _run_line(run: dict[str, Any]) -> str:
    load = run["load_average_before"][0], run["load_average_after"][0]
    code = f" on code at {run['commit']}" if "commit" in run else ""
    return (
        f"Measured by `{run['command']}`{code} on {run['date']} in {run['seconds']:.0f} s; "
        f"load average {load[0]:.1f} before, {load[1]:.1f} after."
    )


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
    commits = {r.get("commit", m["commit"]) for r in results.get("runs", {}).values()} or {m["commit"]}
    code = f"code at {m['commit']}" if commits == {m["commit"]} else "code: each section names its commit"
    out = [
        f"Machine: {m['nproc']} cores, CPU {m['cpu']}, {m['ram_gib']} GiB RAM; Python {m['python']}; "
        + ", ".join(f"{k} {v}" for k, v in m["libraries"].items())
        + f"; {code}.",
        "",
    ]
    if results.get("smoke"):
        out += ["Smoke run: tiny sizes, the figures mean nothing.", ""]
    runs = results.get("runs", {})
    render = {
        "speed": _speed,
        "startup": _startup,
        "memory": _memory,
        "parallel": _parallel,
        "cli": _cli,
        "accuracy": _accuracy,
    }
    for section, fn in render.items():
        if section in results:
            table = fn(results[section])
            out += [table[0], "", _run_line(runs[section]), *table[1:], ""]
    if results.get("wall_s") is not None:
        out.append(f"Whole run: {results['wall_s']:.0f} s.")
    return "\n".join(out).rstrip() + "\n"
