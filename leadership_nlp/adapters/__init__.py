"""The edges: files in, rows and pages out, and the other libraries' idioms.

``readers`` (with ``formats`` and ``walk``), ``batch`` (plan, read, classify,
write), ``output`` (one run's locked output) with ``cells``, ``safe_write``,
``resume`` and ``errors``, ``xlsx``, ``report``,
``terminal``, ``cli``, and the adapters for pandas (``frame``), Dask
(``dask``) and spaCy (``component``). They use the public API
(:mod:`leadership_nlp.api`) and the result types, never a model cache of
their own.
"""
