"""The edges: files in, rows and pages out, and the other libraries' idioms.

``readers`` (with ``formats`` and ``walk``), ``batch`` (plan, read, classify,
write), ``output`` (files, resume and locks), ``xlsx``, ``report``,
``terminal``, ``cli``, and the adapters for pandas (``frame``), Dask
(``dask``) and spaCy (``component``). They use the public API
(:mod:`leadership_nlp.api`) and the result types, never a model cache of
their own.
"""
