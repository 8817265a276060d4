"""Naming the misconception: a wrong answer that reproduces a known mistake gets its name."""
import copy
import types

import numpy as np
from helpers import ROOT, grade

from dlgrade.catalog import _uses, load_exercise
from dlgrade.grading.compare import compare
from dlgrade.grading.diagnose import Outcome, evaluate, matching_mistakes, most_likely, signature
from dlgrade.spec import Case, Mistake

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


def test_a_mistake_is_run_only_on_the_functions_it_can_change(monkeypatch):
    """bias_not_updated replaces perceptron_step, which train_perceptron calls; predict and the loss
    use neither, so on their cases the mistake's variant is not even built (it would give the
    reference's answer there)."""
    assert PERCEPTRON.touches("bias_not_updated", "perceptron_step")
    assert PERCEPTRON.touches("bias_not_updated", "train_perceptron")  # through its call of perceptron_step
    assert not PERCEPTRON.touches("bias_not_updated", "predict")
    assert not PERCEPTRON.touches("bias_not_updated", "perceptron_loss")
    assert PERCEPTRON.touches("boundary_predicts_negative", "predict")
    built = []
    original = PERCEPTRON.variant
    monkeypatch.setattr(PERCEPTRON, "variant", lambda mistake_id: built.append(mistake_id) or original(mistake_id))
    case = Case("predict", (np.array([1.0, 0.0]), 0.0, np.array([[0.0, 1.0], [1.0, 0.0]])))
    expected = evaluate(PERCEPTRON.reference.predict, case, None)
    matching_mistakes(PERCEPTRON, case, Outcome(value=np.array([1, 1])), expected)
    assert built and all(PERCEPTRON.touches(m, "predict") for m in built)
    assert "bias_not_updated" not in built


def test_a_reference_that_looks_names_up_at_run_time_lets_every_mistake_reach_everything():
    module = types.ModuleType("fake_reference")
    exec("def helper(x):\n    return x\n\ndef solve(x):\n    return globals()['helper'](x)\n\n"
         "def other(x):\n    return 2 * x\n", module.__dict__)
    assert _uses(module)["solve"] >= {"globals"}
    exercise = copy.copy(PERCEPTRON)
    exercise.__dict__.update(reference=module, mistakes=[Mistake("helper_wrong", {"helper": lambda x: -x}, {})])
    assert exercise.touches("helper_wrong", "solve") and exercise.touches("helper_wrong", "other")


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


# ---------------------------------------------------------------- changing an argument in place

IN_PLACE_FORWARD = """

def batchnorm_forward(X, gamma, beta, eps=1e-5):
    var = X.var(axis=0)
    X -= X.mean(axis=0)  # the caller's X
    X /= {denominator}
    return gamma * X + beta
"""


def _batchnorm_with_forward(tmp_path, denominator):
    """The reference with batchnorm_forward replaced by one that centres and scales X in place."""
    source = (ROOT / "solutions" / "batchnorm" / "reference.py").read_text()
    path = tmp_path / f"submission_{len(list(tmp_path.iterdir()))}.py"
    path.write_text(source + IN_PLACE_FORWARD.format(denominator=denominator))
    return grade("batchnorm", path, tmp_path / f"out_{path.stem}", "--call-timeout", "20")


def _diagnoses(results, function):
    return [(t["extra_data"]["diagnosis"] or {}).get("id") for t in results["tests"]
            if t["tags"][1] == function and t["score"] < t["max_score"]]


def test_right_values_from_a_function_that_changed_its_argument_get_the_in_place_diagnosis(tmp_path):
    results = _batchnorm_with_forward(tmp_path, "np.sqrt(var + eps)")
    named = _diagnoses(results, "batchnorm_forward")
    assert named and set(named) == {"inputs_changed_in_place"}
    case = next(t for t in results["tests"] if t["tags"][1] == "batchnorm_forward")
    assert "changed its argument `X`" in case["output"] and "in-place operation" in case["output"]


def test_wrong_values_and_a_changed_argument_get_no_in_place_diagnosis(tmp_path):
    results = _batchnorm_with_forward(tmp_path, "(var + eps)")  # also the variance used as the std
    named = {t["name"].split(": ", 1)[1]: (t["extra_data"]["diagnosis"] or {}).get("id") for t in results["tests"]}
    assert named["batchnorm_forward: worked example, eps = 0"] is None  # variances 4 and 1: the values are wrong too
    # one sample: X - mean = 0 whatever it is divided by, so the changed argument is the only fault there
    assert named["batchnorm_forward: a single sample gives beta"] == "inputs_changed_in_place"


def test_a_known_in_place_mistake_keeps_its_own_name(tmp_path):
    exercise = load_exercise("activations")
    path = tmp_path / "activations.py"
    path.write_text(exercise.variant_source(next(m for m in exercise.mistakes if m.id == "in_place_masking")))
    named = _diagnoses(grade("activations", path, tmp_path / "out", "--call-timeout", "20"), "activation")
    assert "in_place_masking" in named and "inputs_changed_in_place" not in named
