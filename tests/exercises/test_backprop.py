"""The backprop exercise: the reference against torch autograd and finite differences, the worked
example exactly, the networks that tell the factor mistakes apart, the gradient check's custom
Check, float32 and the alternative submissions over more seeds than the contract test (in process)."""
import ast
import inspect
from pathlib import Path

import numpy as np
import pytest
from helpers import case_passes, load_module, told_apart

from dlgrade.catalog import load_exercise

EX = load_exercise("backprop")
REF = EX.reference
HIDDEN = __import__("dlgrade.solutions.backprop.hidden", fromlist=["cases"])
SEEDS = range(25)
SUBMISSIONS = Path(__file__).resolve().parents[1] / "submissions" / "backprop"
ALTERNATIVES = sorted(SUBMISSIONS.glob("alt_*.py"))
PARAMS = ("W1", "b1", "W2", "b2")


def all_cases(seed):
    return EX.public_cases() + EX.hidden_cases(seed)


def public(name):
    return next(c for c in EX.public_cases() if c.name == name)


def network(seed, n, d, h, k):
    return HIDDEN.network(np.random.default_rng(seed), n, d, h, k)


# --- the exercise's files -------------------------------------------------------------------


def test_stub_and_reference_follow_the_contract():
    stub = load_module(EX.stub_path, "backprop_stub")
    assert EX.functions == ["forward", "output_delta", "hidden_delta", "gradients"]
    for name in EX.functions:
        assert inspect.signature(getattr(stub, name)) == inspect.signature(getattr(REF, name)), name
        assert getattr(stub, name).__doc__, name
    with pytest.raises(NotImplementedError):
        stub.gradients(*network(0, 3, 2, 4, 2))
    assert "torch.autograd.*" in EX.forbidden["*"] and "torch.Tensor.backward" in EX.forbidden["*"]


@pytest.mark.parametrize("lang, heading", [("de", "## Nicht erlaubt"), ("en", "## Not allowed")])
def test_both_statements_say_that_autograd_is_not_allowed_and_float32_is_enough(lang, heading):
    text = EX.statement(lang)
    intro = text.split("\n## ")[0]  # the title and the paragraphs before the first section
    assert "autograd" in intro.lower() and heading[3:] in intro
    assert heading in text and "`torch.autograd`" in text.split(heading)[1]
    assert "float32" in text and "10^{-5}" in text and "10^{-6}" not in text


# --- the reference against torch and finite differences ----------------------------------------


def test_reference_matches_torch_autograd():
    torch = pytest.importorskip("torch")
    nets = [network(seed, n, d, h, k) for seed, (n, d, h, k) in enumerate([(3, 2, 4, 2), (1, 5, 3, 2), (7, 3, 5, 4)])]
    integer = public("gradients: a small integer network, three samples, two outputs").args
    for X, Y, W1, b1, W2, b2 in [*nets, integer]:
        t = {key: torch.tensor(v, requires_grad=True) for key, v in zip(PARAMS, (W1, b1, W2, b2))}
        Z1 = torch.tensor(X) @ t["W1"].T + t["b1"]
        A1 = torch.sigmoid(Z1)
        Z2 = A1 @ t["W2"].T + t["b2"]
        A2 = torch.sigmoid(Z2)
        Z1.retain_grad()
        Z2.retain_grad()
        ((A2 - torch.tensor(Y)) ** 2).sum().backward()
        for got, want in zip(REF.forward(X, W1, b1, W2, b2), (Z1, A1, Z2, A2)):
            np.testing.assert_allclose(got, want.detach().numpy(), rtol=1e-13, atol=1e-15)
        D2 = REF.output_delta(Z2.detach().numpy(), A2.detach().numpy(), Y)
        np.testing.assert_allclose(D2, Z2.grad.numpy(), rtol=1e-12, atol=1e-15)
        D1 = REF.hidden_delta(D2, W2, Z1.detach().numpy(), A1.detach().numpy())
        np.testing.assert_allclose(D1, Z1.grad.numpy(), rtol=1e-12, atol=1e-15)
        grads = REF.gradients(X, Y, W1, b1, W2, b2)
        for key in PARAMS:
            np.testing.assert_allclose(grads[key], t[key].grad.numpy(), rtol=1e-12, atol=1e-15)


