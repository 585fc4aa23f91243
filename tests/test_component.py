"""The ``leadership_orientation`` spaCy component, run in real spaCy pipelines."""

import pickle
import shutil
import subprocess
import sys
import textwrap

import pytest
import spacy
from resources import BULLETS, CV, EMPTY, JOB_AD, WHITESPACE
from spacy import displacy
from spacy.tokens import Doc, DocBin, Span

from leadership_nlp import ModelLoadError, OrientationModel, classify
from leadership_nlp.api import default_model_path
from leadership_nlp.component import DEFAULT_SPANS_KEY, OrientationComponent, register_extensions
from leadership_nlp.persist import MODEL_FILE, save_model

TWO = "I manage upwards of 100 people. I coach people to grow."
TEXTS = [CV, JOB_AD, BULLETS, EMPTY, WHITESPACE, TWO, "Proficient in Excel"]


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("leadership_orientation")
    return nlp


@pytest.fixture(scope="module")
def tiny_model_dir(tmp_path_factory):
    """A model trained in well under a second, saved as a model folder."""
    model = OrientationModel(calibrate=False).fit(
        [
            "Shared a vision",
            "Inspired people",
            "Set the budget",
            "Scheduled shifts",
            "Born in 1990",
            "Lives in Leeds",
        ],
        ["leadership", "leadership", "management", "management", "neutral", "neutral"],
    )
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
    assert [s.text for s in plain(BULLETS).sents] == [
        "Set budgets\n",
        "- Coached staff\n",
        "• Ran the rota\n",
        "* Drove change",
    ]

    with_sentencizer = spacy.blank("en")
    with_sentencizer.add_pipe("sentencizer")
    before = [t.is_sent_start for t in with_sentencizer(BULLETS)]
    with_sentencizer.add_pipe("leadership_orientation")
    doc = with_sentencizer(BULLETS)
    assert [t.is_sent_start for t in doc] == before  # the sentencizer's single sentence is kept
    assert doc._.orientation == classify(BULLETS)
    assert list(doc.sents)[0]._.orientation is None  # it spans four model sentences


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
    assert files == {MODEL_FILE, "manifest.json", "inference.json", "inference.npz"}
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == ["leadership_orientation"]
    # The saved copy loads compiled (arrays, no pickle), as the shipped model does.
    assert type(loaded.get_pipe("leadership_orientation").orientation_model).__name__ == "CompiledModel"
    assert loaded(CV)._.orientation == classify(CV)


@pytest.mark.parametrize("name", [MODEL_FILE, "inference.npz", "inference.json"])
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
    (folder / MODEL_FILE).write_bytes((folder / MODEL_FILE).read_bytes()[:-1])
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

    from leadership_nlp.palette import TINTS, displacy_options

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
