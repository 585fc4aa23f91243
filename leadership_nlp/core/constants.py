"""Constants shared across the package: labels, facets, bands and limits.

Every threshold lives here so that it is written once and documented once;
the word lists are data (``data/word_lists.tsv``), read here once.
"""

from __future__ import annotations

from importlib.resources import files

#: Sentence-level classes, in the order the classifier stores them.
LEADERSHIP = "leadership"
MANAGEMENT = "management"
NEUTRAL = "neutral"
BALANCED = "balanced"
SENTENCE_LABELS: tuple[str, ...] = (LEADERSHIP, MANAGEMENT, NEUTRAL)
DOCUMENT_LABELS: tuple[str, ...] = (LEADERSHIP, MANAGEMENT, BALANCED, NEUTRAL)
ORIENTED: tuple[str, ...] = (LEADERSHIP, MANAGEMENT)

#: Facets of the label guide (``corpus/GUIDELINES.md``).
FACETS: tuple[str, ...] = (
    "goal",
    "horizon",
    "direction",
    "method",
    "people",
    "resources",
    "accountability",
)

#: A document whose leadership share lies inside this closed band, and that has
#: at least one leadership and one management sentence, is "balanced".
BALANCED_BAND: tuple[float, float] = (0.4, 0.6)

#: A text whose oriented weight per sentence (``OrientationResult.confidence``)
#: is below this has too little evidence for a verdict: it is "neutral".
#: Chosen on the validation documents (``corpus/validation``), see the model card.
THIN_EVIDENCE = 0.25
#: ... unless its oriented weight (sentences, each counted by its probability of
#: being oriented) reaches this: enough evidence whatever the text's length.
ENOUGH_EVIDENCE = 5.0

#: Evidence terms reported per sentence, strongest first.
MAX_EVIDENCE = 8
#: Contributions smaller than this (in logit units) are not evidence.
MIN_EVIDENCE_WEIGHT = 0.05

#: Texts are segmented in chunks of about this many characters so that very
#: long inputs run in bounded memory (see ``segment.iter_chunks``).
CHUNK_CHARS = 20_000
#: A run of non-space characters longer than this is not a word (base64, a
#: URL list, binary junk): it is cut so the tokenizer never sees it whole.
MAX_TOKEN_CHARS = 100
#: Sentences kept in a result. Longer texts are still scored in full; the
#: document verdict uses every sentence, but only the first ``MAX_SENTENCES``
#: are returned in ``result.sentences`` (``result.truncated`` says so).
MAX_SENTENCES = 5_000
#: Longest text ``classify`` accepts unless told otherwise (``max_chars``), in
#: characters: about 10 MB of plain text, 1.5 million words, a couple of CPU
#: minutes. Memory does not grow with length (chunks of ``CHUNK_CHARS``); time
#: does, so a longer input is refused at once rather than scored for many
#: minutes (spaCy's ``nlp.max_length`` is the same idea).
MAX_TEXT_CHARS = 10_000_000
#: Distinct words a per-word cache (a word's kind, its feature row, its shape in a
#: title, its role-profile flags) holds before it is emptied. The words that recur
#: fill it again within a few texts; without a bound, a long run's one-off words
#: (names, e-mail addresses, phone numbers) pile up: about 14 MB over 10,000 CVs.
WORD_CACHE_MAX = 1 << 14


def _word_lists() -> dict[str, frozenset[str]]:
    # Knowledge as data: data/word_lists.tsv (list<TAB>word; "#" lines explain each list).
    lists: dict[str, set[str]] = {}
    text = files("leadership_nlp").joinpath("data/word_lists.tsv").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    for name, word in rows[1:]:  # after the header row
        lists.setdefault(name, set()).add(word)
    return {name: frozenset(words) for name, words in lists.items()}


_LISTS = _word_lists()
#: Role nouns tell a labeller which role a clause describes; the model must
#: learn behaviours instead, so they are masked before featurisation.
ROLE_NOUNS: frozenset[str] = _LISTS["ROLE_NOUNS"]
ROLE_MASK = "_role_"

