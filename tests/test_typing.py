"""The package is typed (``py.typed``) and mypy finds no error in it, with the config in setup.cfg."""

import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_package_is_marked_typed():
    assert (ROOT / "leadership_nlp" / "py.typed").is_file()
    assert "py.typed" in (ROOT / "setup.cfg").read_text(encoding="utf-8")


def test_mypy_is_clean():
    pytest.importorskip("mypy", reason="mypy is not installed (it is in the `test` extra)")
    # The cache lives outside the checkout: about 8 s the first time, under a second after.
    key = hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]
    cache = Path(tempfile.gettempdir()) / f"leadership-nlp-mypy-{key}"
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", "setup.cfg", "--cache-dir", str(cache)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"mypy failed (status {done.returncode}):\n{done.stdout}{done.stderr}"
    assert "Success" in done.stdout
