"""The conv2d exercise: the reference against torch.nn.functional.conv2d and numpy's 1-d routines,
the public examples, the hidden cases' promises, float32 answers (also on the timed input), the
alternatives and the known mistakes over more seeds than the contract test (in process)."""
import inspect
from pathlib import Path

import numpy as np
import pytest
from helpers import case_passes, load_module, told_apart

from dlgrade.catalog import load_exercise
from dlgrade.grading.compare import compare

torch = pytest.importorskip("torch")

EX = load_exercise("conv2d")
REF = EX.reference
SEEDS = range(25)
SUBMISSIONS = Path(__file__).resolve().parents[1] / "submissions" / "conv2d"
ALTERNATIVES = sorted(SUBMISSIONS.glob("alt_*.py"))


def all_cases(seed):
    return EX.public_cases() + EX.hidden_cases(seed)


def torch_conv2d(x, w, b, stride=1, padding=0, dilation=1):
    t = lambda a: torch.as_tensor(np.asarray(a, dtype=np.float64))
    return torch.nn.functional.conv2d(t(x), t(w), t(b), stride=stride, padding=padding, dilation=dilation).numpy()


def independent(case):
    """The same answer from a library routine that the reference does not use."""
    if case.function == "conv2d_forward":
        return torch_conv2d(*case.args, **case.kwargs)
    if case.function == "convolve1d":
        return np.convolve(*case.args)
    return np.correlate(*case.args, mode="valid")


# --- the exercise's files ---------------------------------------------------------------------


def test_stub_and_reference_follow_the_contract():
    assert EX.functions == ["convolve1d", "cross_correlate1d", "conv2d_forward"]
    stub = load_module(EX.stub_path, "conv2d_stub")
    for name in EX.functions:
        fn = getattr(stub, name)
        assert inspect.signature(fn) == inspect.signature(getattr(REF, name)), name
        assert fn.__doc__ and "shape" in fn.__doc__
    with pytest.raises(NotImplementedError):
        stub.conv2d_forward(np.ones((1, 1, 3, 3)), np.ones((1, 1, 2, 2)), np.ones(1))
    assert "torch.nn.functional.conv*" in EX.forbidden["conv2d_forward"]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_statement_names_the_example_the_tolerance_and_the_measured_einsum_ratios(lang):
    text = EX.statement(lang)
    assert "(4, 13, 28, 27, 18)" in text and "torch.nn.functional.conv2d" in text
    assert "float32" in text and "10^{-5}" in text
    assert "optimize=True" in text and ("10-Fache" in text if lang == "de" else "budget is 10 times" in text)
    assert EX.perf_cases()[0].cpu_budget == 10.0  # the statement quotes this budget


# --- the reference against torch and numpy -------------------------------------------------------


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


def test_reference_equals_torch_conv2d():
    rng = np.random.default_rng(5)
    for n, c, f, h, w, kh, kw, stride, padding, dilation in torch_configs():
        x, wt, b = rng.normal(size=(n, c, h, w)), rng.normal(size=(f, c, kh, kw)), rng.normal(size=f)
        got = REF.conv2d_forward(x, wt, b, stride=stride, padding=padding, dilation=dilation)
        want = torch_conv2d(x, wt, b, stride=stride, padding=padding, dilation=dilation)
        assert got.shape == want.shape and got.dtype == np.float64
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("lengths", [(1, 1), (3, 3), (5, 2), (2, 5), (9, 4), (30, 7)])
def test_reference_1d_equals_numpy(lengths):
    rng = np.random.default_rng(sum(lengths))
    x, w = rng.normal(size=lengths[0]), rng.normal(size=lengths[1])
    np.testing.assert_allclose(REF.convolve1d(x, w), np.convolve(x, w), rtol=1e-12, atol=1e-12)
    if len(w) <= len(x):
        np.testing.assert_allclose(REF.cross_correlate1d(x, w), np.correlate(x, w, "valid"), rtol=1e-12, atol=1e-12)