#: Gendered words carry no orientation; dropping them keeps verdicts
#: independent of gender (tested in ``tests/train/test_fairness.py``).
GENDERED_WORDS: frozenset[str] = _LISTS["GENDERED_WORDS"]
#: Gendered job nouns and their counterparts -> one neutral word ("waitress" and
#: "waiter" -> "server"): the model sees the job, not the gender.
GENDER_FOLDS: dict[str, str] = dict(pair.split(" ", 1) for pair in sorted(_LISTS["GENDER_FOLDS"]))
if len(GENDER_FOLDS) != len(_LISTS["GENDER_FOLDS"]):  # a form with two targets would fold by set order
    raise ValueError("data/word_lists.tsv: a GENDER_FOLDS form is listed with two targets")
#: Grammatical person, modality and job-ad boilerplate do not change
#: orientation: "You will define the vision" (job ad) and "I defined the
#: vision" (CV) must score the same.
REGISTER_WORDS: frozenset[str] = _LISTS["REGISTER_WORDS"]
#: Negation scope: tokens after one of these, up to a clause break, are prefixed
#: with ``NEGATION_PREFIX`` so "do not set budgets" is not evidence of budgeting.
NEGATORS: frozenset[str] = _LISTS["NEGATORS"]
NEGATION_PREFIX = "not_"
#: The word lists of the passive-agent rule (:func:`leadership_nlp.core.terms.passive_agent`,
#: the ``passive_agents`` training switch): who or what may follow "by" as an agent, heads
#: that make "by the ..." a time or share instead, participles without "-ed", and dates.
AGENT_OPENERS: frozenset[str] = _LISTS["AGENT_OPENERS"]
AGENT_NOT_HEADS: frozenset[str] = _LISTS["AGENT_NOT_HEADS"]
IRREGULAR_PARTICIPLES: frozenset[str] = _LISTS["IRREGULAR_PARTICIPLES"]
CALENDAR_WORDS: frozenset[str] = _LISTS["CALENDAR_WORDS"]
CLAUSE_BREAKS: frozenset[str] = _LISTS["CLAUSE_BREAKS"]

#: Sentence-final characters added to spaCy's sentencizer defaults.
EXTRA_SENT_END = ("…", "...")
#: Characters that end a line besides "\n": carriage return, vertical tab,
#: form feed, NEL, and the Unicode line and paragraph separators.
LINE_BREAKS: tuple[str, ...] = ("\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029")
#: A line ending in one of these words continues on the next line (a date range
#: or a phrase that PDF extraction broke): it does not end a sentence.
LINE_JOINERS: frozenset[str] = _LISTS["LINE_JOINERS"]
#: Role verbs whose object PDF extraction may have put on the next line: alone
#: on its line, after a bullet or after one of ``LINE_VERB_PRECEDERS`` ("I
#: manage" / "100 people", "Managed" / "30 staff"), the next line continues the
#: sentence when it starts like an object (a figure that is not a year, or one of
#: ``LINE_OBJECT_STARTS``). So "Team Lead" / "2018 - 2020", "Lead" / "Monzo Bank"
#: and "the rota I managed" / "Deputy Manager" stay two lines.
LINE_VERBS: frozenset[str] = _LISTS["LINE_VERBS"]
LINE_VERB_PRECEDERS: frozenset[str] = _LISTS["LINE_VERB_PRECEDERS"]
LINE_OBJECT_STARTS: frozenset[str] = _LISTS["LINE_OBJECT_STARTS"]
#: Line-initial bullet markers: a bullet line is its own sentence.
BULLETS = frozenset({"-", "*", "•", "·", "–", "—", "‣", "◦", "▪", "■", "□", "o", ">"})


# -- a model folder -------------------------------------------------------------------

#: The compiled model's metadata (JSON) and arrays (NumPy .npz, no pickles).
META_FILE = "inference.json"
ARRAYS_FILE = "inference.npz"
