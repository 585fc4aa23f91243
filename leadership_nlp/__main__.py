"""``python -m leadership_nlp``: the ``leadership-nlp`` command."""

import sys

from .adapters.cli import main

if __name__ == "__main__":  # not when imported (pytest's doctest collection imports every module)
    sys.exit(main())
