"""Naming the misconception: a wrong answer that reproduces a known mistake gets its name."""
import numpy as np

from dlgrade.catalog import load_exercise
from dlgrade.grading.compare import compare
from dlgrade.grading.diagnose import evaluate, matching_mistakes, most_likely, signature
from dlgrade.spec import Case

PERCEPTRON = load_exercise("perceptron")


def test_an_answer_equal_to_a_mistakes_output_is_matched():
    case = Case("misclassified", (np.array([1.0, 0.0]), 0.0, np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([1, -1])))
    wrong = evaluate(PERCEPTRON.variant("boundary_counts_as_correct")["misclassified"], case, None)
    expected = evaluate(PERCEPTRON.reference.misclassified, case, None)
    assert "boundary_counts_as_correct" in matching_mistakes(PERCEPTRON, case, wrong, expected)


def test_a_mistake_invisible_on_the_input_is_not_named():
    case = Case("misclassified", (np.array([1.0, 0.0]), 0.5, np.array([[2.0, 1.0]]), np.array([1])))  # no point on the boundary
    expected = evaluate(PERCEPTRON.reference.misclassified, case, None)
    assert "boundary_counts_as_correct" not in matching_mistakes(PERCEPTRON, case, expected, expected)


def test_changed_inputs_are_part_of_an_outcome():
    def in_place(w, b, X, y):
        X[:] = 0
        return np.zeros(len(X), bool)

    case = Case("misclassified", (np.ones(2), 0.0, np.ones((3, 2)), np.ones(3)))
    assert evaluate(in_place, case, None).mutated == [2]
    assert case.args[2].sum() == 6  # the case's own inputs are untouched


def test_the_candidate_consistent_with_passed_cases_comes_first():
    # The student passed a predict case with negative predictions and no point on the boundary:
    # labels {0, 1} would have failed it, a boundary mistake would not.
    passed = [Case("predict", (np.array([1.0, 1.0]), 0.5, np.array([[1.0, 1.0], [-2.0, -1.0]])))]
    for order in (["labels_zero_one", "boundary_predicts_negative"], ["boundary_predicts_negative", "labels_zero_one"]):
        assert most_likely(PERCEPTRON, order, passed)[0] == "boundary_predicts_negative"


def test_error_signatures_sign_factor_and_transpose():
    expected = np.array([1.0, -2.0, 3.0])
    assert signature(compare(-expected, expected))["en"].startswith("The answer is almost exactly the negative")
    assert "2" in signature(compare(2 * expected, expected))["en"]
    assert "transpose" in signature(compare(np.zeros((2, 3)), np.zeros((3, 2))))["en"]


def test_no_constant_factor_claim_from_a_single_value():
    assert signature(compare(np.array([2.0]), np.array([1.0]))) is None
