"""Per-word caches are emptied past ``WORD_CACHE_MAX``: no result depends on what they hold."""

import leadership_nlp
from leadership_nlp.core import role_matcher, role_parts, term_arrays, terms, title_line

#: Every module that empties a per-word cache past the bound.
BOUNDED = (terms, term_arrays, title_line, role_matcher, role_parts)

#: CV-like texts, each with words no other text has (employers, towns, e-mail addresses),
#: job titles, role-profile figures and currencies glued to amounts.
TEXTS = [
    f"Jordan Vale{i} | jordan.vale{i}@mail{i}.example | 07700 900{i:03d}\n"
    f"Senior Project Manager, Quarry{i} Logistics, Harbour{i}\n"
    f"- I manage {10 + i} people across {i % 5 + 2} sites and a budget of £{i + 1}.5m.\n"
    f"- Coached {i % 7 + 2} team leads at Firm{i} through the Beacon{i} restructure.\n"
    f"- Built the Ledger{i} reports myself and scheduled the R{i}5k rota.\n"
    "Led the move to a new operating model and set the direction for it."
    for i in range(40)
]


def test_results_are_the_same_when_the_caches_are_emptied_again_and_again(monkeypatch):
    expected = [r.to_dict() for r in leadership_nlp.classify_batch(TEXTS)]
    for module in BOUNDED:
        monkeypatch.setattr(module, "WORD_CACHE_MAX", 8)
    got = [r.to_dict() for r in leadership_nlp.classify_batch(list(reversed(TEXTS)))]
    assert got[::-1] == expected
    assert any(r["role_profile"]["span_of_control"] for r in expected)  # the role profile was read


def test_the_kinds_cache_stays_near_its_bound(monkeypatch):
    monkeypatch.setattr(terms, "WORD_CACHE_MAX", 8)
    for text in TEXTS:
        leadership_nlp.classify(text)
    # Emptied at each call past the bound: at most the bound plus one text's words.
    assert 0 < len(terms._KINDS[("en", True)]) <= 8 + len(TEXTS[-1].split()) * 2


def test_threads_that_empty_the_caches_under_each_other_get_the_same_results(monkeypatch):
    import threading

    expected = [r.to_dict() for r in leadership_nlp.classify_batch(TEXTS)]
    for module in BOUNDED:
        monkeypatch.setattr(module, "WORD_CACHE_MAX", 4)
    barrier = threading.Barrier(4)
    got: dict[int, list[dict]] = {}

    def run(k: int) -> None:
        barrier.wait()
        # Each thread in its own order, so that one empties a cache another is filling.
        shift = 10 * k
        order = TEXTS[shift:] + TEXTS[:shift]
        results = [leadership_nlp.classify(text).to_dict() for text in order]
        got[k] = results[len(TEXTS) - shift :] + results[: len(TEXTS) - shift]

    threads = [threading.Thread(target=run, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(got) == [0, 1, 2, 3]
    assert all(got[k] == expected for k in got)
