"""``python -m leadership_nlp``, ``--version`` and a ``--help`` that loads nothing heavy."""

import subprocess
import sys

import pytest

import leadership_nlp
from leadership_nlp.adapters.cli import main


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"leadership-nlp {leadership_nlp.__version__}\n"


def test_python_dash_m_runs_the_command():
    done = subprocess.run(
        [sys.executable, "-m", "leadership_nlp", "--version"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and done.stdout.strip() == f"leadership-nlp {leadership_nlp.__version__}"
    done = subprocess.run(
        [sys.executable, "-m", "leadership_nlp"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2 and "usage: leadership-nlp" in done.stderr


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["score", "--help"], ["classify", "--help"]])
def test_help_and_version_import_nothing_heavy(argv):
    probe = (
        "import sys\n"
        "from leadership_nlp.adapters.cli import main\n"
        f"try:\n    main({argv!r})\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n"
        "heavy = ('spacy', 'sklearn', 'scipy', 'numpy', 'joblib', 'pandas', 'openpyxl')\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_the_batch_modules_import_neither_spacy_nor_numpy():
    # A parallel `score` whose workers load the model needs neither in the parent
    # until it reads a result; the api module is imported by every command.
    probe = (
        "import sys\n"
        "import leadership_nlp.api, leadership_nlp.adapters.batch\n"
        "print(sorted(m for m in ('spacy', 'numpy', 'sklearn') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
