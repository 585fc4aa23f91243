"""The notebooks run top to bottom on a fresh kernel, so they never rot.

Each notebook is executed with nbclient from ``notebooks/`` (its paths are
relative to that folder) on a kernel named ``python3`` that is pinned to the
interpreter running the tests: the kernelspec is written here, so whatever
kernelspecs the machine has (a user-wide ``python3`` pointing at another
Python, or none at all), the notebooks see the package as installed in this
environment.
"""

import json
import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NAMES = ("01_corpus.ipynb", "02_model.ipynb", "03_scoring_cvs.ipynb")
#: Seconds a single cell may take; 02 fits about twenty small models in all.
CELL_TIMEOUT = 900


def _outputs(nb):
    return [out for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs]


def _has_plot(nb) -> bool:
    return any("image/png" in out.get("data", {}) for out in _outputs(nb))


@pytest.fixture(scope="module")
def kernel_specs(tmp_path_factory):
    """A kernelspec folder whose only kernel, ``python3``, runs ``sys.executable``."""
    root = tmp_path_factory.mktemp("kernels")
    (root / "python3").mkdir()
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (tests)",
        "language": "python",
    }
    (root / "python3" / "kernel.json").write_text(json.dumps(spec), "utf-8")
    return KernelSpecManager(kernel_dirs=[str(root)])


def test_all_notebooks_are_listed():
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_stored_executed_in_order_with_plots(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    counts = [cell.execution_count for cell in nb.cells if cell.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), "re-run the notebook top to bottom and save it"
    assert not [out for out in _outputs(nb) if out.output_type == "error"]
    assert _has_plot(nb)


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_on_a_fresh_kernel(name, kernel_specs):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    manager = KernelManager(kernel_name="python3", kernel_spec_manager=kernel_specs)
    client = NotebookClient(
        nb,
        km=manager,
        kernel_name="python3",
        timeout=CELL_TIMEOUT,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()  # raises CellExecutionError, naming the cell, on any error
    assert manager.kernel_spec.argv[0] == sys.executable
    assert _has_plot(nb)
