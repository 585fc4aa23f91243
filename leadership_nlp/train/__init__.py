"""Training and research: the scikit-learn estimator, its compilation, corpus and evaluation.

``estimator`` (the scikit-learn classifier over sentences) with ``features``
and ``classifier``, ``compile`` (estimator -> the runtime
:class:`~leadership_nlp.core.model.CompiledModel`), ``save`` (a model folder
and its manifest), ``corpus``, ``training``, ``evaluation`` (the report, from
``metrics``, ``predictors``, ``held_out``, ``validation_set``, ``dev_set`` and
``tuning``), ``agreement``, ``fairness``, ``role_profile_eval`` and the distilled
``vectors``. The runtime
(``leadership_nlp.core``) never imports this package.
"""
