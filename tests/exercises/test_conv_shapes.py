"""The conv_shapes exercise: the reference against torch's layers (sizes, impossible
configurations, parameter counts, receptive fields measured with autograd), the public values, the
hidden cases' promises, the alternatives and the known mistakes over more seeds (in process)."""
import inspect
import itertools
import warnings
from pathlib import Path

import numpy as np
import pytest
from helpers import case_passes, load_module, told_apart

from dlgrade.catalog import load_exercise

torch = pytest.importorskip("torch")
from torch import nn  # noqa: E402
from torch.nn.utils import skip_init  # noqa: E402

EX = load_exercise("conv_shapes")
REF = EX.reference
SEEDS = range(25)
SUBMISSIONS = Path(__file__).resolve().parents[1] / "submissions" / "conv_shapes"
ALTERNATIVES = sorted(SUBMISSIONS.glob("alt_*.py"))
IMPOSSIBLE = "impossible"


def all_cases(seed):
    return EX.public_cases() + EX.hidden_cases(seed)


def reference_size(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except ValueError:
        return IMPOSSIBLE


def torch_size(make_layer, shape, *args, **kwargs):
    """The output shape that the layer `make_layer(*args, **kwargs)` gives a zero tensor, or IMPOSSIBLE.

    torch raises RuntimeError for what the contract calls impossible, except that a transposed
    convolution whose size formula gives exactly 0 returns an empty tensor; the contract rejects
    every size < 1, so an empty output counts as impossible too.
    """
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        try:
            out = make_layer(*args, **kwargs)(torch.zeros(shape))
        except RuntimeError:
            return IMPOSSIBLE
    return IMPOSSIBLE if 0 in out.shape else tuple(out.shape)


def bound(case):
    """The case's arguments by parameter name, defaults included."""
    signature = inspect.signature(getattr(REF, case.function))
    arguments = signature.bind(*case.args, **case.kwargs)
    arguments.apply_defaults()
    return arguments.arguments


def torch_answer(case):
    """torch's answer for a size case (on an n x n input, one axis read off), or None."""
    p = bound(case)
    if case.function == "conv2d_output_shape":
        N, C, H, W = p["input_shape"]
        return torch_size(nn.Conv2d, (N, C, H, W), C, p["out_channels"], p["k"], p["stride"], p["padding"], p["dilation"])
    if case.function == "receptive_field":
        return None if case.raises else torch_receptive_field([tuple(layer) for layer in p["layers"]])
    if case.function == "conv_output_size":
        layer = (nn.Conv2d, 1, 1, p["k"], p["stride"], p["padding"], p["dilation"])
    elif case.function == "pool_output_size":
        layer = (nn.MaxPool2d, p["k"], p["stride"], p["padding"])
    elif case.function == "transposed_conv_output_size":
        layer = (nn.ConvTranspose2d, 1, 1, p["k"], p["stride"], p["padding"], p["output_padding"], 1, False, p["dilation"])
    else:
        return None
    if p["n"] < 1:
        return IMPOSSIBLE
    got = torch_size(layer[0], (1, 1, p["n"], p["n"]), *layer[1:])
    return got if got == IMPOSSIBLE else got[2]


def torch_receptive_field(layers):
    """The span of inputs that reach output unit 0, measured with autograd through positive weights."""
    net = nn.Sequential(*[nn.Conv1d(1, 1, k, s, dilation=d, bias=False) for k, s, d in layers])
    for conv in net:
        nn.init.ones_(conv.weight)
    length = 1
    for k, s, d in reversed(layers):
        length = (length - 1) * s + d * (k - 1) + 1
    x = torch.zeros(1, 1, length + 5, dtype=torch.float64, requires_grad=True)
    net.double()(x)[0, 0, 0].backward()
    hit = torch.nonzero(x.grad[0, 0]).flatten()
    return int(hit.max() - hit.min() + 1)


# --- the exercise's files ---------------------------------------------------------------------


def test_stub_statements_and_exact_comparison():
    stub = load_module(EX.stub_path, "conv_shapes_stub")
    for name in EX.functions:
        fn = getattr(stub, name)
        assert fn.__doc__ and inspect.signature(fn) == inspect.signature(getattr(REF, name)), name
        with pytest.raises(NotImplementedError):
            fn(*[1] * len([p for p in inspect.signature(fn).parameters.values() if p.default is p.empty]))
    for lang in ("de", "en"):
        text = EX.statement(lang)
        assert "\\left\\lfloor" in text and "ValueError" in text and "output_padding" in text and "`int(a / s)`" in text
    for case in all_cases(0):
        assert case.check.rtol == 0 and case.check.atol == 0, case.name  # sizes are compared exactly


def test_german_statement_says_du():
    text = EX.statement("de")
    assert "Implementiere" in text and not any(f" {word} " in text for word in ("Sie", "Ihnen", "Ihr"))


# --- the reference against torch ----------------------------------------------------------------


def test_reference_agrees_with_torch_on_a_grid():
    """One axis at a time, with torch's 1-d layers (the 2-d ones apply the same rule per axis)."""
    checked = 0
    for n, k, p, s, d in itertools.product([1, 2, 3, 4, 5, 7, 8, 11, 16], [1, 2, 3, 4, 5], [0, 1, 2, 3], [1, 2, 3], [1, 2, 3]):
        x = (1, 1, n)
        conv = torch_size(skip_init, x, nn.Conv1d, 1, 1, k, s, p, d, bias=False)
        assert reference_size(REF.conv_output_size, n, k, p, s, d) == (conv if conv == IMPOSSIBLE else conv[2]), (n, k, p, s, d)
        for op in range(4):
            tconv = torch_size(skip_init, x, nn.ConvTranspose1d, 1, 1, k, s, p, op, bias=False, dilation=d)
            assert reference_size(REF.transposed_conv_output_size, n, k, p, s, d, op) == \
                (tconv if tconv == IMPOSSIBLE else tconv[2]), (n, k, p, s, d, op)
        if d == 1:
            for stride in (None, s):
                pool = torch_size(nn.MaxPool1d, x, k, stride, p)
                assert reference_size(REF.pool_output_size, n, k, stride, p) == (pool if pool == IMPOSSIBLE else pool[2]), \
                    (n, k, stride, p)
        checked += 1
    assert checked > 1000


def test_conv2d_output_shape_and_param_count_agree_with_torch():
    rng = np.random.default_rng(0)
    for _ in range(300):
        N, C, F = (int(v) for v in rng.integers(1, 4, size=3))
        H, W = (int(v) for v in rng.integers(1, 24, size=2))
        k, p, s, d = int(rng.integers(1, 6)), int(rng.integers(0, 3)), int(rng.integers(1, 4)), int(rng.integers(1, 4))
        got = torch_size(nn.Conv2d, (N, C, H, W), C, F, k, s, p, d)
        assert reference_size(REF.conv2d_output_shape, (N, C, H, W), F, k, p, s, d) == got
    for cin, cout, k, bias in itertools.product([1, 3, 8], [1, 2, 16], [1, 3, (3, 5), (2, 1), [1, 7]], [True, False]):
        layer = nn.Conv2d(cin, cout, tuple(k) if isinstance(k, list) else k, bias=bias)
        assert REF.conv_param_count(cin, cout, k, bias) == sum(t.numel() for t in layer.parameters())


def test_every_case_agrees_with_torch():
    """Every public and hidden size case of every seed, impossible ones included."""
    counted = 0
    for seed in SEEDS:
        for case in all_cases(seed):
            want = torch_answer(case)
            if want is None:
                continue
            assert reference_size(getattr(REF, case.function), *case.args, **case.kwargs) == want, (seed, case.name)
            expected = IMPOSSIBLE if case.raises else case.expected if case.has_literal_expected else want
            assert expected == want, (seed, case.name)
            counted += 1
    assert counted > 30 * len(SEEDS)


# --- public and hidden cases ---------------------------------------------------------------------


def test_public_values_keep_their_types():
    for case in EX.public_cases():
        assert case.has_literal_expected or case.raises, case.name
        if not case.raises:
            assert type(getattr(REF, case.function)(*case.args, **case.kwargs)) is type(case.expected), case.name


def test_pooling_boundary_and_truncation_cases_are_where_they_claim():
    """2p = k is allowed (public and hidden); a kernel that overhangs the padded input by less than
    one stride is impossible, though int() truncation would give 1 (public and hidden)."""
    boundary = [c for c in EX.public_cases() if c.name.startswith("pool_output_size: padding exactly half")]
    assert len(boundary) == 1 and 2 * bound(boundary[0])["padding"] == bound(boundary[0])["k"]
    for seed in SEEDS:
        cases = {c.name: c for c in all_cases(seed)}
        pool = bound(cases["pool_output_size: padding exactly half of an even window"])
        assert 2 * pool["padding"] == pool["k"]
        for name in ("conv_output_size: the kernel sticks out by less than one stride, floor(-1/2) + 1 = 0",
                     "conv_output_size: the kernel sticks out of the padded input by less than one stride"):
            p = bound(cases[name])
            numerator = p["n"] + 2 * p["padding"] - p["dilation"] * (p["k"] - 1) - 1
            assert -p["stride"] < numerator < 0 and p["n"] >= 1 and cases[name].raises == "ValueError", (seed, name)


def test_hidden_cases_are_well_formed_and_deterministic():
    for seed in SEEDS:
        cases = EX.hidden_cases(seed)
        assert {c.function for c in cases} == set(EX.functions)
        for case in cases:
            got = reference_size(getattr(REF, case.function), *case.args, **case.kwargs)
            if case.raises:
                assert got == IMPOSSIBLE, (seed, case.name)
            else:
                leaves = got if isinstance(got, tuple) else (got,)
                assert all(type(v) is int and v >= 0 for v in leaves), (seed, case.name, got)
        assert EX.hidden_cases(seed) == cases


# --- alternatives and known mistakes ------------------------------------------------------------


@pytest.mark.parametrize("path", ALTERNATIVES, ids=lambda p: p.stem)
def test_alternatives_pass_every_case(path):
    module = load_module(path, f"conv_shapes_{path.stem}")
    for seed in SEEDS:
        failed = [c.name for c in all_cases(seed) if not case_passes(EX, module, c)]
        assert failed == [], f"{path.stem}, seed {seed}"


@pytest.mark.parametrize("mistake_id", [m.id for m in EX.mistakes])
def test_known_mistake_loses_points_on_every_seed(mistake_id):
    variant = EX.variant(mistake_id)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for seed in SEEDS:
            assert not all(case_passes(EX, variant, c) for c in all_cases(seed)), f"seed {seed}"


def test_int_truncation_differs_from_floor_only_on_negative_numerators():
    variant = EX.variant("int_truncates_toward_zero")["conv_output_size"]
    for n, k, p, s, d in itertools.product(range(1, 12), range(1, 6), range(3), range(1, 4), range(1, 3)):
        numerator = n + 2 * p - d * (k - 1) - 1
        differs = reference_size(variant, n, k, p, s, d) != reference_size(REF.conv_output_size, n, k, p, s, d)
        assert differs == (-s < numerator < 0), (n, k, p, s, d)


def test_known_mistakes_are_told_apart_from_each_other():
    cases = all_cases(0)
    ids = [m.id for m in EX.mistakes]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for i, first in enumerate(ids):
            for second in ids[i + 1:]:
                assert told_apart(EX, EX.variant(first), EX.variant(second), cases), (first, second)
