"""The edges: files in, rows and pages out, and the other libraries' idioms.

``readers`` (with ``formats`` and ``walk``); ``batch``, the scoring run over
``jobs`` (plan) and ``analysis`` (read and classify one job); ``output`` (one
run's locked output), with ``cells`` (what a written cell looks like),
``safe_write`` (new file, then rename) and ``resume``; ``errors``; ``xlsx``,
``report``, ``terminal``; ``cli`` (the parser and ``main``) with
``commands``; and the adapters for pandas (``frame``), Dask (``dask``) and
spaCy (``component``, with ``spacy_doc`` and ``component_folder``). They use
the public API (:mod:`leadership_nlp.api`) and the result types, never a
model cache of their own.
"""
