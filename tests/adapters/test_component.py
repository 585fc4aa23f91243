"""The ``leadership_orientation`` spaCy component, run in real spaCy pipelines."""

import json
import pickle
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import resources
import spacy
from hypothesis import given
from hypothesis import strategies as st
from resources import BULLETS, CV, EMPTY, JOB_AD, WHITESPACE
from spacy import displacy
from spacy.tokens import Doc, DocBin, Span
from spacy.training import Example

from leadership_nlp import ModelLoadError, classify, load_model
from leadership_nlp.adapters.component import DEFAULT_SPANS_KEY, OrientationComponent
from leadership_nlp.adapters.spacy_doc import register_extensions
from leadership_nlp.api import default_model_path
from leadership_nlp.core.constants import CHUNK_CHARS
from leadership_nlp.core.document import classify_doc
from leadership_nlp.core.normalise import normalise, shared_nlp
from leadership_nlp.core.segment import sentences, set_boundaries
from leadership_nlp.core.sentence_result import SentenceResult
from leadership_nlp.train.save import save_model

TWO = "I manage upwards of 100 people. I coach people to grow."
TEXTS = [CV, JOB_AD, BULLETS, EMPTY, WHITESPACE, TWO, "Proficient in Excel"]


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("leadership_orientation")
    return nlp


@pytest.fixture(scope="module")
def tiny_model_dir(tmp_path_factory, tiny_model):
    """The shared tiny model, saved as a model folder."""
    model = tiny_model
    folder = tmp_path_factory.mktemp("tiny_model")
    save_model(model, folder)
    return folder, model


