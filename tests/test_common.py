"""scikit-learn's own estimator checks on the numeric classifier.

``OrientationClassifier`` is the part of the model that takes numbers (the
feature matrix), so scikit-learn's full check suite applies to it. The
text-level ``OrientationModel`` takes raw sentences, which those checks cannot
generate; ``tests/test_estimator.py`` runs the checks that apply to text and
exercises it in ``Pipeline``, ``cross_val_score`` and ``GridSearchCV``.
"""

from sklearn.utils.estimator_checks import parametrize_with_checks

from leadership_nlp.classifier import OrientationClassifier


@parametrize_with_checks([OrientationClassifier()])
def test_sklearn_compatible_classifier(estimator, check):
    check(estimator)
