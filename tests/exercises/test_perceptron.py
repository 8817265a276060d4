"""The perceptron exercise: the worked example of the statement exactly, the hidden cases' promises
(boundary points, separable and non-separable data), float32 and the alternatives, and the known
mistakes over more seeds than the contract test (in process)."""
import inspect
from pathlib import Path

import numpy as np
import pytest
from helpers import case_passes, load_module, told_apart

from dlgrade.catalog import load_exercise

EX = load_exercise("perceptron")
REF = EX.reference
SEEDS = range(25)
SUBMISSIONS = Path(__file__).resolve().parents[1] / "submissions" / "perceptron"
ALTERNATIVES = sorted(SUBMISSIONS.glob("alt_*.py"))


def all_cases(seed):
    return EX.public_cases() + EX.hidden_cases(seed)


def hidden(seed, name):
    return next(c for c in EX.hidden_cases(seed) if c.name == name)


# --- the exercise's files ---------------------------------------------------------------------


def test_stub_and_reference_follow_the_contract():
    stub = load_module(EX.stub_path, "perceptron_stub")
    assert EX.functions == ["predict", "misclassified", "perceptron_loss", "perceptron_step", "train_perceptron"]
    for name in EX.functions:
        assert inspect.signature(getattr(stub, name)) == inspect.signature(getattr(REF, name)), name
        assert getattr(stub, name).__doc__, name
    with pytest.raises(NotImplementedError):
        stub.train_perceptron(np.ones((2, 2)), np.array([1, -1]))


@pytest.mark.parametrize("lang", ["de", "en"])
def test_statement_has_the_worked_example_and_the_tolerance(lang):
    text = EX.statement(lang)
    assert "(array([2., 4.]), -1.0, 1)" in text and "float32" in text and "10^{-5}" in text


# --- the worked example -------------------------------------------------------------------------


def test_worked_example_by_hand():
    """w = 0: every point lies on the boundary, so M holds all three; one step gives w = (2, 4),
    b = -1, after which every margin is 7 and training stops."""
    case = next(c for c in EX.public_cases() if c.function == "train_perceptron")
    X, y = case.args
    assert REF.misclassified(np.zeros(2), 0.0, X, y).all()
    w = np.zeros(2) + sum(yi * xi for xi, yi in zip(X, y))
    b = float(sum(y))
    assert w.tolist() == [2.0, 4.0] and b == -1.0
    assert (y * (X @ w + b)).tolist() == [7.0, 7.0, 7.0]
    got = REF.train_perceptron(X, y)
    assert got[0].tolist() == [2.0, 4.0] and got[1:] == (-1.0, 1) == case.expected[1:]


def test_reference_reproduces_every_public_literal_exactly():
    for case in EX.public_cases():
        got = getattr(REF, case.function)(*case.args, **case.kwargs)
        pairs = zip(got, case.expected) if isinstance(case.expected, tuple) else [(got, case.expected)]
        for value, literal in pairs:
            assert np.array_equal(value, literal), case.name


# --- hidden cases ----------------------------------------------------------------------------


def test_hidden_boundary_points_really_lie_on_the_boundary():
    for seed in SEEDS:
        w, b, X, y = hidden(seed, "misclassified: points on the boundary count as wrong").args
        on = X @ w + b == 0
        assert on[: len(X) // 3].all() and on.sum() >= 3, seed


def test_hidden_training_data_is_separable_or_not_as_named():
    for seed in SEEDS:
        for name in ("train_perceptron: separable integer data", "train_perceptron: separable float data, eta = 0.5"):
            case = hidden(seed, name)
            w, b, steps = REF.train_perceptron(*case.args, **case.kwargs)
            assert steps < 1000 and not REF.misclassified(w, b, *case.args).any(), (seed, name)
        case = hidden(seed, "train_perceptron: XOR-like data is not separable; stop at max_epochs")
        assert REF.train_perceptron(*case.args, **case.kwargs)[2] == case.kwargs["max_epochs"]


# --- float32 and the alternatives --------------------------------------------------------------


@pytest.mark.parametrize("path", ALTERNATIVES, ids=lambda p: p.stem)
def test_alternatives_pass_every_case(path):
    if "torch" in path.stem:
        pytest.importorskip("torch")
    module = load_module(path, f"perceptron_{path.stem}")
    for seed in SEEDS:
        failed = [c.name for c in all_cases(seed) if not case_passes(EX, module, c)]
        assert failed == [], f"{path.stem}, seed {seed}"


def test_there_is_a_float32_alternative():
    assert any("float32" in p.read_text() for p in ALTERNATIVES)


# --- known mistakes ----------------------------------------------------------------------------


@pytest.mark.parametrize("mistake_id", [m.id for m in EX.mistakes])
def test_known_mistake_loses_points_on_every_seed(mistake_id):
    variant = EX.variant(mistake_id)
    for seed in SEEDS:
        assert not all(case_passes(EX, variant, c) for c in all_cases(seed)), f"seed {seed}"


def test_new_mistakes_are_what_their_names_say():
    X = np.array([[1.0, 0.0], [0.0, 1.0], [2.0, 2.0]])
    w, b = np.array([1.0, 1.0]), -1.0  # the first two points lie on the boundary
    assert EX.variant("predict_with_sign")["predict"](w, b, X).tolist() == [0, 0, 1]
    y = np.array([1, -1, -1])
    assert EX.variant("misclassified_as_wrong_prediction")["misclassified"](w, b, X, y).tolist() == [False, True, True]
    assert REF.misclassified(w, b, X, y).tolist() == [True, True, True]


def test_known_mistakes_are_told_apart_from_each_other():
    cases = all_cases(0)
    ids = [m.id for m in EX.mistakes]
    for i, first in enumerate(ids):
        for second in ids[i + 1:]:
            assert told_apart(EX, EX.variant(first), EX.variant(second), cases), (first, second)
