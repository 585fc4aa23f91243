"""Sentences shaped like a title or heading: "Staff Nurse, Telemetry", "What We Offer".

Such a line names a job, an employer or a section, not a behaviour (label
guide G.2). :mod:`~leadership_nlp.core.terms` adds :data:`TITLE_MARK` to the
terms of each one, and the model learns what the shape weighs. Casing is a
weak signal on its own, so the shape is kept narrow: a sentence written in
capitals or Title Case ("I MANAGE A TEAM OF 10", "Managed A Team Of 12")
must not read as a title, or shouting would hide its words. A job title in
sentence case ("Team lead", "Shift supervisor, Tesco") is one when it ends in
a job noun and nothing in it reads as a bullet ("Lead a team of 5", "Coach new
team leaders", "Line manager of 6", "Rota and budget manager").
"""

from __future__ import annotations

from spacy.tokens import Doc

from .constants import BULLETS, WORD_CACHE_MAX
from .folding import fold

#: The term added to a sentence shaped like a title or heading. A unigram
#: only, never part of an n-gram.
TITLE_MARK = "_title_line_"
#: A title or heading names a thing in a few words.
TITLE_MAX_WORDS = 6
#: ... and in capitals throughout, in fewer: "WORK EXPERIENCE", "SENIOR STAFF NURSE".
TITLE_MAX_CAPS_WORDS = 4
#: Lowercase words a title may contain ("Head of Sales and Marketing").
TITLE_CONNECTORS: frozenset[str] = frozenset("a an and at by de for in of on or the to with".split())
#: A title does not speak in the first person singular ("We", "Our" and "Us"
#: stay: "What We Offer", "About Us" are a job ad's headings).
FIRST_PERSON: frozenset[str] = frozenset("i i'm i’m i've i’ve me my".split())
#: A job title in sentence case ("Team lead", "Shift supervisor, Tesco") ends its first
#: part in one of these nouns, in two to four words joined by nothing but "and" or "&";
#: what follows the first part (after a comma, a bar, a dash, a bracket or "at") is
#: capitalised. So "Lead a team of 5", "Line manager of 6", "Report to the store
#: manager" and "Coach each team leader" stay sentences.
TITLE_HEADS: frozenset[str] = frozenset(
    """lead leader manager supervisor director officer engineer assistant coordinator teacher nurse
    analyst consultant developer designer administrator executive specialist technician adviser worker
    advisor associate clerk operative representative partner founder president chief coach
    controller planner scientist architect accountant auditor buyer chef captain sergeant
    superintendent inspector porter driver surveyor lecturer practitioner constable master sister
    commander merchandiser cook cleaner carer receptionist pharmacist therapist paramedic midwife""".split()
)
TITLE_MAX_SENTENCE_CASE_WORDS = 4
#: Words (and their inflections, by lemma) that make a line a CV bullet or a
#: self-description, not a job title in sentence case: first, after its "and", or
#: inside it in lowercase ("Mentor junior developers", "Lead and coach", "Line manages
#: deputy manager", "Strategic leader"); not "Lead", "Support", "Direct", which open
#: titles too ("Lead developer", "Support worker"), though "Leads" does not.
TITLE_BULLET_WORDS: frozenset[str] = frozenset(
    """coach mentor train hire recruit appoint supervise manage guide help develop motivate inspire
    empower oversee delegate onboard induct appraise brief deploy roster book schedule allocate
    coordinate promote upskill nurture grow build shape steer plan organise organize interview
    assign strategic strong natural inspirational inspiring visionary effective proven experienced
    leads""".split()
)
#: Nouns of a responsibility, not a job: "Budget and people manager", "Rota manager".
TITLE_NOT_IN: frozenset[str] = frozenset("budget budgets rota rotas p&l workforce".split())
#: Words in "-ing" or "-ed" that open job titles in sentence case ("Marketing manager",
#: "Nursing assistant", "Registered manager", "Acting head teacher"), not bullets
#: ("Managing the rota"). Title Case keeps its rule, no verb form first: "Marketing
#: Manager" takes no mark, as before sentence case was read.
TITLE_FORM_OPENERS: frozenset[str] = frozenset(
    """marketing training nursing engineering catering housing planning safeguarding teaching
    accounting purchasing manufacturing banking lending licensing publishing fundraising
    merchandising acting registered chartered qualified certified licensed""".split()
)
#: Words that open a job title whose head comes first: "Head of department", "Director of
#: operations" (a sentence-case title otherwise has no "of": "Line manager of 6").
TITLE_HEAD_OF: frozenset[str] = frozenset("head director chief".split())

