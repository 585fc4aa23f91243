"""The runtime pipeline: text -> sentences -> terms -> scores -> evidence -> verdict.

One module per step, in the order data flows through them: ``segment``
(normalise and split), ``terms``, ``scorer`` (features and calibrated
probabilities from the compiled arrays), ``evidence``, ``role_profile``
(with ``role_patterns``), ``aggregate`` and ``document`` (the per-text
loop); ``model`` is the one runtime model class, ``artifact`` reads a model
folder and checks it against its manifest, ``types`` holds the results and
``schema``/``display`` how they are flattened and shown. Nothing here imports
scikit-learn, the training code or the adapters.
"""
