"""The conv_shapes exercise: reference vs. literal public values and torch's layers, known
mistakes (every one caught on every seed), alternative correct solutions."""
import importlib.util
import inspect
import itertools
import warnings
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn
from torch.nn.utils import skip_init

from dlgrade.catalog import load_exercise

SUBMISSIONS = Path(__file__).resolve().parent / "submissions" / "conv_shapes"
ALTERNATIVES = sorted(SUBMISSIONS.glob("alt_*.py"))
SEEDS = range(50)
FUNCTIONS = ["conv_output_size", "pool_output_size", "transposed_conv_output_size",
             "conv_param_count", "receptive_field", "conv2d_output_shape"]


@pytest.fixture(scope="module")
def ex():
    return load_exercise("conv_shapes")


@pytest.fixture(scope="module")
def hidden(ex):
    return {seed: ex.hidden_cases(seed) for seed in SEEDS}


def load_submission(path):
    spec = importlib.util.spec_from_file_location(f"conv_shapes_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Raised:
    """The outcome of a call that raised."""

    def __init__(self, exc):
        self.exc = exc

    def __repr__(self):
        return f"Raised({type(self.exc).__name__}: {self.exc})"


def outcome(fn, case):
    try:
        return fn(*case.args, **case.kwargs)
    except Exception as exc:  # noqa: BLE001 - any exception is an outcome here
        return Raised(exc)


def same(actual, expected, check):
    """The documented comparison: sequences element by element, numbers via np.asarray, shape, isclose."""
    if isinstance(expected, Raised) or isinstance(actual, Raised):
        return isinstance(expected, Raised) and isinstance(actual, Raised) and isinstance(actual.exc, type(expected.exc))
    if isinstance(expected, (tuple, list)):
        if isinstance(actual, np.ndarray) and actual.ndim == 1:
            actual = list(actual)
        return (isinstance(actual, (tuple, list)) and len(actual) == len(expected)
                and all(same(a, e, check) for a, e in zip(actual, expected)))
    a, e = np.asarray(actual), np.asarray(expected)
    return (a.dtype.kind in "biuf" and a.shape == e.shape
            and bool(np.isclose(a.astype(float), e.astype(float), rtol=check.rtol, atol=check.atol).all()))


def graded_ok(actual, case, expected):
    """Whether the grader gives the case's points to this outcome."""
    if case.raises:
        return isinstance(actual, Raised) and any(c.__name__ == case.raises for c in type(actual.exc).__mro__)
    return same(actual, expected, case.check)


def reference_outcome(ex, case):
    return outcome(getattr(ex.reference, case.function), case)


# --- layout ----------------------------------------------------------------------------

def test_layout_stub_and_texts(ex):
    assert ex.functions == FUNCTIONS
    stub = load_submission(ex.stub_path)
    for name in FUNCTIONS:
        fn = getattr(stub, name)
        assert fn.__doc__, name
        assert inspect.signature(fn) == inspect.signature(getattr(ex.reference, name)), name
        with pytest.raises(NotImplementedError):
            fn(*[1] * len([p for p in inspect.signature(fn).parameters.values() if p.default is p.empty]))
    for lang in ("de", "en"):
        text = ex.statement(lang)
        assert "\\left\\lfloor" in text and "ValueError" in text and "output_padding" in text
    for case in ex.public_cases():
        assert case.has_literal_expected or case.raises, case.name
        assert case.check.rtol == 0 and case.check.atol == 0, case.name


def test_mistakes_have_texts(ex):
    ids = {m.id for m in ex.mistakes}
    assert {"ceil_not_floor", "dilation_ignored", "padding_counted_once", "missing_plus_one",
            "params_without_in_channels", "one_bias_per_layer", "receptive_field_ignores_strides",
            "transposed_like_conv", "impossible_sizes_not_rejected"} <= ids
    for m in ex.mistakes:
        for lang in ("de", "en"):
            assert m.diagnosis.get(lang), (m.id, lang)
            assert m.hint.get(lang), (m.id, lang)


# --- the reference ---------------------------------------------------------------------

def test_reference_reproduces_public_values(ex):
    for case in ex.public_cases():
        got = reference_outcome(ex, case)
        if case.raises:
            assert isinstance(got, Raised) and isinstance(got.exc, ValueError), case.name
        else:
            assert not isinstance(got, Raised), (case.name, got)
            assert same(got, case.expected, case.check), (case.name, got, case.expected)
            assert type(got) is type(case.expected), case.name  # ints stay ints, tuples stay tuples


def test_hidden_cases_are_well_formed(ex, hidden):
    for seed, cases in hidden.items():
        assert len({c.name for c in cases}) == len(cases)
        assert {c.function for c in cases} == set(FUNCTIONS)
        for case in cases:
            got = reference_outcome(ex, case)
            if case.raises:
                assert isinstance(got, Raised) and isinstance(got.exc, ValueError), (seed, case.name, got)
            else:
                assert not isinstance(got, Raised), (seed, case.name, got)
                leaves = got if isinstance(got, tuple) else (got,)
                assert all(type(v) is int and v >= 0 for v in leaves), (seed, case.name, got)
        assert ex.hidden_cases(seed) == cases  # deterministic per seed


# --- agreement with torch ---------------------------------------------------------------

IMPOSSIBLE = "impossible"


def torch_size(make_layer, shape):
    """The spatial output sizes torch's layer produces on a tiny zero tensor, or IMPOSSIBLE.

    torch raises RuntimeError for what the contract calls impossible, except that a
    transposed convolution whose size formula gives exactly 0 returns an empty tensor;
    the contract rejects every size < 1, so an empty output counts as impossible too.
    """
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        try:
            out = make_layer()(torch.zeros(shape))
        except RuntimeError:
            return IMPOSSIBLE
    return IMPOSSIBLE if 0 in out.shape else tuple(out.shape)


def reference_size(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except ValueError:
        return IMPOSSIBLE


def torch_1d(function, args, kwargs):
    """torch's answer for a call of one of the one-axis functions, on an n x n input."""
    names = list(inspect.signature(getattr(load_exercise("conv_shapes").reference, function)).parameters)
    p = dict(zip(names, args)) | kwargs
    n = p["n"]
    if function == "conv_output_size":
        layer = lambda: nn.Conv2d(1, 1, p["k"], p.get("stride", 1), p.get("padding", 0), p.get("dilation", 1), bias=False)
    elif function == "pool_output_size":
        layer = lambda: nn.MaxPool2d(p["k"], p.get("stride"), p.get("padding", 0))
    else:
        layer = lambda: nn.ConvTranspose2d(1, 1, p["k"], p.get("stride", 1), p.get("padding", 0), p.get("output_padding", 0),
                                           bias=False, dilation=p.get("dilation", 1))
    if n < 1:
        return IMPOSSIBLE
    got = torch_size(layer, (1, 1, n, n))
    if got == IMPOSSIBLE:
        return got
    assert got[2] == got[3]
    return got[2]


def test_reference_agrees_with_torch_on_a_grid(ex):
    ref = ex.reference
    checked = 0
    for n, k, p, s, d in itertools.product([1, 2, 3, 4, 5, 7, 8, 11, 16], [1, 2, 3, 4, 5], [0, 1, 2, 3], [1, 2, 3], [1, 2, 3]):
        x = (1, 1, n, n)
        conv = torch_size(lambda: skip_init(nn.Conv2d, 1, 1, k, s, p, d, bias=False), x)
        assert reference_size(ref.conv_output_size, n, k, p, s, d) == (conv if conv == IMPOSSIBLE else conv[2]), (n, k, p, s, d)
        for op in range(4):
            tconv = torch_size(lambda: skip_init(nn.ConvTranspose2d, 1, 1, k, s, p, op, bias=False, dilation=d), x)
            assert reference_size(ref.transposed_conv_output_size, n, k, p, s, d, op) == \
                (tconv if tconv == IMPOSSIBLE else tconv[2]), (n, k, p, s, d, op)
        if d == 1:
            for stride in (None, s):
                pool = torch_size(lambda: nn.MaxPool2d(k, stride, p), x)
                assert reference_size(ref.pool_output_size, n, k, stride, p) == (pool if pool == IMPOSSIBLE else pool[2]), \
                    (n, k, stride, p)
        checked += 1
    assert checked > 1000


def test_conv2d_output_shape_agrees_with_torch(ex):
    rng = np.random.default_rng(0)
    for _ in range(300):
        N, C, F = (int(v) for v in rng.integers(1, 4, size=3))
        H, W = (int(v) for v in rng.integers(1, 24, size=2))
        k, p, s, d = int(rng.integers(1, 6)), int(rng.integers(0, 3)), int(rng.integers(1, 4)), int(rng.integers(1, 4))
        got = torch_size(lambda: nn.Conv2d(C, F, k, s, p, d), (N, C, H, W))
        assert reference_size(ex.reference.conv2d_output_shape, (N, C, H, W), F, k, p, s, d) == got, (N, C, H, W, F, k, p, s, d)


def test_conv_param_count_agrees_with_torch(ex):
    for cin, cout, k, bias in itertools.product([1, 3, 8], [1, 2, 16], [1, 3, (3, 5), (2, 1), [1, 7]], [True, False]):
        layer = nn.Conv2d(cin, cout, tuple(k) if isinstance(k, list) else k, bias=bias)
        assert ex.reference.conv_param_count(cin, cout, k, bias) == sum(t.numel() for t in layer.parameters())


def torch_receptive_field(layers):
    """The receptive field measured with autograd: the span of inputs that reach output unit 0."""
    net = nn.Sequential(*[nn.Conv1d(1, 1, k, s, dilation=d, bias=False) for k, s, d in layers])
    for conv in net:
        nn.init.ones_(conv.weight)  # positive weights: no gradient cancels
    length = 1
    for k, s, d in reversed(layers):
        length = (length - 1) * s + d * (k - 1) + 1
    x = torch.zeros(1, 1, length + 5, dtype=torch.float64, requires_grad=True)
    net.double()(x)[0, 0, 0].backward()
    hit = torch.nonzero(x.grad[0, 0]).flatten()
    return int(hit.max() - hit.min() + 1)


def test_reference_agrees_with_torch_on_hidden_cases(ex, hidden):
    """Every hidden size case of every seed, including the impossible ones, is checked against torch."""
    counted = 0
    for seed, cases in hidden.items():
        for case in cases:
            ref = reference_size(getattr(ex.reference, case.function), *case.args, **case.kwargs)
            if case.function in ("conv_output_size", "pool_output_size", "transposed_conv_output_size"):
                want = torch_1d(case.function, case.args, case.kwargs)
            elif case.function == "conv2d_output_shape":
                names = ["input_shape", "out_channels", "k", "padding", "stride", "dilation"]
                p = {"padding": 0, "stride": 1, "dilation": 1} | dict(zip(names, case.args)) | case.kwargs
                N, C, H, W = p["input_shape"]
                want = torch_size(lambda: nn.Conv2d(C, p["out_channels"], p["k"], p["stride"], p["padding"], p["dilation"]),
                                  (N, C, H, W))
            elif case.function == "receptive_field" and not case.raises:
                want = torch_receptive_field([tuple(layer) for layer in case.args[0]])
            else:
                continue
            assert ref == want, (seed, case.name, case.args, case.kwargs, ref, want)
            counted += 1
    assert counted > 30 * len(SEEDS)


# --- known mistakes --------------------------------------------------------------------

def test_every_mistake_is_caught_on_every_seed(ex, hidden):
    assert len(ex.mistakes) >= 9
    for mistake in ex.mistakes:
        variant = ex.variant(mistake.id)
        for seed, cases in hidden.items():
            caught = [case.name for case in cases
                      if not graded_ok(outcome(variant[case.function], case), case, reference_outcome(ex, case))]
            assert caught, f"mistake {mistake.id} passes every hidden case for seed {seed}"


def test_every_mistake_differs_from_the_reference(ex, hidden):
    """The variant's outcome (a value or raising) differs from the reference's on some hidden case."""
    for mistake in ex.mistakes:
        variant = ex.variant(mistake.id)
        for seed, cases in hidden.items():
            assert any(not same(outcome(variant[c.function], c), reference_outcome(ex, c), c.check) for c in cases), \
                (mistake.id, seed)


# --- alternative correct solutions ------------------------------------------------------

@pytest.mark.parametrize("path", ALTERNATIVES, ids=[p.stem for p in ALTERNATIVES])
def test_alternatives_agree_with_the_reference(ex, hidden, path):
    module = load_submission(path)
    cases = ex.public_cases() + [c for seed in SEEDS for c in hidden[seed]]
    for case in cases:
        expected = case.expected if case.has_literal_expected else reference_outcome(ex, case)
        got = outcome(getattr(module, case.function), case)
        assert graded_ok(got, case, expected), (path.stem, case.name, case.args, case.kwargs, got, expected)


def test_alternatives_are_self_contained():
    allowed = {"numpy", "torch", "math", "fractions", "functools", "itertools", "operator", "numbers"}
    assert len(ALTERNATIVES) >= 2
    for path in ALTERNATIVES:
        source = path.read_text()
        for line in source.splitlines():
            if line.startswith(("import ", "from ")):
                assert line.split()[1].split(".")[0] in allowed, (path.name, line)