def test_factory_is_found_through_the_entry_point_without_importing_us():
    script = textwrap.dedent(
        """
        import sys
        import spacy
        assert "leadership_nlp" not in sys.modules  # spaCy imports it from the entry point
        nlp = spacy.blank("en")
        nlp.add_pipe("leadership_orientation")
        doc = nlp("I manage upwards of 100 people.")
        print(doc._.orientation.label, nlp.get_pipe_meta("leadership_orientation").assigns)
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.startswith("management ")
    assert "doc._.orientation" in out and "doc.spans" in out


@pytest.mark.parametrize(
    "text", TEXTS, ids=["cv", "job_ad", "bullets", "empty", "whitespace", "two", "excel"]
)
def test_doc_result_equals_classify(nlp, text):
    doc = nlp(text)
    expected = classify(text)
    assert doc._.orientation == expected
    assert doc.cats == expected.scores


@pytest.mark.parametrize(
    ("text", "doc_label", "sentence_labels"),
    [
        (TWO, "balanced", ["management", "leadership"]),
        ("I manage upwards of 100 people.", "management", ["management"]),
        ("Inspired the team with a bold vision for growth.", "leadership", ["leadership"]),
        ("Proficient in Excel", "neutral", ["neutral"]),
    ],
)
def test_sentences_get_their_orientation(nlp, text, doc_label, sentence_labels):
    doc = nlp(text)
    assert doc._.orientation.label == doc_label
    assert [s._.orientation.label for s in doc.sents] == sentence_labels


def test_every_model_sentence_is_reachable_from_a_span(nlp):
    doc = nlp(CV)
    for sent in doc._.orientation.sentences:
        span = doc.char_span(sent.start, sent.end)
        assert span._.orientation == sent
        assert span[:1]._.orientation == sent  # a token span gets its sentence
    assert doc[:]._.orientation is None  # several sentences: no single answer
    assert doc[0:0]._.orientation is None


def test_sentence_boundaries_are_added_only_when_missing():
    plain = spacy.blank("en")
    plain.add_pipe("leadership_orientation")
    doc = plain(BULLETS)
    assert [s.text for s in doc.sents] == [
        "Set budgets\n",
        "- Coached staff\n",
        "• Ran the rota\n",
        "* Drove change",
    ]
    assert doc._.orientation == classify(BULLETS)  # the library's sentences, the library's result

    with_sentencizer = spacy.blank("en")
    with_sentencizer.add_pipe("sentencizer")
    before = [t.is_sent_start for t in with_sentencizer(BULLETS)]
    with_sentencizer.add_pipe("leadership_orientation")
    doc = with_sentencizer(BULLETS)
    assert [t.is_sent_start for t in doc] == before  # the sentencizer's single sentence is kept
    (sent,) = doc.sents
    assert [(s.start, s.end) for s in doc._.orientation.sentences] == [(0, len(BULLETS))]
    assert sent._.orientation == doc._.orientation.sentences[0]  # scored as the pipeline split it


#: A bulleted CV with full stops: spaCy's sentencizer splits it at the stops
#: only, so several bullets share a sentence and some sentences cross lines.
BULLETED_CV = """Alex Sample. Leeds.
Team Lead, Brightline Software, 2019-2024.
- Led a team of 12 engineers and set the product vision.
- Coached two juniors into senior roles
• Set the quarterly budget. Scheduled the on-call rota.
* Wrote the release checklist

Education: BSc Computing, 2015."""


def test_a_sentencizer_split_bulleted_cv_gets_a_result_for_every_sentence():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    bare = nlp(BULLETED_CV)
    nlp.add_pipe("leadership_orientation")
    doc = nlp(BULLETED_CV)
    sents = list(doc.sents)
    assert [s.text for s in sents] == [s.text for s in bare.sents]  # the pipeline's boundaries
    assert [t.is_sent_start for t in doc] == [t.is_sent_start for t in bare]
    assert [t.text for t in doc] == [t.text for t in bare]  # and its tokens
    assert len(sents) > 4
    results = [s._.orientation for s in sents]
    assert all(isinstance(r, SentenceResult) for r in results)
    # One model sentence per pipeline sentence, without leading bullets and trailing space.
    trimmed = sentences(doc)
    assert [(r.start, r.end) for r in results] == [(s.start_char, s.end_char) for s in trimmed]
    assert [r.text for r in doc._.orientation.sentences] == [s.text for s in trimmed]
    assert {r.label for r in results} >= {"leadership", "management", "neutral"}
    # The library's own split of the same text differs (it breaks at bullets).
    assert len(classify(BULLETED_CV).sentences) != len(sents)


def test_a_sentence_of_only_whitespace_has_no_result():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("leadership_orientation")
    doc = nlp("I coach people to grow.\n\n")
    first, blank = doc.sents  # the sentencizer gives the trailing line break a sentence
    assert first._.orientation.label == "leadership"
    assert blank.text.isspace() and blank._.orientation is None


def test_parser_boundaries_are_respected(nlp):
    # Sentence starts from a dependency parse (heads), as a parser sets them.
    words = ["I", "set", "budgets", "and", "I", "coach", "people"]
    heads = [1, 1, 1, 1, 5, 5, 5]  # two roots: "set" and "coach"
    deps = ["nsubj", "ROOT", "dobj", "cc", "nsubj", "ROOT", "dobj"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps)
    assert [s.text for s in doc.sents] == ["I set budgets and", "I coach people"]
    doc = nlp.get_pipe("leadership_orientation")(doc)
    assert [s.text for s in doc.sents] == ["I set budgets and", "I coach people"]
    assert [s._.orientation.label for s in doc.sents] == ["management", "leadership"]


def _library_doc(text):
    # A doc as classify() makes it: the library's tokenizer and sentence rules.
    return set_boundaries(shared_nlp().make_doc(text))


@pytest.fixture(scope="module")
def same_sentence_texts():
    """Corpus units, examples and test texts whose library doc is the whole text (one chunk, no clean-up)."""
    corpus = Path(__file__).resolve().parents[2] / "corpus"
    texts = [
        json.loads(line)["text"]
        for path in [corpus / "units.jsonl", *sorted((corpus / "authored").glob("*.jsonl"))]
        for line in path.read_text("utf-8").splitlines()
        if line.strip()
    ]
    examples = Path(__file__).resolve().parents[2] / "examples"
    texts += [p.read_text("utf-8") for p in sorted(examples.iterdir()) if p.suffix in {".txt", ".md"}]
    texts += [v for k, v in vars(resources).items() if k.isupper() and isinstance(v, str)]
    texts += [BULLETED_CV]
    return [t for t in texts if len(t) <= CHUNK_CHARS and normalise(t) == t]


def test_component_equals_classify_when_the_sentences_are_the_librarys(nlp, same_sentence_texts):
    component = nlp.get_pipe("leadership_orientation")
    assert len(same_sentence_texts) > 1_000
    for i, text in enumerate(same_sentence_texts):
        expected = classify(text).to_dict()
        assert component(_library_doc(text))._.orientation.to_dict() == expected, text
        if i % 4 == 0:  # the pipeline's own tokenizer, on a sample
            assert nlp(text)._.orientation.to_dict() == expected, text


def test_classify_doc_on_a_long_doc_equals_classify():
    # Longer than a chunk: classify() cuts it at paragraph breaks, which are
    # sentence starts anyway, so the sentences are the same.
    examples = Path(__file__).resolve().parents[2] / "examples"
    text = "\n\n".join(p.read_text("utf-8") for p in sorted(examples.glob("*.txt"))) * 30
    assert len(text) > 3 * CHUNK_CHARS
    doc = _library_doc(text)
    result = classify_doc(doc, load_model())
    assert result.to_dict() == classify(text).to_dict()


@given(
    st.lists(
        st.sampled_from(
            [
                "Led",
                "the",
                "team",
                "set",
                "budgets",
                "vision",
                "coach",
                "people",
                "100",
                ".",
                ",",
                "e.g.",
                "\n",
                "\n\n",
                "- ",
                "• ",
                " ",
                "  ",
                "Managed",
                "rota",
                "to",
                "and",
            ]
        ),
        max_size=40,
    ).map(" ".join)
)
def test_component_equals_classify_on_generated_text(nlp, text):
    assert nlp(text)._.orientation == classify(text)


def test_classify_doc_refuses_spans_of_another_doc_or_out_of_order(nlp):
    doc = _library_doc("I set budgets. I coach people.")
    first, second = doc.sents
    with pytest.raises(ValueError, match="order"):
        classify_doc(doc, load_model(), [second, first])
    other = _library_doc("I set budgets.")
    with pytest.raises(ValueError, match="span of the doc"):
        classify_doc(doc, load_model(), list(other.sents))


def test_factory_declares_what_it_writes_and_requires_nothing(nlp):
    meta = nlp.get_pipe_meta("leadership_orientation")
    assert meta.requires == []
    assert sorted(meta.assigns) == sorted(
        ["doc._.orientation", "span._.orientation", "doc.cats", "doc.spans", "token.is_sent_start"]
    )
    assert nlp.analyze_pipes()["problems"] == {"leadership_orientation": []}


def test_nlp_evaluate_scores_cats_against_gold(nlp):
    gold = {
        "I coach people to grow.": "leadership",
        "Set quarterly budgets and KPIs.": "management",
        "Inspired the team with a bold vision for growth.": "leadership",
    }

    def examples(flip=False):
        out = []
        for text, label in gold.items():
            lead = (label == "leadership") != flip
            cats = {"leadership": float(lead), "management": float(not lead)}
            out.append(Example.from_dict(nlp.make_doc(text), {"cats": cats}))
        return out

    right = nlp.evaluate(examples())
    assert right["cats_score"] == 1.0 and right["cats_macro_auc"] == 1.0
    assert right["cats_f_per_type"]["leadership"]["f"] == 1.0
    wrong = nlp.evaluate(examples(flip=True))
    assert wrong["cats_score"] == 0.0 and wrong["cats_macro_auc"] == 0.0
    with pytest.raises(TypeError, match="Example"):
        nlp.get_pipe("leadership_orientation").score([nlp("I set budgets.")])


def test_pipe_loads_the_model_once_and_sends_failures_to_the_error_handler(tiny_model_dir):
    nlp = spacy.blank("en")
    nlp.add_pipe("leadership_orientation", config={"model": str(tiny_model_dir[0])})
    component = nlp.get_pipe("leadership_orientation")
    docs = list(nlp.pipe(["Set the budget", "Shared a vision", "x"], batch_size=1))
    model = component.orientation_model
    assert all(d._.orientation is not None for d in docs)
    assert list(nlp.pipe(["Set the budget"] * 3, batch_size=2))[0]._.orientation == docs[0]._.orientation
    assert component.orientation_model is model

    broken = spacy.blank("en")
    broken.add_pipe("leadership_orientation", config={"model": "/nonexistent/model"})
    seen = []
    broken.set_error_handler(lambda name, proc, docs, exc: seen.append((name, [d.text for d in docs])))
    assert list(broken.pipe(["a", "b", "c"], batch_size=2)) == []
    assert seen == [
        ("leadership_orientation", ["a"]),
        ("leadership_orientation", ["b"]),
        ("leadership_orientation", ["c"]),
    ]


def test_cats_of_other_components_are_kept(nlp):
    doc = nlp.make_doc(TWO)
    doc.cats["other"] = 1.0
    doc = nlp.get_pipe("leadership_orientation")(doc)
    assert doc.cats == {"other": 1.0, **classify(TWO).scores}


def test_evidence_span_group_renders_with_displacy(nlp):
    doc = nlp(TWO)
    group = doc.spans[DEFAULT_SPANS_KEY]
    evidence = doc._.orientation.evidence
    assert {(s.start_char, s.end_char, s.label_) for s in group} == {
        (e.start, e.end, e.label) for e in evidence
    }
    assert {s.label_ for s in group} == {"leadership", "management"}
    html = displacy.render(doc, style="span", options={"spans_key": DEFAULT_SPANS_KEY})
    assert "management" in html and "leadership" in html and "coach" in html


def test_spans_key_is_configurable():
    nlp = spacy.blank("en")
    nlp.add_pipe("leadership_orientation", config={"spans_key": "why"})
    doc = nlp(TWO)
    assert "why" in doc.spans and DEFAULT_SPANS_KEY not in doc.spans


def test_register_extensions_is_idempotent():
    register_extensions()
    register_extensions()
    assert Doc.has_extension("orientation") and Span.has_extension("orientation")


def test_extension_values_are_typed(nlp):
    doc = nlp.make_doc("x")
    assert doc._.orientation is None and doc[:]._.orientation is None
    with pytest.raises(TypeError, match="OrientationResult"):
        doc._.orientation = {"label": "leadership"}


def test_doc_survives_bytes_and_docbin(nlp):
    doc = nlp(TWO)
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert again._.orientation == doc._.orientation
    assert [s._.orientation for s in again.sents] == [s._.orientation for s in doc.sents]
    spans = [(s.start, s.end, s.label_) for s in doc.spans[DEFAULT_SPANS_KEY]]
    assert [(s.start, s.end, s.label_) for s in again.spans[DEFAULT_SPANS_KEY]] == spans
    (restored,) = DocBin(docs=[doc], store_user_data=True).get_docs(nlp.vocab)
    assert restored._.orientation == doc._.orientation


@pytest.mark.parametrize("n_process", [1, 2])
def test_pipe_gives_what_call_gives(nlp, n_process):
    texts = TEXTS * 2
    docs = list(nlp.pipe(texts, batch_size=3, n_process=n_process))
    assert [d.text for d in docs] == texts
    for text, doc in zip(texts, docs, strict=True):
        expected = classify(text)
        assert doc._.orientation == expected
        assert doc.cats == expected.scores
        assert len(doc.spans[DEFAULT_SPANS_KEY]) == len(nlp(text).spans[DEFAULT_SPANS_KEY])


def test_component_pickles_its_model_location_not_the_model(nlp):
    component = nlp.get_pipe("leadership_orientation")
    data = pickle.dumps(component)
    assert len(data) < 2_000  # the model file alone is ~300 kB
    clone = pickle.loads(pickle.dumps(nlp))
    assert clone(CV)._.orientation == classify(CV)


def test_unpickling_refuses_a_different_model_at_the_same_path(tmp_path, tiny_model_dir):
    folder = tmp_path / "model"
    shutil.copytree(default_model_path(), folder)
    nlp = spacy.blank("en")
    nlp.add_pipe("leadership_orientation", config={"model": str(folder)})
    data = pickle.dumps(nlp)
    shutil.rmtree(folder)
    shutil.copytree(tiny_model_dir[0], folder)  # another valid model now lives there
    with pytest.raises(ModelLoadError, match="pickled with"):
        pickle.loads(data)(TWO)


def test_to_disk_and_spacy_load_round_trip(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    saved = tmp_path / "pipeline" / "leadership_orientation"
    files = {p.name for p in saved.iterdir()}
    assert files == {"manifest.json", "inference.json", "inference.npz"}
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == ["leadership_orientation"]
    assert type(loaded.get_pipe("leadership_orientation").orientation_model).__name__ == "CompiledModel"
    assert loaded(CV)._.orientation == classify(CV)


@pytest.mark.parametrize("name", ["inference.npz", "inference.json"])
def test_spacy_load_refuses_a_tampered_model(nlp, tmp_path, name):
    nlp.to_disk(tmp_path / "pipeline")
    model_file = tmp_path / "pipeline" / "leadership_orientation" / name
    data = bytearray(model_file.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, different content
    model_file.write_bytes(bytes(data))
    with pytest.raises(ModelLoadError, match="tampered"):
        spacy.load(tmp_path / "pipeline")


def test_model_config_uses_a_custom_model_folder(tmp_path, tiny_model_dir):
    folder, tiny = tiny_model_dir
    nlp = spacy.blank("en")
    nlp.add_pipe("leadership_orientation", config={"model": str(folder)})
    texts = ["Shared a vision with people", "Set the budget", TWO]
    for text in texts:
        assert nlp(text)._.orientation == classify(text, model=tiny)
    assert nlp(TWO)._.orientation != classify(TWO)  # not the shipped model


def test_custom_model_travels_with_the_pipeline(tmp_path):
    folder = tmp_path / "custom"
    shutil.copytree(default_model_path(), folder)
    nlp = spacy.blank("en")
    nlp.add_pipe("leadership_orientation", config={"model": str(folder)})
    assert nlp(JOB_AD)._.orientation == classify(JOB_AD)
    nlp.to_disk(tmp_path / "pipeline")
    shutil.rmtree(folder)  # the configured path is gone; the pipeline has its own copy
    assert spacy.load(tmp_path / "pipeline")(JOB_AD)._.orientation == classify(JOB_AD)


def test_tampered_custom_model_is_refused_on_first_use(tmp_path):
    folder = tmp_path / "custom"
    shutil.copytree(default_model_path(), folder)
    (folder / "inference.npz").write_bytes((folder / "inference.npz").read_bytes()[:-1])
    nlp = spacy.blank("en")
    nlp.add_pipe("leadership_orientation", config={"model": str(folder)})
    with pytest.raises(ModelLoadError):
        nlp("I set budgets.")
    with pytest.raises(ModelLoadError):
        nlp.to_disk(tmp_path / "pipeline")


def test_component_class_is_exported_for_typing(nlp):
    assert isinstance(nlp.get_pipe("leadership_orientation"), OrientationComponent)


def test_oriented_sentences_are_a_span_group_that_displacy_draws_in_colour():
    import spacy

    from leadership_nlp.core.palette import TINTS, displacy_options

    nlp = spacy.blank("en")
    nlp.add_pipe("leadership_orientation")
    doc = nlp("I manage upwards of 100 people.\nBSc Chemistry, 2015\nI coach people to grow.")
    group = doc.spans["orientation_sentences"]
    assert [(s.text, s.label_) for s in group] == [
        ("I manage upwards of 100 people.", "management"),
        ("I coach people to grow.", "leadership"),
    ]
    html = spacy.displacy.render(doc, style="span", options=displacy_options())
    assert TINTS["management"] in html and TINTS["leadership"] in html


MARSHAL = "I marshal 30 stewards every weekend."
#: An organisation's own phrasing: "marshal" as a role verb, stewards as people.
OWN_PATTERNS = (
    '{"kind": "words", "name": "people", "words": ["stewards"]}\n'
    '{"kind": "role_verb", "lemma": "marshal", "forms": ["marshal", "marshals", "marshalled"]}\n'
)


@pytest.fixture
def own_patterns(tmp_path):
    path = tmp_path / "own" / "stewards.jsonl"
    path.parent.mkdir()
    path.write_text(OWN_PATTERNS, "utf-8")
    return path


def span_of_control(nlp, text=MARSHAL):
    return nlp(text)._.orientation.role_profile.span_of_control


@pytest.mark.parametrize("as_list", [False, True])
def test_role_patterns_config_adds_an_organisations_phrasing(nlp, own_patterns, as_list):
    assert span_of_control(nlp) is None  # the shipped patterns miss it
    own = spacy.blank("en")
    own.add_pipe(
        "leadership_orientation",
        config={"role_patterns": [str(own_patterns)] if as_list else str(own_patterns)},
    )
    profile = own(MARSHAL)._.orientation.role_profile
    assert profile.span_of_control == 30 and profile.role_verbs == ["marshal"]
    assert span_of_control(own, TWO) == 100  # the shipped phrasings still work
    assert own(CV)._.orientation == nlp(CV)._.orientation  # and nothing else changes


def test_role_patterns_travel_with_the_pipeline_as_plain_files(own_patterns, tmp_path):
    own = spacy.blank("en")
    own.add_pipe("leadership_orientation", config={"role_patterns": str(own_patterns)})
    own.to_disk(tmp_path / "pipeline")
    saved = tmp_path / "pipeline" / "leadership_orientation" / "role_patterns"
    assert [p.name for p in saved.iterdir()] == ["01-stewards.jsonl"]
    assert (saved / "01-stewards.jsonl").read_text("utf-8") == OWN_PATTERNS
    own_patterns.unlink()  # the configured file is gone; the pipeline has its own copy
    loaded = spacy.load(tmp_path / "pipeline")
    assert span_of_control(loaded) == 30
    assert span_of_control(pickle.loads(pickle.dumps(loaded))) == 30  # what n_process and Dask send
    loaded.to_disk(tmp_path / "again")  # saved again: the same one file, not "01-01-stewards.jsonl"
    assert [p.name for p in (tmp_path / "again" / "leadership_orientation" / "role_patterns").iterdir()] == [
        "01-stewards.jsonl"
    ]
    plain = spacy.blank("en")
    plain.add_pipe("leadership_orientation")
    plain.to_disk(tmp_path / "pipeline")  # over the old save: its pattern file does not linger
    assert list(saved.iterdir()) == [] and span_of_control(spacy.load(tmp_path / "pipeline")) is None


def test_a_bad_role_pattern_file_is_refused_with_its_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(OWN_PATTERNS + '{"kind": "colour", "name": "x"}\n', "utf-8")
    bad = spacy.blank("en")
    bad.add_pipe("leadership_orientation", config={"role_patterns": str(path)})
    with pytest.raises(ValueError, match=r"bad\.jsonl:3: bad role pattern record: unknown kind 'colour'"):
        bad(MARSHAL)


def test_to_disk_replaces_a_planted_link_and_never_writes_through_it(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    saved = tmp_path / "pipeline" / "leadership_orientation"
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", "utf-8")
    (saved / "inference.npz").unlink()
    (saved / "inference.npz").symlink_to(victim)
    nlp.to_disk(tmp_path / "pipeline")
    assert victim.read_text("utf-8") == "keep me" and not (saved / "inference.npz").is_symlink()
    assert spacy.load(tmp_path / "pipeline")(CV)._.orientation == classify(CV)


def test_a_planted_link_at_the_role_patterns_folder_is_replaced_not_written_through(own_patterns, tmp_path):
    own = spacy.blank("en")
    own.add_pipe("leadership_orientation", config={"role_patterns": str(own_patterns)})
    own.to_disk(tmp_path / "pipeline")
    saved = tmp_path / "pipeline" / "leadership_orientation" / "role_patterns"
    shutil.rmtree(saved)
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.jsonl").write_text("{}\n", "utf-8")
    saved.symlink_to(victim, target_is_directory=True)
    own.to_disk(tmp_path / "pipeline")
    assert [p.name for p in victim.iterdir()] == ["keep.jsonl"]  # nothing written or deleted there
    assert saved.is_dir() and not saved.is_symlink() and list(saved.glob("*.jsonl"))
