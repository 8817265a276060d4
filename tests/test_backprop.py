"""In-process tests of the backprop exercise content (no sandbox, no CLI).

- the reference reproduces every literal expected value of the public cases;
- every known mistake differs from the reference on at least one hidden case, for seeds 0..49;
- correct alternative submissions (loops and lists, torch autograd, einsum) match the
  reference on every public and hidden case within the case's tolerance;
- the finite-difference check accepts the reference and rejects wrong gradients.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from dlgrade.catalog import load_exercise
from dlgrade.spec import Case

SEEDS = range(50)
SUBMISSIONS = Path(__file__).resolve().parent / "submissions" / "backprop"
ALTERNATIVES = sorted(SUBMISSIONS.glob("alt_*.py"))

ex = load_exercise("backprop")


def plain(value):
    """Tensors to arrays, recursively; lists, tuples and dicts keep their structure (as on the wire)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(plain(v) for v in value)
    if hasattr(value, "detach"):
        return value.detach().cpu().numpy()
    return value


def same(actual, expected, case: Case) -> bool:
    """Type/structure, then shape, then values with the case's tolerances."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and set(actual) == set(expected) and all(
            same(actual[k], expected[k], case) for k in expected)
    if isinstance(expected, (tuple, list)):
        return isinstance(actual, (tuple, list)) and len(actual) == len(expected) and all(
            same(a, e, case) for a, e in zip(actual, expected))
    a, e = np.asarray(actual, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    return a.shape == e.shape and bool(np.all(np.isclose(a, e, rtol=case.check.rtol, atol=case.check.atol)))


def call(fn, case: Case):
    args = [np.copy(a) if isinstance(a, np.ndarray) else a for a in case.args]
    return fn(*args, **case.kwargs)


def reference_answer(case: Case):
    return call(getattr(ex.reference, case.function), case)


def load_submission(path: Path):
    spec = importlib.util.spec_from_file_location(f"submission_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_exercise_metadata_matches_stub_and_reference():
    stub = load_submission(ex.stub_path)
    for name in ex.functions:
        assert callable(getattr(stub, name)), name
        assert callable(getattr(ex.reference, name)), name
        with pytest.raises(NotImplementedError):
            getattr(stub, name)(*([None] * getattr(stub, name).__code__.co_argcount))
    assert ex.statement("de") and ex.statement("en")


@pytest.mark.parametrize("case", ex.public_cases(), ids=lambda c: c.name)
def test_reference_reproduces_public_literals(case):
    assert case.has_literal_expected, "every public case states its expected value"
    assert same(plain(reference_answer(case)), case.expected, case)


def test_worked_example_loss():
    case = next(c for c in ex.public_cases() if c.function == "gradients")
    X, Y, W1, b1, W2, b2 = case.args
    A2 = ex.reference.forward(X, W1, b1, W2, b2)[3]
    assert float(np.sum((A2 - Y) ** 2)) == 0.75


def test_hidden_cases_shapes_are_non_square_and_include_batch_of_one():
    for seed in SEEDS:
        cases = ex.hidden_cases(seed)
        grads = [c for c in cases if c.function == "gradients"]
        assert any(c.args[0].shape[0] == 1 for c in grads)
        assert any(c.check.custom is not None for c in grads)
        for c in grads:
            X, Y, W1, b1, W2, b2 = c.args
            n, d = X.shape
            h, k = W1.shape[0], W2.shape[0]
            assert d != h and h != k, (seed, c.name)
            assert all(a.dtype == np.float64 for a in c.args)
            Z1 = X @ W1.T + b1
            Z2 = 1 / (1 + np.exp(-Z1)) @ W2.T + b2
            assert np.abs(Z1).max() <= 3 and np.abs(Z2).max() <= 3  # away from saturation


@pytest.mark.parametrize("mistake", [m.id for m in ex.mistakes])
def test_every_mistake_loses_points_for_every_seed(mistake):
    variant = ex.variant(mistake)
    for seed in SEEDS:
        cases = ex.hidden_cases(seed)
        differs = [c.name for c in cases
                   if not same(plain(call(variant[c.function], c)), plain(reference_answer(c)), c)]
        assert differs, f"mistake {mistake} passes every hidden case for seed {seed}"


def test_required_mistakes_are_registered_with_texts():
    ids = {m.id for m in ex.mistakes}
    required = {"output_delta_without_sigma_prime", "sigma_prime_of_activation", "z_times_one_minus_z",
                "missing_factor_two", "mean_over_samples", "target_minus_output",
                "hidden_delta_without_sigma_prime", "transposed_weight_gradient", "bias_gradient_not_summed"}
    assert required <= ids
    for m in ex.mistakes:
        for texts in (m.diagnosis, m.hint):
            assert texts.get("de") and texts.get("en"), m.id


def test_mistakes_differ_from_each_other():
    """Two mistakes that always give the same answers could never be told apart."""
    mistakes = [m.id for m in ex.mistakes]
    cases = ex.hidden_cases(0) + ex.public_cases()
    answers = {m: [plain(call(ex.variant(m)[c.function], c)) for c in cases] for m in mistakes}
    for i, m1 in enumerate(mistakes):
        for m2 in mistakes[i + 1:]:
            assert not all(same(a, b, c) for a, b, c in zip(answers[m1], answers[m2], cases)), (m1, m2)


def test_at_least_two_alternatives():
    assert len(ALTERNATIVES) >= 2


@pytest.mark.parametrize("path", ALTERNATIVES, ids=lambda p: p.stem)
def test_alternatives_are_self_contained(path):
    import ast

    allowed = {"numpy", "torch", "math", "itertools", "functools", "collections", "typing", "__future__"}
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            assert all(a.name.split(".")[0] in allowed for a in node.names), path
        elif isinstance(node, ast.ImportFrom):
            assert node.module and node.module.split(".")[0] in allowed and node.level == 0, path


@pytest.mark.parametrize("path", ALTERNATIVES, ids=lambda p: p.stem)
def test_alternatives_match_reference(path):
    module = load_submission(path)
    for seed in [None, *SEEDS]:
        cases = ex.public_cases() if seed is None else ex.hidden_cases(seed)
        for case in cases:
            answer = plain(call(getattr(module, case.function), case))
            if case.check.custom is not None:
                assert case.check.custom(answer, None, case) is None, (seed, case.name)
            expected = case.expected if case.has_literal_expected else plain(reference_answer(case))
            assert same(answer, expected, case), (path.stem, seed, case.name)


def _gradcheck_cases(seeds=range(10)):
    return [c for s in seeds for c in ex.hidden_cases(s) if c.check.custom is not None]


def test_gradient_check_accepts_reference():
    cases = _gradcheck_cases(SEEDS)
    assert cases
    for case in cases:
        assert case.check.custom(plain(reference_answer(case)), None, case) is None, case.name


@pytest.mark.parametrize("mistake", [m.id for m in ex.mistakes])
def test_gradient_check_rejects_every_mistake(mistake):
    """Wherever a mistake's gradients differ from the reference, the check says so."""
    variant, rejected = ex.variant(mistake), 0
    for case in _gradcheck_cases():
        wrong = plain(call(variant["gradients"], case))
        if same(wrong, plain(reference_answer(case)), case):
            continue  # invisible on this input (e.g. a mean over a batch of one sample)
        message = case.check.custom(wrong, None, case)
        assert message is not None and message["de"] and message["en"], (mistake, case.name)
        rejected += 1
    assert rejected


def test_gradient_check_rejects_small_perturbations_and_bad_structure():
    case = _gradcheck_cases(range(1))[0]
    good = plain(reference_answer(case))
    for key in good:
        bad = {k: v.copy() for k, v in good.items()}
        bad[key].flat[0] += 1e-3 * max(1.0, abs(bad[key].flat[0]))
        assert case.check.custom(bad, None, case) is not None, key
    assert case.check.custom({k: v for k, v in good.items() if k != "b2"}, None, case) is not None
    assert case.check.custom({**good, "W1": good["W1"].T}, None, case) is not None
    assert case.check.custom({**good, "b1": good["b1"] * np.nan}, None, case) is not None
    assert case.check.custom([1, 2, 3], None, case) is not None


def test_gradient_check_ignores_expected():
    """The check compares with finite differences, never with the reference's output."""
    case = _gradcheck_cases(range(1))[0]
    good = plain(reference_answer(case))
    assert case.check.custom(good, {k: v * 0 for k, v in good.items()}, case) is None