# Token shapes, by lexeme: a code, or _WORD plus flags for a content word.
_SPACE, _NO_WORD, _CONNECTOR, _LOWER, _FINAL, _FIRST_PERSON = range(6)
# Codes that the Title Case shape reads as those above, and the sentence-case one
# as the end of a title's first part (_SEP_*), a join it allows (_JOIN, _AMP; _OF only
# after TITLE_HEAD_OF) or a field (_FIELD).
_SEP_SPACE, _SEP_NO_WORD, _SEP_CONNECTOR, _JOIN, _AMP, _FIELD, _OF = range(6, 13)
_WORD, _ALL_CAPS, _VERB_FORM, _LOWERCASE, _HEAD, _BULLET_WORD, _NOT_IN, _FORM_OPENER, _HEAD_OF = (
    16 << n for n in range(9)
)
_AS = {
    _SEP_SPACE: _SPACE,
    _SEP_NO_WORD: _NO_WORD,
    _SEP_CONNECTOR: _CONNECTOR,
    _JOIN: _CONNECTOR,
    _AMP: _NO_WORD,
    _FIELD: _NO_WORD,
    _OF: _CONNECTOR,
}
_SHAPES: dict[str, dict[int, int]] = {}


def title_bounds(doc: Doc, rows: list[list[int]]) -> tuple[int, int] | None:
    """Return the character span of a title-shaped sentence, or ``None``.

    ``rows`` are the sentence's ``(ORTH, IDX, LENGTH)`` token rows. Every word
    is capitalised or a connector, one to :data:`TITLE_MAX_WORDS` content
    words (:data:`TITLE_MAX_CAPS_WORDS` when all are in capitals), no word in
    the first person, no verb form ("Managed", "Leading") first, no full
    stop at the end; or the line is a job title in sentence case (see
    :data:`TITLE_HEADS`). Leading bullets and surrounding space are not part
    of the span.
    """
    shapes = _SHAPES.setdefault(doc.lang_, {})
    if len(shapes) > WORD_CACHE_MAX:
        shapes.clear()  # bounded memory on endless vocabularies
    words = caps = 0
    last = _SPACE
    first = end = -1
    # The sentence-case shape: lowercase words seen; the first part's words, whether
    # its last is a head noun, whether it has ended; whether a word or a join rules
    # the line out (odd); whether the last non-space token was a join; a verb-form
    # opener first; "Head of" read; the first word's shape.
    lowercase = part_words = 0
    head = ended = odd = joined = ing_first = head_of = False
    first_shape = 0
    for orth, idx, length in rows:
        shape = shapes.get(orth)
        if shape is None:
            shape = shapes[orth] = _shape(doc, orth)
        if shape == _OF and words == 1 and first_shape & _HEAD_OF and not head_of:
            head_of = True  # "Head of department": the head comes first, and "of" joins
            shape = _JOIN
        if shape == _SEP_SPACE and idx == end:
            shape = _SPACE  # a hyphen inside a word ("Part-time team leader") ends nothing
        after_join = joined
        if shape != _SPACE:  # a double space keeps "and" a join ("Lead and  coach")
            joined = shape in (_JOIN, _AMP)
        if shape in _AS:
            if shape != _OF:
                ended = ended or (not joined and words > 0)
            odd = odd or shape == _FIELD  # "Line manager: Deputy Head" is a field, not a title
            shape = _AS[shape]
        if shape == _CONNECTOR and not ended and not joined:
            odd = True  # "Lead a team", "Line manager of 6"
        if shape == _LOWER or shape == _FIRST_PERSON:
            return None
        if shape & _WORD:
            if not words and shape & _VERB_FORM:
                if not shape & _FORM_OPENER:
                    return None  # a CV bullet in capitals: "MANAGED THE ROTA"
                ing_first = True
            if shape & _LOWERCASE:
                if not words or ended:
                    return None  # a sentence, or words after a title: "Team lead, responsible for"
                lowercase += 1
            if not words:
                first_shape = shape
            if not ended:
                part_words += 1
                head = bool(shape & _HEAD) or head_of
                # A bullet's verb opens the title, follows its "and", or stands in it in
                # lowercase ("Line manage deputy manager"; "Executive coach" is a title).
                bullet_verb = bool(shape & _BULLET_WORD) and (
                    not words or after_join or (bool(shape & _LOWERCASE) and not shape & _HEAD)
                )
                odd = odd or bool(shape & _NOT_IN) or bullet_verb
            words += 1
            caps += bool(shape & _ALL_CAPS)
            if words > TITLE_MAX_WORDS:
                return None
        if shape != _SPACE:
            last = shape
            first = idx if first < 0 else first
            end = idx + length
    if not words or last == _FINAL or (caps == words and words > TITLE_MAX_CAPS_WORDS):
        return None
    if lowercase:
        if odd or not head or not 2 <= part_words <= TITLE_MAX_SENTENCE_CASE_WORDS:
            return None
    elif ing_first:
        return None  # Title Case keeps its rule: no verb form first ("Leading Change")
    return first, end


