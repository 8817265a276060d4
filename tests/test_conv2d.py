"""The conv2d exercise: reference, public and hidden cases, known mistakes, alternative solutions."""
import importlib.util
import inspect
from pathlib import Path

import numpy as np
import pytest
import torch

from dlgrade.catalog import load_exercise
from dlgrade.spec import Check

SUBMISSIONS = Path(__file__).resolve().parent / "submissions" / "conv2d"
ALTERNATIVES = sorted(SUBMISSIONS.glob("alt_*.py"))
SEEDS = range(50)


@pytest.fixture(scope="module")
def ex():
    return load_exercise("conv2d")


def as_array(value):
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu().numpy()
    return np.asarray(value, dtype=float)


def agrees(actual, expected, check=Check()):
    """The documented comparison for arrays: shape first, then np.isclose with the case's tolerances."""
    actual, expected = as_array(actual), as_array(expected)
    return actual.shape == expected.shape and bool(np.isclose(actual, expected, rtol=check.rtol, atol=check.atol).all())


def call(fn, case):
    return fn(*case.args, **case.kwargs)


def expected_of(ex, case):
    if case.has_literal_expected:
        return case.expected
    return call(getattr(ex.reference, case.function), case)


def torch_conv2d(x, w, b, stride=1, padding=0, dilation=1):
    t = lambda a: torch.as_tensor(np.asarray(a, dtype=np.float64))
    return torch.nn.functional.conv2d(t(x), t(w), t(b), stride=stride, padding=padding, dilation=dilation).numpy()