def test_reference_matches_central_finite_differences():
    for seed, (n, d, h, k) in enumerate([(1, 2, 3, 2), (4, 3, 2, 5), (6, 4, 5, 3)]):
        args = network(seed, n, d, h, k)
        grads, numeric = REF.gradients(*args), HIDDEN.numerical_gradients(*args)
        for key in PARAMS:
            np.testing.assert_allclose(grads[key], numeric[key], rtol=1e-6, atol=1e-9)


# --- the public cases ------------------------------------------------------------------------


def test_worked_example_is_exact():
    case = public("gradients: worked example, summed over the batch")
    X, Y, W1, b1, W2, b2 = case.args
    Z1, A1, Z2, A2 = REF.forward(X, W1, b1, W2, b2)
    assert np.all(Z1 == 0) and np.all(Z2 == 0) and float(np.sum((A2 - Y) ** 2)) == 0.75
    grads = REF.gradients(X, Y, W1, b1, W2, b2)
    assert all(np.array_equal(grads[key], case.expected[key]) for key in PARAMS)


def test_public_literals_agree_with_the_reference_to_their_twelve_digits():
    for case in EX.public_cases():
        got = getattr(REF, case.function)(*case.args)
        pairs = zip(got, case.expected) if case.function == "forward" else (
            ((got[key], case.expected[key]) for key in PARAMS) if case.function == "gradients" else [(got, case.expected)])
        for value, literal in pairs:
            np.testing.assert_allclose(value, literal, rtol=1e-11, atol=1e-13, err_msg=case.name)


def test_public_integer_network_has_three_samples_two_outputs_and_no_zero_preactivation():
    X, Y, W1, b1, W2, b2 = public("gradients: a small integer network, three samples, two outputs").args
    assert X.shape[0] == 3 and Y.shape[1] == 2
    Z1, _, Z2, _ = REF.forward(X, W1, b1, W2, b2)
    assert np.all(Z1 != 0) and np.all(np.abs(Z2) > 1e-3)
    assert all(np.array_equal(a, np.round(a)) for a in (X, Y, W1, b1, W2, b2))


# --- the factor mistakes can be told apart ----------------------------------------------------

FACTORS = ["missing_factor_two", "mean_over_samples", "mean_over_all_entries"]


def batches(seed):
    """The cases whose deltas or gradients come from a batch of more than one sample."""
    return [c for c in all_cases(seed) if c.function in ("output_delta", "gradients")
            and np.asarray(c.args[0 if c.function == "gradients" else 2]).shape[0] > 1]


def test_every_batch_of_several_samples_has_at_least_three_and_two_outputs_unless_k_is_one():
    for seed in SEEDS:
        for case in batches(seed):
            Y = case.args[1] if case.function == "gradients" else case.args[2]
            n, k = Y.shape
            assert n >= 3, (seed, case.name)
            assert k >= 2 or case.name in ("gradients: one output unit, targets 0 and 1",
                                           "output_delta: worked example, 2 (a - y) sigma'(z) with sigma'(0) = 1/4",
                                           "gradients: worked example, summed over the batch"), (seed, case.name)


@pytest.mark.parametrize("first, second", [(a, b) for i, a in enumerate(FACTORS) for b in FACTORS[i + 1:]])
def test_factor_mistakes_differ_on_every_batch_with_several_outputs(first, second):
    """1/2, 1/n and 1/(n k): on the public integer network and on every hidden batch with n >= 3 and
    k >= 2 (the gradient check included) the three answers differ, so the diagnosis is unique."""
    for seed in range(10):
        for case in batches(seed):
            k = (case.args[1] if case.function == "gradients" else case.args[2]).shape[1]
            if k > 1:
                assert told_apart(EX, EX.variant(first), EX.variant(second), [case]), (seed, case.name)


def test_mean_only_inside_gradients_is_told_apart_by_the_output_deltas():
    """Both divide every gradient by n; only mean_over_samples changes output_delta as well."""
    inside, samples = EX.variant("mean_in_gradients_only"), EX.variant("mean_over_samples")
    for seed in range(10):
        for case in batches(seed):
            assert told_apart(EX, inside, samples, [case]) == (case.function == "output_delta"), (seed, case.name)
        assert all(case_passes(EX, inside, c) for c in all_cases(seed) if c.function != "gradients")


def test_known_mistakes_are_told_apart_from_each_other():
    cases = all_cases(0)
    ids = [m.id for m in EX.mistakes]
    for i, first in enumerate(ids):
        for second in ids[i + 1:]:
            assert told_apart(EX, EX.variant(first), EX.variant(second), cases), (first, second)


