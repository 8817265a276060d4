"""Hidden cases for backprop, generated from the per-submission seed.

Every network has layer sizes that differ from each other and from the batch size, so a
missing or extra transpose changes a shape (or the values) and cannot pass. Every batch of
more than one sample has n >= 3 samples and k >= 2 outputs, so that a missing factor 2 (1/2),
a mean over the samples (1/n) and a mean over all entries (1/(n k)) are three different
answers. Weights are drawn so that every pre-activation stays in [-3, 3], away from sigmoid
saturation, where sigma' is large enough for gradient checks and for telling the known
mistakes apart.
"""
import numpy as np

from dlgrade.exercises.backprop.public import FLOAT32
from dlgrade.i18n import Catalog
from dlgrade.spec import Case, Check

TEXTS = Catalog.beside(__file__)

MAX_PREACTIVATION = 3.0


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def loss(X, Y, W1, b1, W2, b2):
    """L = sum over samples and outputs of (A2 - Y)**2, written out independently of the reference."""
    A1 = _sigmoid(X @ W1.T + b1)
    A2 = _sigmoid(A1 @ W2.T + b2)
    return float(np.sum((A2 - Y) ** 2))


def numerical_gradients(X, Y, W1, b1, W2, b2, eps=1e-5):
    """Central differences (L(p + eps) - L(p - eps)) / (2 eps) for every parameter entry, float64."""
    params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    params = {key: np.array(value, dtype=np.float64) for key, value in params.items()}
    X, Y = np.asarray(X, dtype=np.float64), np.asarray(Y, dtype=np.float64)
    grads = {}
    for key, p in params.items():
        g = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            old = p[idx]
            p[idx] = old + eps
            plus = loss(X, Y, **params)
            p[idx] = old - eps
            minus = loss(X, Y, **params)
            p[idx] = old
            g[idx] = (plus - minus) / (2 * eps)
        grads[key] = g
    return grads


# Below the floor the check is an absolute one (tolerance * floor = 1e-5, the FLOAT32 atol): a
# correct float32 answer is off by up to about 2e-7 in absolute terms, central differences with
# eps = 1e-5 by about 2e-10, so entries that are nearly zero must not turn that into a large
# relative error.
GRADCHECK_FLOOR = 1e-2


def relative_error(a, b, floor=GRADCHECK_FLOOR):
    """CS231n-style |a - b| / max(|a| + |b|, floor), elementwise."""
    return np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), floor)


# The reference stays below about 1.3e-6 and a correct float32 answer below about 1e-4 (measured
# over 200 seeds); the known mistakes are off by 0.3 or more (a factor 1/n with n >= 3, a sign, a
# missing factor 2 or sigma'), so 1e-3 separates them with a wide margin on both sides.
GRADCHECK_TOLERANCE = 1e-3


def finite_difference_check(actual, expected, case):
    """Custom check (runs in the trusted parent): compare the submitted gradients with
    central finite differences of the loss, ignoring the reference's `expected`."""
    X, Y, W1, b1, W2, b2 = case.args
    numeric = numerical_gradients(X, Y, W1, b1, W2, b2)
    if not isinstance(actual, dict):
        return TEXTS("messages.not_a_dict")
    for key, num in numeric.items():
        if key not in actual:
            return TEXTS("messages.key_missing", key=key)
        try:
            got = np.asarray(actual[key], dtype=np.float64)
        except (TypeError, ValueError):
            return TEXTS("messages.not_numeric", key=key)
        if got.shape != num.shape:
            return TEXTS("messages.wrong_shape", key=key, actual=got.shape, expected=num.shape)
        if not np.all(np.isfinite(got)):
            return TEXTS("messages.not_finite", key=key)
        err = relative_error(got, num)
        worst = float(err.max()) if err.size else 0.0
        if worst > GRADCHECK_TOLERANCE:
            where = tuple(int(i) for i in np.unravel_index(int(err.argmax()), err.shape))
            return TEXTS("messages.gradcheck", key=key, worst=worst, where=where, allowed=GRADCHECK_TOLERANCE)
    return None