#: Tokens that end the first part of a title ("Team lead, Acme", "Team lead | Acme",
#: "Team lead – Acme", "Team lead (nights)", "Team lead @ Acme", "Team lead at Acme").
_SEPARATOR_SPACES = frozenset("- – —".split())
_SEPARATOR_MARKS = frozenset(", | ( @ /".split())


def _shape(doc: Doc, orth: int) -> int:
    from .terms import STOP_TERMS, lemma  # terms imports this module

    text = fold(doc.vocab.strings[orth])  # as the word reads ("Frоm" with a Cyrillic "о" is "From")
    if text in _SEPARATOR_SPACES:
        return _SEP_SPACE
    if text.isspace() or text in BULLETS:
        return _SPACE
    if text in (".", "!", "?", "…", "..."):
        return _FINAL
    if text in _SEPARATOR_MARKS:
        return _SEP_NO_WORD
    if text == ":":
        return _FIELD
    if text == "&":
        return _AMP
    if not any(c.isalpha() for c in text):
        return _NO_WORD
    if text == "and":
        return _JOIN
    if text == "of":
        return _OF
    if text == "at":
        return _SEP_CONNECTOR
    if text in TITLE_CONNECTORS:
        return _CONNECTOR
    lower = text.lower()
    if lower in FIRST_PERSON:
        return _FIRST_PERSON
    shape = _WORD
    shape |= _HEAD if lower in TITLE_HEADS else 0
    inflected = lemma(text) in TITLE_BULLET_WORDS and lower not in TITLE_FORM_OPENERS  # not "Training"
    shape |= _BULLET_WORD if lower in TITLE_BULLET_WORDS or inflected else 0
    shape |= _NOT_IN if lower in TITLE_NOT_IN else 0
    shape |= _HEAD_OF if lower in TITLE_HEAD_OF else 0
    if not text[0].isupper():
        # A lowercase word fits only a job title in sentence case, and not a stop word
        # nor a word that mixes cases or holds more than letters ("iOS", "2nd", ".NET":
        # Title Case lines with one take no mark, as before sentence case was read).
        if lower in STOP_TERMS or not (text.isalpha() and text.islower()):
            return _LOWER
        return shape | _LOWERCASE
    # A capitalised stop word ("From", "What") fits a title but does not make one:
    # "From 2011 to 2016" is a date range, and function words never weigh.
    if lower in STOP_TERMS:
        return _CONNECTOR
    if text.isupper() and len(text) > 1:
        shape |= _ALL_CAPS
    if lower.endswith(("ed", "ing")) and lemma(text) != lower:
        shape |= _VERB_FORM | (_FORM_OPENER if lower in TITLE_FORM_OPENERS else 0)
    return shape