@pytest.mark.parametrize("mistake_id", [m.id for m in EX.mistakes])
def test_known_mistake_loses_points_on_every_seed(mistake_id):
    variant = EX.variant(mistake_id)
    for seed in SEEDS:
        assert not all(case_passes(EX, variant, c) for c in all_cases(seed)), f"seed {seed}"


# --- hidden cases ----------------------------------------------------------------------------


def test_hidden_networks_are_non_square_and_away_from_saturation():
    for seed in SEEDS:
        for case in EX.hidden_cases(seed):
            if case.function != "gradients":
                continue
            X, Y, W1, b1, W2, b2 = case.args
            assert len({X.shape[1], W1.shape[0], W2.shape[0]}) == 3 or W2.shape[0] == 1, (seed, case.name)
            assert all(a.dtype == np.float64 for a in case.args)
            Z1 = X @ W1.T + b1
            assert np.abs(Z1).max() <= 3 and np.abs(REF.sigmoid(Z1) @ W2.T + b2).max() <= 3
        names = [c.name for c in EX.hidden_cases(seed)]
        assert "gradients: gradient check, a batch of one sample" in names


# --- the gradient check -----------------------------------------------------------------------


def gradcheck_cases(seeds=range(10)):
    return [c for s in seeds for c in EX.hidden_cases(s) if c.check.custom is not None]


def test_gradient_check_accepts_the_reference_and_float32():
    float32 = load_module(SUBMISSIONS / "alt_torch_float32.py", "backprop_alt_float32")
    pytest.importorskip("torch")
    for case in gradcheck_cases(SEEDS):
        assert case.check.custom(REF.gradients(*case.args), None, case) is None, case.name
        answer = {key: value.numpy() for key, value in float32.gradients(*case.args).items()}
        assert case.check.custom(answer, None, case) is None, case.name


@pytest.mark.parametrize("mistake_id", [m.id for m in EX.mistakes])
def test_gradient_check_rejects_every_mistake_where_it_shows(mistake_id):
    """Wherever a mistake's gradients differ from the reference's, the check says so."""
    variant, rejected = EX.variant(mistake_id), 0
    for case in gradcheck_cases():
        wrong, right = variant["gradients"](*case.args), REF.gradients(*case.args)
        if all(np.shape(wrong[k]) == right[k].shape and np.allclose(wrong[k], right[k], rtol=1e-9, atol=1e-12) for k in PARAMS):
            continue  # invisible on this input (a mean over a batch of one sample)
        message = case.check.custom(wrong, None, case)
        assert message and message["de"] and message["en"], (mistake_id, case.name)
        rejected += 1
    assert rejected


def test_gradient_check_rejects_perturbations_and_bad_structure_and_ignores_expected():
    case = gradcheck_cases(range(1))[0]
    good = REF.gradients(*case.args)
    for key in PARAMS:
        bad = {k: v.copy() for k, v in good.items()}
        bad[key].flat[0] += 1e-2 * max(1.0, abs(bad[key].flat[0]))
        assert case.check.custom(bad, None, case) is not None, key
    assert case.check.custom({k: v for k, v in good.items() if k != "b2"}, None, case) is not None
    assert case.check.custom({**good, "W1": good["W1"].T}, None, case) is not None
    assert case.check.custom({**good, "b1": good["b1"] * np.nan}, None, case) is not None
    assert case.check.custom([1, 2, 3], None, case) is not None
    assert case.check.custom(good, {k: v * 0 for k, v in good.items()}, case) is None


# --- float32 and the alternatives --------------------------------------------------------------


@pytest.mark.parametrize("path", ALTERNATIVES, ids=lambda p: p.stem)
def test_alternatives_pass_every_case(path):
    if "torch" in path.stem:
        pytest.importorskip("torch")
    module = load_module(path, f"backprop_{path.stem}")
    for seed in SEEDS:
        failed = [c.name for c in all_cases(seed) if not case_passes(EX, module, c)]
        assert failed == [], f"{path.stem}, seed {seed}"


def test_alternatives_include_float32_and_import_only_what_a_student_has():
    assert any("float32" in p.read_text() for p in ALTERNATIVES) and len(ALTERNATIVES) >= 3
    allowed = {"numpy", "torch", "math", "itertools", "functools", "collections", "typing", "__future__"}
    for path in ALTERNATIVES:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
                assert all(name.split(".")[0] in allowed for name in names), path