# rtol/atol are those of FLOAT32: the diagnosis compares an answer with a mistake's by them.
GRADCHECK = Check(rtol=FLOAT32.rtol, atol=FLOAT32.atol, custom=finite_difference_check)


def network(rng, n, d, h, k):
    """Random float64 data and parameters whose pre-activations all lie in [-3, 3]."""
    while True:
        X = rng.uniform(-1.5, 1.5, size=(n, d))
        W1 = rng.normal(0.0, 1.5 / np.sqrt(d), size=(h, d))
        b1 = rng.uniform(-0.5, 0.5, size=h)
        W2 = rng.normal(0.0, 2.0 / np.sqrt(h), size=(k, h))
        b2 = rng.uniform(-0.5, 0.5, size=k)
        Z1 = X @ W1.T + b1
        Z2 = _sigmoid(Z1) @ W2.T + b2
        if np.abs(Z1).max() <= MAX_PREACTIVATION and np.abs(Z2).max() <= MAX_PREACTIVATION:
            Y = rng.uniform(0.0, 1.0, size=(n, k))
            return X, Y, W1, b1, W2, b2


def distinct_sizes(rng, pool, count):
    return [int(s) for s in rng.choice(pool, size=count, replace=False)]


def batch_and_layers(rng, pool, count=4):
    """Distinct sizes (n, d, h, k) from `pool`, with n >= 3 and k >= 2 (see the docstring above)."""
    while True:
        sizes = distinct_sizes(rng, pool, count)
        if sizes[0] >= 3 and sizes[-1] >= 2:
            return sizes


def all_functions(rng, n, d, h, k, what):
    """One case per function on one network; the delta cases get consistent Z, A pairs.

    `what` describes the network; it is the stable part of the case names (titles: texts.*.toml).
    """
    X, Y, W1, b1, W2, b2 = network(rng, n, d, h, k)
    Z1 = X @ W1.T + b1
    A1 = _sigmoid(Z1)
    Z2 = A1 @ W2.T + b2
    A2 = _sigmoid(Z2)
    D2 = rng.normal(0.0, 0.5, size=(n, k))  # hidden_delta gets output deltas of its own
    return [
        Case("forward", (X, W1, b1, W2, b2), check=FLOAT32, name=f"forward: {what}"),
        Case("output_delta", (Z2, A2, Y), check=FLOAT32, name=f"output_delta: {what}"),
        Case("hidden_delta", (D2, W2, Z1, A1), check=FLOAT32, name=f"hidden_delta: {what}"),
        Case("gradients", (X, Y, W1, b1, W2, b2), check=FLOAT32, name=f"gradients: {what}"),
    ]


def cases(rng):
    out = []
    n, d, h, k = batch_and_layers(rng, np.arange(2, 9))
    out += all_functions(rng, n, d, h, k, "non-square layers, batch size differs from every layer size")

    d, h, k = distinct_sizes(rng, np.arange(2, 8), 3)
    out += all_functions(rng, 1, d, h, k, "a batch of one sample")

    n, d, h, k = distinct_sizes(rng, np.array([3, 5, 7, 9]), 4)
    out += all_functions(rng, n, d, h, k, "odd layer sizes")

    # A single output unit with 0/1 targets, as in a binary classifier.
    n, d, h = distinct_sizes(rng, np.arange(3, 9), 3)
    X, _, W1, b1, W2, b2 = network(rng, n, d, h, 1)
    Y = rng.integers(0, 2, size=(n, 1)).astype(np.float64)
    out.append(Case("gradients", (X, Y, W1, b1, W2, b2), check=FLOAT32, name="gradients: one output unit, targets 0 and 1"))

    # Gradient checks against central finite differences of the loss.
    n, d, h, k = batch_and_layers(rng, np.arange(2, 8))
    out.append(Case("gradients", network(rng, n, d, h, k), check=GRADCHECK, points=2.0,
                    name="gradients: gradient check against finite differences of the loss"))
    d, h, k = distinct_sizes(rng, np.arange(2, 7), 3)
    out.append(Case("gradients", network(rng, 1, d, h, k), check=GRADCHECK,
                    name="gradients: gradient check, a batch of one sample"))
    return out
