"""The lstm exercise: the reference against torch.nn.LSTM and torch.nn.LSTMCell, the worked
examples by hand, params_from_torch on real Parameters, the stub's signatures, the alternatives."""
import inspect
import math
from pathlib import Path

import numpy as np
import pytest
import torch
from helpers import SUBMISSIONS, case_passes, load_module

from dlgrade.catalog import load_exercise

ALTERNATIVES = sorted((SUBMISSIONS / "lstm").glob("alt_*.py"))
TORCH_NAMES = ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")


@pytest.fixture(scope="module")
def ex():
    return load_exercise("lstm")


@pytest.fixture(scope="module")
def ref(ex):
    return ex.reference


def random_lstm(D, H, seed, dtype=torch.float64):
    """A torch.nn.LSTM(D, H) with random weights and two non-zero random biases."""
    torch.manual_seed(seed)
    lstm = torch.nn.LSTM(D, H, batch_first=True, dtype=dtype)
    with torch.no_grad():
        for p in lstm.parameters():
            p.uniform_(-1.0, 1.0)
    return lstm


def lecture_to_torch(params):
    """The inverse of params_from_torch, written independently: torch's stacking i, f, g, o,
    W_hh from the first H columns, the whole bias in bias_ih and zeros in bias_hh."""
    H = params["b_f"].shape[0]
    rows = [np.asarray(params[k], dtype=float) for k in ("W_i", "W_f", "W_C", "W_o")]
    weight_hh = np.vstack([W[:, :H] for W in rows])
    weight_ih = np.vstack([W[:, H:] for W in rows])
    bias = np.concatenate([params[k] for k in ("b_i", "b_f", "b_C", "b_o")])
    return weight_ih, weight_hh, bias, np.zeros_like(bias)


def torch_lstm_of(params):
    weight_ih, weight_hh, bias_ih, bias_hh = lecture_to_torch(params)
    lstm = torch.nn.LSTM(weight_ih.shape[1], weight_hh.shape[1], batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        for name, value in zip(TORCH_NAMES, (weight_ih, weight_hh, bias_ih, bias_hh)):
            getattr(lstm, name).copy_(torch.from_numpy(value))
    return lstm


def run_torch(lstm, X, h0, c0):
    with torch.no_grad():
        out, (h_n, c_n) = lstm(torch.from_numpy(X), (torch.from_numpy(h0)[None], torch.from_numpy(c0)[None]))
    return out.numpy(), h_n[0].numpy(), c_n[0].numpy()


def random_params(rng, H, D, std=1.0):
    params = {"W_" + g: rng.normal(scale=std, size=(H, H + D)) for g in "fiCo"}
    params.update({"b_" + g: rng.normal(size=H) for g in "fiCo"})
    return params


# --- content -------------------------------------------------------------------------

def test_layout_stub_and_forbidden(ex, ref):
    assert ex.functions == ["lstm_cell", "lstm_forward", "params_from_torch"]
    assert ex.needs_torch
    for name in ("lstm_cell", "lstm_forward"):
        assert {"torch.nn.LSTM", "torch.nn.LSTMCell", "torch.lstm*"} <= set(ex.forbidden[name])
    assert "params_from_torch" not in ex.forbidden and "*" not in ex.forbidden
    stub = load_module(ex.stub_path, "lstm_stub")
    rng = np.random.default_rng(0)
    params = random_params(rng, 2, 3)
    args = {"lstm_cell": (np.ones((1, 3)), np.ones((1, 2)), np.ones((1, 2)), params),
            "lstm_forward": (np.ones((1, 2, 3)), np.ones((1, 2)), np.ones((1, 2)), params),
            "params_from_torch": (np.ones((8, 3)), np.ones((8, 2)), np.ones(8), np.ones(8))}
    for name in ex.functions:
        fn = getattr(stub, name)
        assert inspect.signature(fn) == inspect.signature(getattr(ref, name)), name
        assert fn.__doc__ and "shape" in fn.__doc__, name
        with pytest.raises(NotImplementedError):
            fn(*args[name])
    german = ex.texts.table("docstrings")
    assert set(german) == set(ex.functions)


def test_statements_carry_the_conventions(ex):
    for lang, number in (("de", "0{,}764990"), ("en", "0.764990")):
        text = ex.statement(lang)
        for needle in ("[h_{t-1}, x_t]", "i, f, g, o", "b_{ii} + b_{hi}", "(80)", "(88)", "batch_first=True",
                       "torch.nn.LSTMCell", "torch.lstm*", ".detach()", number):
            assert needle in text, (lang, needle)
    assert "## Nicht erlaubt" in ex.statement("de") and "## Not allowed" in ex.statement("en")


def test_worked_example_by_hand(ref):
    """The statement's step: f = 3/4, i = 1/2, C~ = 4/5, c = 1.9, o = 4/5, h = 4/5 tanh(1.9);
    and the three steps of memory c = 0.8, 0.8, 0.4."""
    ln3, ln4 = math.log(3.0), math.log(4.0)
    p = {"W_f": [[2 * ln3, 0.0]], "W_i": [[0.0, 0.0]], "W_C": [[0.0, ln3]], "W_o": [[0.0, 0.0]],
         "b_f": [0.0], "b_i": [0.0], "b_C": [0.0], "b_o": [ln4]}
    p = {k: np.array(v) for k, v in p.items()}
    h, c = ref.lstm_cell(np.array([[1.0]]), np.array([[0.5]]), np.array([[2.0]]), p)
    assert c[0, 0] == pytest.approx(0.75 * 2 + 0.5 * 0.8, abs=1e-14)
    assert h[0, 0] == pytest.approx(0.8 * math.tanh(1.9), abs=1e-14)
    # [x, h] instead of [h, x] would give c = 0.9 * 2 + 0.5 * 0.5 = 2.05
    q = {k: np.zeros((1, 2)) if k.startswith("W") else np.zeros(1) for k in p}
    q["W_C"] = np.array([[0.0, 1.0]])
    X = np.array([[[math.log(2.0)], [math.log(3.0)], [0.0]]])
    Hs, h_T, c_T = ref.lstm_forward(X, np.zeros((1, 1)), np.ones((1, 1)), q)
    np.testing.assert_allclose(Hs[0, :, 0], 0.5 * np.tanh([0.8, 0.8, 0.4]), rtol=0, atol=1e-14)
    assert c_T[0, 0] == pytest.approx(0.4, abs=1e-14) and h_T[0, 0] == Hs[0, -1, 0]


def test_public_cases_have_literal_values_that_torch_confirms(ex, ref):
    cases = ex.public_cases()
    assert {c.function for c in cases} == set(ex.functions)
    for case in cases:
        assert case.has_literal_expected, case.name
        assert case_passes(ex, ref, case), case.name
        if case.function == "lstm_forward":
            X, h0, c0, params = case.args
            for got, want in zip(run_torch(torch_lstm_of(params), X, h0, c0), case.expected):
                np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)
        if case.function == "lstm_cell":
            x, h0, c0, params = case.args
            _, h, c = run_torch(torch_lstm_of(params), x[:, None, :], h0, c0)
            np.testing.assert_allclose(h, case.expected[0], rtol=1e-12, atol=1e-12)
            np.testing.assert_allclose(c, case.expected[1], rtol=1e-12, atol=1e-12)


