"""Hidden cases for the activations, generated from the per-submission seed.

Every activation and both functions get ordinary inputs (both signs always present) and
inputs of |z| up to 1000, where e^|z| overflows in float64 (above 709.78); ReLU and leaky ReLU
get exact zeros (the case split at 0). No input is subnormal or tiny: float32 (a torch answer)
would flush it to 0 and land on the other side of the case split.
"""
import numpy as np

from dlgrade.spec import Case, Check

NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "swish", "softplus")
FUNCTIONS = ("activation", "activation_grad")
# Names the lecture mentions that are not part of this exercise (notes 002: hard tanh, softmax;
# 001/004: the step function), plus a few common ones and the empty string.
UNKNOWN = ("elu", "gelu", "selu", "softmax", "step", "heaviside", "hard_tanh", "prelu", "relu6", "linear", "")

# Why not the defaults (rtol 1e-6, atol 1e-9): a correct float32 answer (torch) is off by up to
# about 1.4e-7 in absolute terms in 1 - tanh(z)^2 and sigma(1 - sigma), and the lecture's forms
# lose all relative precision where the derivative is tiny (sigma'(40) evaluates to 0, not 4e-18).
# Every known mistake is off by at least 0.01 somewhere on each case it targets, or gives inf/nan.
CHECK = Check(rtol=1e-5, atol=1e-6)


def signed(rng, size, lo, hi):
    """Magnitudes uniform in [lo, hi] with random signs."""
    return rng.uniform(lo, hi, size=size) * rng.choice([-1.0, 1.0], size=size)


def random_shape(rng):
    """A 1-d, 2-d or 3-d shape with at least 6 entries."""
    return [(int(rng.integers(6, 12)),),
            (int(rng.integers(2, 5)), int(rng.integers(3, 6))),
            (2, int(rng.integers(2, 4)), int(rng.integers(2, 4)))][int(rng.integers(3))]


def ordinary(rng):
    """Moderate z of a random shape, at least one negative and one positive entry."""
    shape = random_shape(rng)
    z = signed(rng, shape, 0.05, 6.0).ravel()
    z[0], z[1] = -abs(z[0]), abs(z[1])
    return rng.permutation(z).reshape(shape)


def wide(rng):
    """A (2, 5) array: +-1000, +-|z| beyond exp's overflow (710..1000), +-30..100 and +-0.5..5."""
    z = np.concatenate([[1000.0, -1000.0], rng.uniform(710.0, 1000.0, 1), -rng.uniform(710.0, 1000.0, 1),
                        signed(rng, 1, 710.0, 1000.0), rng.uniform(30.0, 100.0, 1), -rng.uniform(30.0, 100.0, 1),
                        signed(rng, 3, 0.5, 5.0)])
    return rng.permutation(z).reshape(2, 5)


def with_zeros(rng):
    """Exact zeros (about a third) among positive and negative z."""
    n = int(rng.integers(7, 13))
    z = signed(rng, n, 0.1, 5.0)
    z[0], z[1], z[2] = 0.0, -abs(z[1]), abs(z[2])
    z[rng.random(n) < 0.3] = 0.0
    return rng.permutation(z)


def cases(rng):
    out = []
    for name in NAMES:
        for function in FUNCTIONS:
            out.append(Case(function, (name, ordinary(rng)), check=CHECK, name=f"{function}: {name}, random z"))
            out.append(Case(function, (name, wide(rng)), check=CHECK,
                            name=f"{function}: {name}, |z| up to 1000 (e^|z| overflows in float64)"))
    for name in ("relu", "leaky_relu"):
        for function in FUNCTIONS:
            out.append(Case(function, (name, with_zeros(rng)), check=CHECK,
                            name=f"{function}: {name}, exact zeros among positive and negative z"))
        out.append(Case("activation_grad", (name, np.array(0.0)), check=CHECK,
                        name=f"activation_grad: {name}, a 0-d array at 0"))

    out += [
        Case("activation", (str(rng.choice(NAMES)), np.array(float(signed(rng, 1, 0.2, 4.0)[0]))), check=CHECK,
             name="activation: a 0-d array"),
        Case("activation_grad", (str(rng.choice(NAMES)), np.array(float(signed(rng, 1, 0.2, 4.0)[0]))), check=CHECK,
             name="activation_grad: a 0-d array"),
        Case("activation_grad", (str(rng.choice(NAMES)), signed(rng, 1, 0.2, 4.0)), check=CHECK,
             name="activation_grad: an array of one element"),
        Case("activation", (str(rng.choice(NAMES)), np.zeros(0)), check=CHECK,
             name="activation: an empty array of shape (0,)"),
        Case("activation_grad", (str(rng.choice(NAMES)), np.zeros((int(rng.integers(1, 4)), 0))), check=CHECK,
             name="activation_grad: an empty 2-d array"),
    ]

    unknown = rng.choice(UNKNOWN, size=3, replace=False)
    out += [
        Case("activation", (str(unknown[0]), ordinary(rng)), raises="ValueError",
             name="activation: an unknown name raises ValueError"),
        Case("activation_grad", (str(unknown[1]), ordinary(rng)), raises="ValueError",
             name="activation_grad: an unknown name raises ValueError"),
        Case(str(rng.choice(FUNCTIONS)), (str(unknown[2]), np.zeros((0, 3))), raises="ValueError",
             name="an unknown name with an empty z raises ValueError"),
    ]
    return out