def test_public_examples_are_what_torch_and_numpy_compute():
    for case in EX.public_cases():
        assert case.has_literal_expected, case.name
        assert np.array_equal(independent(case), case.expected), case.name
        assert np.array_equal(getattr(REF, case.function)(*case.args, **case.kwargs), case.expected), case.name


# --- hidden cases -------------------------------------------------------------------------------


def test_hidden_cases_agree_with_torch_and_stay_small():
    for seed in SEEDS:
        cases = EX.hidden_cases(seed)
        assert {c.function for c in cases} == set(EX.functions)
        for case in cases:
            assert all(isinstance(a, np.ndarray) and a.dtype == np.float64 and a.size <= 1000 for a in case.args)
            assert all(type(v) is int for v in case.kwargs.values())
            got = getattr(REF, case.function)(*case.args, **case.kwargs)
            np.testing.assert_allclose(got, independent(case), rtol=1e-12, atol=1e-12, err_msg=case.name)
            w = case.args[1]
            spatial = tuple(range(-min(w.ndim, 2), 0))
            if case.function != "cross_correlate1d" and np.prod([w.shape[a] for a in spatial]) > 1:
                assert not np.allclose(w, np.flip(w, axis=spatial)), case.name  # flipping it would show


# --- float32, the timed case, the alternatives --------------------------------------------------


@pytest.mark.parametrize("path", ALTERNATIVES, ids=lambda p: p.stem)
def test_alternatives_pass_every_case(path):
    module = load_module(path, f"conv2d_{path.stem}")
    for seed in SEEDS:
        failed = [c.name for c in all_cases(seed) if not case_passes(EX, module, c)]
        assert failed == [], f"{path.stem}, seed {seed}"


def test_float32_answer_passes_the_timed_case_check():
    """The timed case compares its answer too: float32 must not lose it either."""
    float32 = load_module(SUBMISSIONS / "alt_torch_float32.py", "conv2d_alt_float32")
    perf = EX.perf_cases()[0]
    for seed in range(3):
        args, kwargs = perf.make_inputs(np.random.default_rng(seed), "cpu")
        got = float32.conv2d_forward(*args, **kwargs).numpy()
        assert got.dtype == np.float32
        assert compare(got.astype(np.float64), REF.conv2d_forward(*args, **kwargs), perf.check).ok


def test_there_is_a_float32_alternative_and_no_alternative_uses_a_library_convolution():
    assert any("float32" in p.read_text() for p in ALTERNATIVES)
    for path in ALTERNATIVES:
        source = path.read_text()
        assert "conv2d(" not in source and "scipy" not in source and "solutions" not in source, path.name


# --- known mistakes ----------------------------------------------------------------------------


def test_known_mistakes_cover_the_lecture_and_replace_only_reference_functions():
    ids = {m.id for m in EX.mistakes}
    assert {"conv2d_kernel_flipped", "convolve1d_not_flipped", "bias_forgotten", "only_first_channel",
            "mean_over_channels", "padding_one_side", "dilation_ignored"} <= ids
    for m in EX.mistakes:
        assert set(m.functions) <= set(EX.functions) | {"zero_pad", "patches", "correlate_valid"}, m.id


@pytest.mark.parametrize("mistake_id", [m.id for m in EX.mistakes])
def test_known_mistake_loses_points_on_every_seed(mistake_id):
    variant = EX.variant(mistake_id)
    for seed in SEEDS:
        assert not all(case_passes(EX, variant, c) for c in all_cases(seed)), f"seed {seed}"


def test_known_mistakes_are_told_apart_from_each_other():
    cases = all_cases(0)
    ids = [m.id for m in EX.mistakes]
    for i, first in enumerate(ids):
        for second in ids[i + 1:]:
            assert told_apart(EX, EX.variant(first), EX.variant(second), cases), (first, second)