def load_submission(path):
    spec = importlib.util.spec_from_file_location(f"conv2d_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- content -------------------------------------------------------------------------

def test_layout_and_stub(ex):
    assert ex.functions == ["convolve1d", "cross_correlate1d", "conv2d_forward"]
    for lang in ("de", "en"):
        text = ex.statement(lang)
        assert "(4, 13, 28, 27, 18)" in text and "torch.nn.functional.conv2d" in text
    spec = importlib.util.spec_from_file_location("conv2d_stub", ex.stub_path)
    stub = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(stub)
    for name in ex.functions:
        fn, ref = getattr(stub, name), getattr(ex.reference, name)
        assert inspect.signature(fn) == inspect.signature(ref), name
        assert fn.__doc__ and "shape" in fn.__doc__
        with pytest.raises(NotImplementedError):
            fn(np.ones((1, 1, 3, 3)), np.ones((1, 1, 2, 2)), np.ones(1)) if name == "conv2d_forward" else fn(np.ones(3), np.ones(2))


def test_reference_reproduces_public_literal_values(ex):
    cases = ex.public_cases()
    assert {c.function for c in cases} == set(ex.functions)
    for case in cases:
        assert case.has_literal_expected, case.name
        got = call(getattr(ex.reference, case.function), case)
        assert agrees(got, case.expected, case.check), case.name
        if case.function == "conv2d_forward":
            assert agrees(torch_conv2d(*case.args, **case.kwargs), case.expected), case.name
        if case.function == "convolve1d":
            assert agrees(np.convolve(*case.args), case.expected), case.name
        if case.function == "cross_correlate1d":
            assert agrees(np.correlate(*case.args, mode="valid"), case.expected), case.name


def torch_configs():
    rng = np.random.default_rng(1234)
    configs = []
    while len(configs) < 120:
        n, c, f = (int(v) for v in rng.integers(1, 4, size=3))
        kh, kw = (int(v) for v in rng.integers(1, 5, size=2))
        stride, dilation = (int(v) for v in rng.integers(1, 4, size=2))
        padding = int(rng.integers(0, 3))
        h = dilation * (kh - 1) + 1 - 2 * padding + int(rng.integers(0, 7))
        w = dilation * (kw - 1) + 1 - 2 * padding + int(rng.integers(0, 7))
        if h >= 1 and w >= 1:
            configs.append((n, c, f, h, w, kh, kw, stride, padding, dilation))
    return configs


@pytest.mark.parametrize("config", torch_configs())
def test_reference_equals_torch_conv2d(ex, config):
    n, c, f, h, w, kh, kw, stride, padding, dilation = config
    rng = np.random.default_rng(abs(hash(config)) % 2**32)
    x, wt, b = rng.normal(size=(n, c, h, w)), rng.normal(size=(f, c, kh, kw)), rng.normal(size=f)
    got = ex.reference.conv2d_forward(x, wt, b, stride=stride, padding=padding, dilation=dilation)
    want = torch_conv2d(x, wt, b, stride=stride, padding=padding, dilation=dilation)
    assert got.shape == want.shape and got.dtype == np.float64
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("lengths", [(1, 1), (3, 3), (5, 2), (2, 5), (9, 4), (30, 7)])
def test_reference_1d_equals_numpy(ex, lengths):
    rng = np.random.default_rng(sum(lengths))
    x, w = rng.normal(size=lengths[0]), rng.normal(size=lengths[1])
    np.testing.assert_allclose(ex.reference.convolve1d(x, w), np.convolve(x, w), rtol=1e-12, atol=1e-12)
    if len(w) <= len(x):
        np.testing.assert_allclose(ex.reference.cross_correlate1d(x, w), np.correlate(x, w, "valid"), rtol=1e-12, atol=1e-12)


def test_reference_does_not_modify_inputs(ex):
    for case in ex.hidden_cases(0):
        before = [np.copy(a) for a in case.args]
        call(getattr(ex.reference, case.function), case)
        assert all(np.array_equal(a, b) for a, b in zip(case.args, before)), case.name


@pytest.mark.parametrize("seed", [0, 1, 2, 17, 49])
def test_hidden_cases_are_sound(ex, seed):
    cases = ex.hidden_cases(seed)
    assert {c.function for c in cases} == set(ex.functions)
    assert len({c.name for c in cases}) == len(cases)
    for case in cases:
        assert all(isinstance(a, np.ndarray) and a.dtype == np.float64 and a.size <= 1000 for a in case.args)
        assert all(type(v) is int for v in case.kwargs.values())
        got = call(getattr(ex.reference, case.function), case)
        if case.function == "conv2d_forward":
            assert agrees(got, torch_conv2d(*case.args, **case.kwargs)), case.name
        elif case.function == "convolve1d":
            assert agrees(got, np.convolve(*case.args)), case.name
        else:
            assert agrees(got, np.correlate(*case.args, mode="valid")), case.name
    # the same seed gives the same cases
    again = ex.hidden_cases(seed)
    assert all(np.array_equal(a, b) for c, d in zip(cases, again) for a, b in zip(c.args, d.args))


# --- known mistakes --------------------------------------------------------------------

REQUIRED_MISTAKES = {"conv2d_kernel_flipped", "convolve1d_not_flipped", "bias_forgotten", "only_first_channel",
                     "mean_over_channels", "padding_one_side", "dilation_ignored"}


def test_mistakes_are_documented(ex):
    ids = {m.id for m in ex.mistakes}
    assert REQUIRED_MISTAKES <= ids
    for m in ex.mistakes:
        assert set(m.functions) <= set(ex.functions) | {"zero_pad", "patches", "correlate_valid"}, m.id
        assert m.diagnosis["de"] and m.diagnosis["en"] and m.hint.get("de") and m.hint.get("en"), m.id


def differs(fn_variant, fn_reference, case):
    want = call(fn_reference, case)
    try:
        got = call(fn_variant, case)
    except Exception:  # a crash loses the points too, but no mistake should need one
        pytest.fail(f"variant crashed on {case.name}")
    return not agrees(got, want, case.check)


def test_every_mistake_loses_points_for_every_seed(ex):
    for mistake in ex.mistakes:
        variant = ex.variant(mistake.id)
        for seed in SEEDS:
            cases = ex.hidden_cases(seed)
            assert any(differs(variant[c.function], getattr(ex.reference, c.function), c) for c in cases), \
                f"{mistake.id} agrees with the reference on every hidden case for seed {seed}"


def test_mistakes_are_told_apart(ex):
    """On the hidden cases of one seed no two mistakes give the same answers everywhere."""
    cases = ex.hidden_cases(0)
    signatures = {}
    for mistake in ex.mistakes:
        variant = ex.variant(mistake.id)
        signatures[mistake.id] = [as_array(call(variant[c.function], c)) for c in cases]
    ids = sorted(signatures)
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            assert not all(agrees(u, v) for u, v in zip(signatures[a], signatures[b])), (a, b)


# --- correct alternatives ---------------------------------------------------------------

def test_there_are_alternatives():
    assert len(ALTERNATIVES) >= 2


@pytest.mark.parametrize("path", ALTERNATIVES, ids=lambda p: p.stem)
def test_alternative_agrees_with_reference(ex, path):
    module = load_submission(path)
    source = path.read_text(encoding="utf-8")
    assert "solutions" not in source and "autograder" not in source
    cases = ex.public_cases() + [c for seed in (0, 1, 2, 3, 4, 31, 49) for c in ex.hidden_cases(seed)]
    for case in cases:
        got = call(getattr(module, case.function), case)
        assert agrees(got, expected_of(ex, case), case.check), f"{path.stem}: {case.name}"
