"""scikit-learn's own estimator checks on the numeric classifier.

``OrientationClassifier`` is the part of the model that takes numbers (the
feature matrix), so scikit-learn's full check suite applies to it. The
text-level ``OrientationModel`` takes raw sentences, which those checks cannot
generate; ``tests/train/test_estimator.py`` runs the checks that apply to text and
exercises it in ``Pipeline``, ``cross_val_score`` and ``GridSearchCV``.
"""

from sklearn.utils.estimator_checks import parametrize_with_checks

from leadership_nlp.train.classifier import OrientationClassifier

# Weighting a sample by 2 is not the same fit as repeating it: the temperature
# is fitted on stratified cross-validation folds, and a repeated sample can
# fall in two folds. The regression itself is weighted exactly.
_NOT_EQUIVALENT = "calibration folds see a repeated sample twice, a weighted one once"


@parametrize_with_checks(
    [OrientationClassifier()],
    expected_failed_checks=lambda est: {
        "check_sample_weight_equivalence_on_dense_data": _NOT_EQUIVALENT,
        "check_sample_weight_equivalence_on_sparse_data": _NOT_EQUIVALENT,
    },
)
def test_sklearn_compatible_classifier(estimator, check):
    check(estimator)