CONFIGS = [(1, 1, 1, 1), (1, 3, 2, 5), (4, 1, 5, 2), (3, 6, 3, 3), (5, 4, 1, 7), (2, 9, 6, 2)]  # (n, T, D, H)


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: "n{}-T{}-D{}-H{}".format(*c))
@pytest.mark.parametrize("std", [1.0, 10.0], ids=["normal", "saturated"])
def test_reference_equals_torch_lstm(ref, config, std):
    n, T, D, H = config
    rng = np.random.default_rng(sum(config) + int(std))
    params = random_params(rng, H, D, std)
    X, h0, c0 = rng.normal(size=(n, T, D)), rng.uniform(-1, 1, size=(n, H)), rng.normal(size=(n, H))
    got = ref.lstm_forward(X, h0, c0, params)
    assert [g.shape for g in got] == [(n, T, H), (n, H), (n, H)]
    for g, w in zip(got, run_torch(torch_lstm_of(params), X, h0, c0)):
        np.testing.assert_allclose(g, w, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: "n{}-T{}-D{}-H{}".format(*c))
def test_reference_cell_equals_torch_lstm_cell(ref, config):
    n, _, D, H = config
    rng = np.random.default_rng(100 + sum(config))
    params = random_params(rng, H, D)
    x, h0, c0 = rng.normal(size=(n, D)), rng.uniform(-1, 1, size=(n, H)), rng.normal(size=(n, H))
    weight_ih, weight_hh, bias_ih, bias_hh = lecture_to_torch(params)
    cell = torch.nn.LSTMCell(D, H, dtype=torch.float64)
    with torch.no_grad():
        for name, value in zip(("weight_ih", "weight_hh", "bias_ih", "bias_hh"), (weight_ih, weight_hh, bias_ih, bias_hh)):
            getattr(cell, name).copy_(torch.from_numpy(value))
        h, c = cell(torch.from_numpy(x), (torch.from_numpy(h0), torch.from_numpy(c0)))
    got_h, got_c = ref.lstm_cell(x, h0, c0, params)
    np.testing.assert_allclose(got_h, h.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(got_c, c.numpy(), rtol=1e-12, atol=1e-12)


def test_reference_does_not_modify_its_inputs(ref):
    rng = np.random.default_rng(5)
    params = random_params(rng, 3, 2)
    X, h0, c0 = rng.normal(size=(2, 4, 2)), rng.normal(size=(2, 3)), rng.normal(size=(2, 3))
    copies = [a.copy() for a in (X, h0, c0)] + [{k: v.copy() for k, v in params.items()}]
    ref.lstm_forward(X, h0, c0, params)
    ref.lstm_cell(X[:, 0], h0, c0, params)
    for a, b in zip((X, h0, c0), copies):
        np.testing.assert_array_equal(a, b)
    for k in params:
        np.testing.assert_array_equal(params[k], copies[3][k])


@pytest.mark.parametrize("D, H", [(1, 1), (3, 2), (2, 5)])
@pytest.mark.parametrize("kind", ["numpy", "tensor", "float32 Parameter", "float64 Parameter"])
def test_params_from_torch_runs_like_the_module(ref, D, H, kind):
    """The statement's own check: the converted params in the lecture's equations give torch's output."""
    lstm = random_lstm(D, H, seed=D * 10 + H, dtype=torch.float32 if kind == "float32 Parameter" else torch.float64)
    tensors = [getattr(lstm, name) for name in TORCH_NAMES]
    assert all(t.requires_grad for t in tensors)
    if kind == "numpy":
        tensors = [t.detach().numpy() for t in tensors]
    elif kind == "tensor":
        tensors = [t.detach().clone() for t in tensors]
    params = ref.params_from_torch(*tensors)
    assert sorted(params) == sorted(["W_f", "W_i", "W_C", "W_o", "b_f", "b_i", "b_C", "b_o"])
    assert all(params["W_" + g].shape == (H, H + D) and params["b_" + g].shape == (H,) for g in "fiCo")
    lstm = lstm.double()
    rng = np.random.default_rng(0)
    X, h0, c0 = rng.normal(size=(3, 5, D)), rng.uniform(-1, 1, size=(3, H)), rng.normal(size=(3, H))
    for g, w in zip(ref.lstm_forward(X, h0, c0, params), run_torch(lstm, X, h0, c0)):
        np.testing.assert_allclose(g, w, rtol=1e-12, atol=1e-12)


def test_params_from_torch_check_accepts_the_reference_and_rejects_a_swap(ex, ref):
    """The hidden cases' custom check builds a real torch.nn.LSTM in the parent."""
    case = next(c for c in ex.hidden_cases(3) if c.function == "params_from_torch" and c.check.custom)
    right = ref.params_from_torch(*case.args[:4])
    assert case.check.custom(right, right, case) is None
    wrong = dict(right, W_i=right["W_f"], W_f=right["W_i"])
    message = case.check.custom(wrong, right, case)
    assert message and "torch.nn.LSTM" in message["en"] and "torch.nn.LSTM" in message["de"]


def test_statement_snippet_runs(ref):
    D, H = 3, 2
    lstm = torch.nn.LSTM(D, H, batch_first=True, dtype=torch.float64)
    rng = np.random.default_rng(1)
    X, h0, c0 = rng.normal(size=(4, 6, D)), rng.normal(size=(4, H)), rng.normal(size=(4, H))
    params = ref.params_from_torch(lstm.weight_ih_l0, lstm.weight_hh_l0, lstm.bias_ih_l0, lstm.bias_hh_l0)
    out, (h_n, c_n) = lstm(torch.from_numpy(X), (torch.from_numpy(h0)[None], torch.from_numpy(c0)[None]))
    Hs, h_T, c_T = ref.lstm_forward(X, h0, c0, params)
    np.testing.assert_allclose(Hs, out.detach().numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(h_T, h_n[0].detach().numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(c_T, c_n[0].detach().numpy(), rtol=1e-12, atol=1e-12)


def test_hidden_cases_keep_the_mistakes_visible(ex):
    """n != T everywhere (time-major Hs must have the wrong shape), H != D somewhere, non-zero
    initial states where the loop is checked, and a T = 1 and an n = 1 case."""
    for seed in range(20):
        cases = ex.hidden_cases(seed)
        forward = [c for c in cases if c.function == "lstm_forward"]
        assert all(c.args[0].shape[0] != c.args[0].shape[1] for c in forward)
        assert any(c.args[0].shape[1] == 1 for c in forward) and any(c.args[0].shape[0] == 1 for c in forward)
        assert any(np.all(c.args[2] != 0) and c.args[0].shape[1] > 1 for c in forward)
        cells = [c for c in cases if c.function == "lstm_cell"]
        assert any(c.args[0].shape[1] > c.args[1].shape[1] for c in cells)
        assert any(c.args[0].shape[1] < c.args[1].shape[1] for c in cells)
        assert any(c.harness == "lstm_parameters" for c in cases)


@pytest.mark.parametrize("path", ALTERNATIVES + [SUBMISSIONS / "lstm" / "perf_sample_loop.py"], ids=lambda p: p.stem)
def test_alternatives_pass_every_case(ex, path):
    """The alternatives (and the slow per-sample loop used for the timed case) are correct."""
    module = load_module(Path(path), f"lstm_{path.stem}")
    for seed in range(3):
        failed = [c.name for c in ex.public_cases() + ex.hidden_cases(seed) if not case_passes(ex, module, c)]
        assert failed == [], seed


def test_timed_inputs_are_fresh_and_sized(ex, ref):
    (perf,) = ex.perf_cases()
    rng = np.random.default_rng(0)
    (X1, *_), _ = perf.make_inputs(rng, "cpu")
    (X2, h0, c0, params), _ = perf.make_inputs(rng, "cpu")
    assert X1.shape == X2.shape and X1.shape[0] >= 1000 and not np.array_equal(X1, X2)
    assert len(ref.lstm_forward(X2, h0, c0, params)) == 3
