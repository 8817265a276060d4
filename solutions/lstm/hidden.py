"""Hidden cases for the LSTM exercise, generated from the per-submission seed.

Every generator keeps the inputs where the known mistakes show: weights drawn from a
continuous distribution (so [h, x] and [x, h] and every gate order give different results),
biases away from 0 (so a forgotten bias shows), H != D, non-zero initial states h0 and c0
(so a state that is not carried over shows), and n != T (so Hs stacked as (T, n, H) has the
wrong shape). The saturated cases use weights of standard deviation 10: most gates are 0 or
1 to float precision and the cell state grows by up to 1 per step.
"""
import numpy as np

from dlgrade.i18n import Catalog
from dlgrade.spec import Case, Check, PerfCase

from .reference import lstm_forward

TEXTS = Catalog.beside(__file__)
GATES = ("f", "i", "C", "o")

# h lies in (-1, 1), c grows by at most 1 per step: the values are of order 1 to T. A correct
# answer in float32 (a torch submission) differs from the float64 reference by at most about
# 2e-6 (300 seeds, every case but the saturated sequence below); every known mistake, where it
# shows, by 2e-3 or more.
STATES = Check(rtol=1e-4, atol=1e-5)
# Saturated gates over several steps: weights of standard deviation 10 amplify float32 rounding
# where a pre-activation happens to lie near 0, and the recurrence carries it on. Over 400 seeds a
# float32 answer was off by up to 2.6e-5 * (1 + |value|); every known mistake by 0.1 or more.
SATURATED_SEQUENCE = Check(rtol=1e-3, atol=1e-3)
# params are copies and sums of the given numbers: exact in float64, rounded to about 6e-8
# relative by a float32 answer.
PARAMS = Check(rtol=1e-5, atol=1e-6)


def away_from_zero(rng, size, lo, hi):
    """Uniform magnitudes in [lo, hi] with random signs."""
    return rng.uniform(lo, hi, size=size) * rng.choice([-1.0, 1.0], size=size)


def lstm_params(rng, H, D, weight_std=None):
    """The lecture's params: W_* (H, H + D) normal, b_* (H,) away from 0.

    By default the weights have standard deviation 1.5 / sqrt(H + D): pre-activations of order 1,
    gates spread over (0, 1). With weight_std=10 the gates saturate.
    """
    std = 1.5 / np.sqrt(H + D) if weight_std is None else weight_std
    params = {"W_" + g: rng.normal(scale=std, size=(H, H + D)) for g in GATES}
    params.update({"b_" + g: away_from_zero(rng, H, 0.3, 1.2) for g in GATES})
    return params


def state(rng, n, H):
    """h in (-0.9, 0.9) (it is o * tanh(c)), c of order 1."""
    return rng.uniform(-0.9, 0.9, size=(n, H)), away_from_zero(rng, (n, H), 0.2, 2.0)


def torch_tensors(rng, H, D, float32=False):
    """torch.nn.LSTM's layer-0 tensors as plain arrays: weight_ih (4H, D), weight_hh (4H, H), two biases (4H,)."""
    arrays = (rng.normal(scale=0.5, size=(4 * H, D)), rng.normal(scale=0.5, size=(4 * H, H)),
              away_from_zero(rng, 4 * H, 0.2, 1.0), away_from_zero(rng, 4 * H, 0.2, 1.0))
    if float32:  # exactly representable in float32, so the harness's float32 Parameters hold the same numbers
        arrays = tuple(a.astype(np.float32).astype(np.float64) for a in arrays)
    return arrays


# --- params_from_torch against a real torch.nn.LSTM, in the trusted parent ---------------

def largest_gap(a, b):
    """The largest absolute difference, nan counted as infinitely far."""
    gap = np.abs(np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64))
    return float(np.max(np.where(np.isnan(gap), np.inf, gap), initial=0.0))


