"""The shipped model's outputs stay identical through refactoring (floats to 8 decimals).

``tests/data/golden.json`` holds hashes of ``classify(text).to_dict()`` for
about 4,000 texts (corpus, validation set, role-profile set, examples,
generated CVs and job ads) and of ``predict_proba`` on the corpus, made by
``python tests/golden.py`` from the release before the layout changed.
"""

import json

import pytest
from golden import GOLDEN, compute


@pytest.mark.slow
def test_outputs_match_the_reference_release():
    expected = json.loads(GOLDEN.read_text("utf-8"))
    actual = compute()
    assert actual["model_manifest_sha256"] == expected["model_manifest_sha256"], (
        "the shipped model changed: if it was retrained on purpose, rewrite the reference with "
        "`python tests/golden.py` in the same commit"
    )
    assert actual["hashes"].keys() == expected["hashes"].keys()
    changed = sorted(k for k, v in expected["hashes"].items() if actual["hashes"][k] != v)
    assert not changed, f"{len(changed)} outputs changed, e.g. {changed[:10]}"
