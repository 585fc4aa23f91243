"""ruff finds nothing to report and nothing to reformat, with the config in ``.ruff.toml``.

``.ci/run`` runs the README's test command only, so without this a lint error or an unformatted
file could land unseen (one did, in a commit that only touched documents and a test's comment).
"""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("command", [["check", "--no-cache"], ["format", "--check", "--no-cache"]])
def test_ruff_is_clean(command):
    pytest.importorskip("ruff", reason="ruff is not installed (it is in the `test` extra)")
    done = subprocess.run(
        [sys.executable, "-m", "ruff", *command, "."], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"ruff {command[0]} failed:\n{done.stdout}{done.stderr}"
