"""What is specific to the activations exercise: the reference against torch's autograd, finite
differences and high-precision arithmetic, the lecture's values, shapes, names, stability, and the
tolerance decision (the lecture's formulas and float32 answers pass, the known mistakes do not)."""
import inspect
import warnings

import numpy as np
import pytest
from helpers import case_passes, load_module

from dlgrade.catalog import load_exercise

EX = load_exercise("activations")
REF = EX.reference
NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "swish", "softplus")
SEEDS = range(8)


def f(name, z):
    return REF.activation(name, np.asarray(z, dtype=float))


def df(name, z):
    return REF.activation_grad(name, np.asarray(z, dtype=float))


def test_stub_signatures_equal_the_reference():
    stub = load_module(EX.stub_path, "activations_stub")
    for name in EX.functions:
        assert inspect.signature(getattr(stub, name)) == inspect.signature(getattr(REF, name)), name


# ---------------------------------------------------------------- the reference is right


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_torch_autograd(name):
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    torch_f = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu,
               "leaky_relu": lambda t: F.leaky_relu(t, 0.01), "swish": F.silu,
               "softplus": lambda t: F.softplus(t, threshold=700.0)}[name]
    rng = np.random.default_rng(1)
    z = np.concatenate([rng.normal(scale=4.0, size=200), [0.0, -30.0, 30.0, -745.0, 745.0, -1000.0, 1000.0]])
    t = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    value = torch_f(t)
    (grad,) = torch.autograd.grad(value.sum(), t)
    np.testing.assert_allclose(f(name, z), value.detach().numpy(), rtol=1e-12, atol=1e-300)
    # torch's backward uses s (1 - s) and 1 - t^2, which lose relative precision in the tails
    np.testing.assert_allclose(df(name, z), grad.numpy(), rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_central_differences(name):
    rng = np.random.default_rng(2)
    z = rng.uniform(-6.0, 6.0, size=300)
    z = z[np.abs(z) > 1e-3]  # relu and leaky relu have a kink at 0
    h = 1e-6
    numeric = (f(name, z + h) - f(name, z - h)) / (2 * h)
    np.testing.assert_allclose(df(name, z), numeric, rtol=1e-6, atol=1e-8)


def test_values_and_derivatives_to_full_relative_precision():
    """Against 1200-digit arithmetic (enough for 1 + e^-1000), tails included."""
    mp = pytest.importorskip("mpmath")
    mp.mp.dps = 1200
    sig = lambda x: 1 / (1 + mp.e ** (-x))
    exact = {
        "sigmoid": (sig, lambda x: sig(x) * sig(-x)),
        "tanh": (mp.tanh, lambda x: 1 - mp.tanh(x) ** 2),
        "swish": (lambda x: x * sig(x), lambda x: sig(x) + x * sig(x) * sig(-x)),
        "softplus": (lambda x: mp.log(1 + mp.e ** x), sig),
    }
    z = [-1000.0, -745.0, -60.0, -37.5, -3.25, -0.5, 0.0, 0.25, 2.0, 19.0, 40.0, 300.0, 1000.0]
    for name, (fx, dfx) in exact.items():
        for which, ours in ((fx, f(name, z)), (dfx, df(name, z))):
            want = np.array([float(which(mp.mpf(x))) for x in z])
            np.testing.assert_allclose(ours, want, rtol=1e-13, atol=1e-300, err_msg=name)  # subnormals aside


def test_the_lectures_values():
    # sigma'(0) = 1/4 is the maximum (001: sigma' <= 0.25, the vanishing gradient)
    assert df("sigmoid", 0.0) == 0.25
    assert np.max(df("sigmoid", np.linspace(-10, 10, 2001))) == 0.25
    # the case split of 001: ReLU'(x) = 1 for x > 0, 0 for x <= 0; leaky ReLU the same with 0.01
    np.testing.assert_array_equal(df("relu", [-2.0, 0.0, 3.0]), [0.0, 0.0, 1.0])
    np.testing.assert_array_equal(df("leaky_relu", [-2.0, 0.0, 3.0]), [0.01, 0.01, 1.0])
    np.testing.assert_array_equal(f("leaky_relu", [-2.0, 0.0, 3.0]), [-0.02, 0.0, 3.0])
    # tanh' = 1 - tanh^2 (001), swish = z / (1 + e^-z) (004), softplus(0) = log 2, softplus' = sigma
    np.testing.assert_allclose(df("tanh", 1.0), 1 - np.tanh(1.0) ** 2, rtol=1e-15)
    np.testing.assert_allclose(f("swish", [-1.0, 2.0]), np.array([-1.0, 2.0]) / (1 + np.exp([1.0, -2.0])), rtol=1e-15)
    assert f("softplus", 0.0) == np.log(2.0)
    np.testing.assert_array_equal(df("softplus", [-3.0, 0.5, 4.0]), f("sigmoid", [-3.0, 0.5, 4.0]))


def test_public_literals_agree_with_the_reference():
    for case in EX.public_cases():
        assert case_passes(EX, REF, case), case.name
        if case.has_literal_expected:
            got = getattr(REF, case.function)(*case.args)
            np.testing.assert_allclose(got, case.expected, rtol=1e-15, atol=1e-300, err_msg=case.name)


# ---------------------------------------------------------------- shapes, names, stability, inputs


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("shape", [(), (0,), (0, 3), (1,), (4, 0, 2), (2, 3, 4)])
def test_output_has_the_shape_of_z(name, shape):
    z = np.random.default_rng(3).normal(size=shape)
    for fn in (REF.activation, REF.activation_grad):
        out = fn(name, z)
        assert isinstance(out, np.ndarray) and out.shape == shape and out.dtype == np.float64


@pytest.mark.parametrize("name", NAMES)
def test_finite_without_warnings_up_to_1000(name):
    z = np.concatenate([np.linspace(-1000.0, 1000.0, 4001), [-709.8, 709.8, -710.0, 710.0, -745.2, 745.2]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow, not even a warning
        values, grads = f(name, z), df(name, z)
    assert np.isfinite(values).all() and np.isfinite(grads).all()


@pytest.mark.parametrize("bad", ["elu", "softmax", "ReLu ", "", "sigmoid_grad", None, 3])
def test_unknown_name_raises_value_error(bad):
    for z in (np.array([1.0, -1.0]), np.zeros(0), np.zeros((0, 3))):
        for fn in (REF.activation, REF.activation_grad):
            with pytest.raises(ValueError):
                fn(bad, z)


def test_reference_leaves_z_unchanged():
    z = np.array([[-2.0, 0.0, 3.0], [-1000.0, 5.0, -0.5]])
    before = z.copy()
    for name in NAMES:
        REF.activation(name, z)
        REF.activation_grad(name, z)
    np.testing.assert_array_equal(z, before)


def test_in_place_mistake_really_modifies_z():
    """The registered in-place mistake is caught only by the engine's input check; make sure it does modify."""
    z = np.array([-2.0, 0.0, 3.0])
    EX.variant("in_place_masking")["activation"]("relu", z)
    np.testing.assert_array_equal(z, [0.0, 0.0, 3.0])


# ---------------------------------------------------------------- hidden cases and tolerances


def test_hidden_cases_cover_what_the_catalog_demands():
    for seed in SEEDS:
        cases = EX.hidden_cases(seed)
        arrays = [(c.function, c.args[0], np.asarray(c.args[1])) for c in cases]
        for name in NAMES:
            for function in ("activation", "activation_grad"):
                zs = [z for fn, n, z in arrays if fn == function and n == name]
                assert any(np.any(np.abs(z) == 1000.0) and np.any(np.abs(z) > 710.0) for z in zs), (name, function)
                assert any(np.any(z < 0) and np.any(z > 0) for z in zs), (name, function)
        for name in ("relu", "leaky_relu"):
            assert any(fn == "activation_grad" and n == name and np.any(z == 0) for fn, n, z in arrays)
        assert any(z.ndim == 0 for _, _, z in arrays) and any(z.size == 0 for _, _, z in arrays)
        assert any(z.ndim >= 2 and z.size for _, _, z in arrays)
        assert sum(c.raises == "ValueError" for c in cases) >= 3


def test_hidden_inputs_keep_away_from_float32_flush():
    """No input is tiny: float32 keeps every nonzero z nonzero, on the same side of the case split."""
    for seed in SEEDS:
        for case in EX.hidden_cases(seed):
            z = np.asarray(case.args[1])
            nonzero = z[z != 0]
            assert np.all(np.abs(nonzero) >= 0.05), case.name
            np.testing.assert_array_equal(np.sign(z.astype(np.float32)), np.sign(z))


def known(name):
    """`name` itself, after the reference's check (ValueError for an unknown name)."""
    REF.functions(name)
    return name


def lecture_forms():
    """A submission that uses the lecture's textbook derivative forms literally (in float64)."""
    def s(z):
        return 0.5 * (1.0 + np.tanh(0.5 * z))

    grads = {"sigmoid": lambda z: s(z) * (1 - s(z)), "tanh": lambda z: 1 - np.tanh(z) ** 2,
             "relu": lambda z: (z > 0) * 1.0, "leaky_relu": lambda z: np.where(z > 0, 1.0, 0.01),
             "swish": lambda z: s(z) + z * s(z) * (1 - s(z)), "softplus": s}
    return {"activation": REF.activation,
            "activation_grad": lambda name, z: grads[known(name)](np.asarray(z, dtype=float))}


def test_lecture_formulas_pass_where_they_lose_relative_precision():
    z = np.array([-60.0, -40.0, 40.0, 60.0])
    assert np.all(lecture_forms()["activation_grad"]("sigmoid", z) == 0.0)  # sigma'(40) evaluates to 0
    assert np.all(df("sigmoid", z) > 0.0)                                       # the reference is exact
    ns = lecture_forms()
    for seed in SEEDS:
        for case in EX.public_cases() + EX.hidden_cases(seed):
            assert case_passes(EX, ns, case), case.name


def float32_submission():
    torch = pytest.importorskip("torch")
    F = torch.nn.functional

    def activation(name, z):
        t = torch.as_tensor(z, dtype=torch.float32)
        return {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu, "swish": F.silu,
                "leaky_relu": lambda x: F.leaky_relu(x, 0.01), "softplus": F.softplus}[known(name)](t)

    def activation_grad(name, z):
        t = torch.as_tensor(z, dtype=torch.float32)
        s, th = torch.sigmoid(t), torch.tanh(t)
        return {"sigmoid": s * (1 - s), "tanh": 1 - th * th, "relu": (t > 0).float(),
                "leaky_relu": torch.where(t > 0, 1.0, 0.01), "swish": s + t * s * (1 - s),
                "softplus": s}[known(name)]

    return {"activation": activation, "activation_grad": activation_grad}


def test_float32_answers_pass_every_case():
    ns = float32_submission()
    for seed in SEEDS:
        for case in EX.public_cases() + EX.hidden_cases(seed):
            assert case_passes(EX, ns, case), case.name


def test_float32_worst_case_keeps_a_margin_below_the_tolerance():
    """The largest float32 error on a dense grid is well inside atol + rtol |e| (about 7x)."""
    check = EX.public_cases()[0].check
    ns = float32_submission()
    z = np.concatenate([np.linspace(-1000.0, 1000.0, 20001), np.linspace(-30.0, 30.0, 60001)])
    for name in NAMES:
        for fn in ("activation", "activation_grad"):
            got = ns[fn](name, z).double().numpy()
            want = getattr(REF, fn)(name, z)
            slack = check.atol + check.rtol * np.abs(want)
            assert np.max(np.abs(got - want) / slack) < 0.25, (name, fn)


@pytest.mark.parametrize("mistake_id", [m.id for m in EX.mistakes if m.id != "in_place_masking"])
def test_each_mistake_fails_by_far_more_than_the_tolerance(mistake_id):
    """Every known mistake is off by >= 0.01 or non-finite on a case it fails: the tolerance hides none."""
    variant = EX.variant(mistake_id)
    for seed in SEEDS:
        failed = [c for c in EX.public_cases() + EX.hidden_cases(seed) if not case_passes(EX, variant, c)]
        assert failed, seed
        for case in failed:
            if case.raises:
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                got = variant[case.function](*case.args)
            want = getattr(REF, case.function)(*case.args)
            if got is None or np.shape(got) != np.shape(want):
                continue
            err = np.abs(np.asarray(got, dtype=float) - want)
            assert not np.all(np.isfinite(err)) or np.max(err) >= 0.01, (case.name, np.max(err))