def like_torch_lstm(actual, expected, case):
    """The student's params, run through the lecture's equations, must compute what torch.nn.LSTM
    computes with the same four tensors, and equal the expected params.

    Types, keys and shapes were checked by the engine before; this runs in the parent on plain data.
    """
    import torch

    weight_ih, weight_hh, bias_ih, bias_hh = (np.asarray(a, dtype=np.float64) for a in case.args[:4])
    H, D = weight_hh.shape[1], weight_ih.shape[1]
    params = {k: np.asarray(v, dtype=np.float64) for k, v in actual.items()}
    worst = max(expected, key=lambda k: largest_gap(params[k], expected[k]))

    lstm = torch.nn.LSTM(D, H, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        for name, value in zip(("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"),
                               (weight_ih, weight_hh, bias_ih, bias_hh)):
            getattr(lstm, name).copy_(torch.from_numpy(value))
    rng = np.random.default_rng(80)
    X, h0, c0 = rng.normal(size=(3, 4, D)), rng.uniform(-0.9, 0.9, size=(3, H)), rng.normal(size=(3, H))
    with torch.no_grad():
        out, _ = lstm(torch.from_numpy(X), (torch.from_numpy(h0)[None], torch.from_numpy(c0)[None]))
    with np.errstate(all="ignore"):
        Hs, _, _ = lstm_forward(X, h0, c0, params)
    if not np.allclose(Hs, out.numpy(), rtol=STATES.rtol, atol=STATES.atol):
        return TEXTS("messages.not_like_torch", max_abs=largest_gap(Hs, out.numpy()), name=worst)
    for name in sorted(expected, key=lambda k: -largest_gap(params[k], expected[k])):
        bad = ~np.isclose(params[name], expected[name], rtol=case.check.rtol, atol=case.check.atol)
        if bad.any():
            return TEXTS("messages.params_differ", name=name, count=int(bad.sum()), total=int(bad.size),
                         max_abs=largest_gap(params[name], expected[name]))
    return None


LIKE_TORCH = Check(rtol=PARAMS.rtol, atol=PARAMS.atol, custom=like_torch_lstm)


def cases(rng):
    out = []

    # --- lstm_cell: one step, eqs. 80-88 ---
    n, H, D = int(rng.integers(4, 8)), 3, int(rng.choice([5, 6]))
    out.append(Case("lstm_cell", (rng.normal(size=(n, D)), *state(rng, n, H), lstm_params(rng, H, D)),
                    name="lstm_cell: random batch, more inputs than hidden units (D > H)", check=STATES))
    n, H, D = 3, int(rng.choice([5, 6])), 2
    out.append(Case("lstm_cell", (rng.normal(size=(n, D)), *state(rng, n, H), lstm_params(rng, H, D)),
                    name="lstm_cell: more hidden units than inputs (H > D)", check=STATES))
    H, D = 4, 3
    out.append(Case("lstm_cell", (rng.normal(size=(1, D)), *state(rng, 1, H), lstm_params(rng, H, D)),
                    name="lstm_cell: a batch of one sample", check=STATES))
    n, H, D = 3, 2, 3
    out.append(Case("lstm_cell", (rng.normal(size=(n, D)), np.zeros((n, H)), np.zeros((n, H)), lstm_params(rng, H, D)),
                    name="lstm_cell: zero state, the first step of a sequence", check=STATES))
    n, H, D = 5, 3, 4
    out.append(Case("lstm_cell", (rng.normal(size=(n, D)), *state(rng, n, H), lstm_params(rng, H, D, weight_std=10.0)),
                    name="lstm_cell: saturated gates (large weights)", check=STATES))

    # --- lstm_forward: the loop over time ---
    n, T, H, D = 3, int(rng.integers(5, 8)), 4, 3
    out.append(Case("lstm_forward", (rng.normal(size=(n, T, D)), *state(rng, n, H), lstm_params(rng, H, D)),
                    name="lstm_forward: random batch of sequences", check=STATES))
    n, H, D = 4, 3, 2
    out.append(Case("lstm_forward", (rng.normal(size=(n, 1, D)), *state(rng, n, H), lstm_params(rng, H, D)),
                    name="lstm_forward: sequences of length T = 1", check=STATES))
    T, H, D = int(rng.integers(5, 8)), 2, 4
    out.append(Case("lstm_forward", (rng.normal(size=(1, T, D)), *state(rng, 1, H), lstm_params(rng, H, D)),
                    name="lstm_forward: a batch of one sequence (D > H)", check=STATES))
    n, T, H, D = 3, 8, 3, 2
    out.append(Case("lstm_forward", (rng.normal(size=(n, T, D)), *state(rng, n, H), lstm_params(rng, H, D, weight_std=10.0)),
                    name="lstm_forward: saturated gates (large weights)", check=SATURATED_SEQUENCE))
    n, T, H, D = 2, 25, 5, 3
    out.append(Case("lstm_forward", (rng.normal(size=(n, T, D)), np.zeros((n, H)), np.zeros((n, H)), lstm_params(rng, H, D)),
                    name="lstm_forward: zero initial state, a longer sequence", check=STATES))

    # --- params_from_torch: checked against torch.nn.LSTM itself ---
    out.append(Case("params_from_torch", torch_tensors(rng, 3, 2), check=LIKE_TORCH,
                    name="params_from_torch: numpy arrays, H = 3, D = 2"))
    out.append(Case("params_from_torch", torch_tensors(rng, 1, 3), check=LIKE_TORCH,
                    name="params_from_torch: numpy arrays, one hidden unit (H = 1)"))
    out.append(Case("params_from_torch", (*torch_tensors(rng, 2, 4), "float64"), harness="lstm_parameters", check=LIKE_TORCH,
                    name="params_from_torch: float64 Parameters of a torch.nn.LSTM that require grad"))
    out.append(Case("params_from_torch", (*torch_tensors(rng, 4, 3, float32=True), "float32"), harness="lstm_parameters",
                    check=LIKE_TORCH, name="params_from_torch: float32 Parameters of a default torch.nn.LSTM"))
    return out


# --- speed ----------------------------------------------------------------------------------

def timed_batch(rng, device):
    """2048 sequences of 10 steps with H = D = 4: the per-sample work is small, so a loop over
    samples pays Python's overhead 2048 times per step. The reference takes about 5-10 ms on one
    CPU thread; vectorised answers (torch in float32, one stacked matrix, einsum, a logaddexp
    sigmoid with precomputed input projections) 0.8-2.5 times that; a loop over samples and time
    20-40 times (22 with the input projections of each sample precomputed, 35 with one stacked
    matrix per step), and more for a loop that calls a general lstm_cell per sample."""
    n, T, H, D = 2048, 10, 4, 4
    X = rng.normal(size=(n, T, D))
    h0, c0 = state(rng, n, H)
    return (X, h0, c0, lstm_params(rng, H, D)), {}


PERF = [
    PerfCase("lstm_forward", timed_batch, name="lstm_forward: speed on 2048 sequences of length 10",
             points=2.0, cpu_budget=10.0, cuda_budget=10.0, repetitions=7, check=STATES),
]
