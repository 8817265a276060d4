"""Hidden cases for batchnorm, generated from the per-submission seed.

Every batch has n != d (a statistic over the wrong axis then changes a shape or the values),
gamma is away from 0 and from +-1 and beta away from 0 (so a missing gamma or a swapped role
shows), and every feature has its own mean and scale. Cases where eps must matter use
variances of about 1e-6 to 3e-5, comparable to eps = 1e-5, or an eps of 0.1 passed as an
argument; elsewhere the variances are of order 1.

Tolerances: a correct answer computed in float32 (torch's default) must pass, so no case
uses the engine's default rtol of 1e-6. What float32 costs was measured over 300 seeds with
tests/submissions/batchnorm/alt_torch_float32.py, a numpy float32 version of the reference and a
float32 version of alt_fused_numpy.py (Y = a X + b): the worst of them uses 0.6 of a case's
tolerance (the textbook forms at most 0.4). On every seed (100 tried), every known mistake but
the in-place one (which only the engine's check of the arguments catches) exceeds the tolerance
of some case by a factor of 1000 or more.
"""
import numpy as np

from dlgrade.i18n import Catalog
from dlgrade.spec import Case, Check

TEXTS = Catalog.beside(__file__)

# Outputs of order 1 (gamma X_hat + beta, running statistics, gradients of order 1/std):
# float32 is off by up to ~2e-6 relative, ~3e-7 absolute near 0.
STANDARD = Check(rtol=1e-4, atol=1e-5)
# Features with means of 100 to 1000 and standard deviations of 1 to 10: X - mean cancels,
# and float32 rounds the input itself to ~3e-5, so X_hat is off by up to ~1e-4.
LARGE_MEANS = Check(rtol=2e-3, atol=5e-4)
# Standard deviations of 1e-3 to 5e-3 and means below 0.1: X_hat is off by up to ~1e-5 in
# float32 (the input's rounding divided by a standard deviation of ~3e-3 or more).
SMALL_VARIANCES = Check(rtol=1e-4, atol=1e-4)
# The same data in batchnorm_backward: dX is of order gamma / std (up to ~1e3) and float32 is off
# by up to ~3e-4 absolute there, also in entries near 0.
SMALL_VARIANCES_GRADIENTS = Check(rtol=1e-4, atol=3e-3)
# A feature with variance 0 (n = 1, a constant feature): its output is beta exactly, but it is
# computed through 1/sqrt(eps) ~ 316, which multiplies float32 rounding; a float32 answer that
# folds gamma / sqrt(var + eps) and beta - mean * gamma / sqrt(var + eps) into one affine map
# a X + b cancels to ~3e-4 there. The known mistakes give NaN or are off by more than 0.05.
ZERO_VARIANCE = Check(rtol=1e-4, atol=1e-3)
# dY the same for every sample: dX is exactly 0, and float32 leaves up to ~4e-5 of rounding
# (dY - mean(dY) is not exactly 0 in float32), scaled by gamma / std.
ZERO_GRADIENT = Check(rtol=1e-4, atol=5e-4)


def signed(rng, size, lo, hi):
    """Uniform magnitudes in [lo, hi] with random signs."""
    return rng.uniform(lo, hi, size=size) * rng.choice([-1.0, 1.0], size=size)


def affine(rng, d):
    """gamma with |gamma| in [0.5, 2] and away from 1, beta with |beta| in [0.2, 1.5]."""
    gamma = signed(rng, d, 0.5, 2.0)
    gamma[np.abs(np.abs(gamma) - 1.0) < 0.1] *= 1.5
    return gamma, signed(rng, d, 0.2, 1.5)


def features(rng, n, d, means=(-3.0, 3.0), stds=(0.5, 3.0)):
    """X (n, d): column j has its own mean and standard deviation."""
    mu = rng.uniform(*means, size=d)
    sd = rng.uniform(*stds, size=d)
    return mu + sd * rng.normal(size=(n, d))


def two_samples(rng, d):
    """X (2, d) whose two rows differ by 0.5 to 3 in every feature: two samples that nearly
    coincide make the variance comparable to eps, where float32 loses digits."""
    first = rng.uniform(-3.0, 3.0, size=d)
    return np.stack([first, first + signed(rng, d, 0.5, 3.0)])


def with_constant_feature(rng, X):
    """X with one column set to a constant that float32 sums exactly (0 as from a dead ReLU
    unit, or another short binary fraction), so that X - mean is exactly 0 in float32 too:
    otherwise its rounding, divided by sqrt(eps), would be what a float32 answer gets wrong."""
    X = X.copy()
    X[:, int(rng.integers(X.shape[1]))] = float(rng.choice([0.0, 0.5, 1.0, -1.5, 2.0]))
    return X


def sizes(rng, n_choices, d_choices):
    """A batch size n and a feature count d that differ."""
    while True:
        n, d = int(rng.choice(n_choices)), int(rng.choice(d_choices))
        if n != d:
            return n, d


def upstream(rng, n, d):
    """dY: the gradient of some loss with respect to the output Y."""
    return rng.normal(size=(n, d))


def images(rng, N, C, H, W, means=(-3.0, 3.0), stds=(0.5, 3.0)):
    """X (N, C, H, W): channel c has its own mean and standard deviation."""
    mu = rng.uniform(*means, size=(1, C, 1, 1))
    sd = rng.uniform(*stds, size=(1, C, 1, 1))
    return mu + sd * rng.normal(size=(N, C, H, W))


# --- the gradient check (runs in the trusted parent) ---------------------------------------


def forward(X, gamma, beta, eps):
    """Y = gamma (X - mean) / sqrt(var + eps) + beta, written out independently of the reference."""
    n = X.shape[0]
    mean = np.sum(X, axis=0) / n
    centred = X - mean
    var = np.sum(centred * centred, axis=0) / n
    return gamma * centred / np.sqrt(var + eps) + beta


def numerical_gradients(dY, X, gamma, eps, step=1e-5):
    """Central differences of L = sum(dY * Y(X, gamma, beta)) for every entry of X, gamma and
    beta, float64. (beta does not change the gradients; it is 0 here.)"""
    dY, X, gamma = (np.array(a, dtype=np.float64) for a in (dY, X, gamma))
    params = {"X": X, "gamma": gamma, "beta": np.zeros_like(gamma)}

    def loss():
        return float(np.sum(dY * forward(params["X"], params["gamma"], params["beta"], eps)))

    grads = {}
    for key, p in params.items():
        g = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            old = p[idx]
            p[idx] = old + step
            plus = loss()
            p[idx] = old - step
            minus = loss()
            p[idx] = old
            g[idx] = (plus - minus) / (2 * step)
        grads[key] = g
    return grads["X"], grads["gamma"], grads["beta"]


# Entries are compared with |actual - numerical| <= GRADCHECK_TOLERANCE * (|numerical| + scale),
# scale being the largest |numerical| entry of that gradient but at least GRADCHECK_FLOOR: the
# inputs (dY, gamma, X) of the gradient-check cases are of order 1, and an entry far below the
# floor is 0 up to rounding (dX with n = 2, where X_hat = +-1 barely depends on X).
# Measured over 200 seeds, in units of this error measure: central differences (step 1e-5,
# float64) are off by < 4e-7; float32 answers by < 4e-6 where the gradients are of order 1 and by
# up to 7e-5 in the near-zero dX of n = 2. The known mistakes are off by 1.7e-2 or more in the
# first and the third gradient check (eps outside the root: by 3.8e-3 or more, in the third).
GRADCHECK_TOLERANCE = 1e-3
GRADCHECK_FLOOR = 0.1
GRADIENT_NAMES = ("dX", "dgamma", "dbeta")


def finite_difference_check(actual, expected, case):
    """Custom check: the submitted (dX, dgamma, dbeta) against central finite differences of
    the loss sum(dY * Y), ignoring the reference's `expected`."""
    dY, X, gamma = case.args[:3]
    eps = case.kwargs.get("eps", case.args[3] if len(case.args) > 3 else 1e-5)
    numeric = numerical_gradients(dY, X, gamma, eps)
    if not isinstance(actual, (tuple, list)) or len(actual) != 3:
        return TEXTS("messages.not_three_gradients")
    for name, got, num in zip(GRADIENT_NAMES, actual, numeric):
        try:
            got = np.asarray(got, dtype=np.float64)
        except (TypeError, ValueError):
            return TEXTS("messages.not_numeric", name=name)
        if got.shape != num.shape:
            return TEXTS("messages.wrong_shape", name=name, actual=got.shape, expected=num.shape)
        if not np.all(np.isfinite(got)):
            return TEXTS("messages.not_finite", name=name)
        scale = max(float(np.abs(num).max()), GRADCHECK_FLOOR)
        err = np.abs(got - num) / (np.abs(num) + scale)
        worst = float(err.max())
        if worst > GRADCHECK_TOLERANCE:
            where = tuple(int(i) for i in np.unravel_index(int(err.argmax()), err.shape))
            return TEXTS("messages.gradcheck", name=name, worst=worst, where=where, allowed=GRADCHECK_TOLERANCE)
    return None


# rtol/atol are used only to match a wrong answer with a known mistake (the diagnosis).
GRADCHECK = Check(rtol=1e-4, atol=1e-5, custom=finite_difference_check)


# --- the cases ---------------------------------------------------------------------------------


def forward_cases(rng):
    out = []
    n, d = sizes(rng, np.arange(5, 13), np.arange(3, 8))
    out.append(Case("batchnorm_forward", (features(rng, n, d), *affine(rng, d)), check=STANDARD,
                    name="batchnorm_forward: random batch, n differs from d"))
    d = int(rng.integers(3, 7))
    out.append(Case("batchnorm_forward", (features(rng, 1, d), *affine(rng, d)), check=ZERO_VARIANCE,
                    name="batchnorm_forward: a batch of one sample"))
    d = int(rng.integers(3, 7))
    out.append(Case("batchnorm_forward", (two_samples(rng, d), *affine(rng, d)), check=STANDARD,
                    name="batchnorm_forward: a batch of two samples"))
    n, d = sizes(rng, np.arange(6, 13), np.arange(3, 6))
    out.append(Case("batchnorm_forward", (features(rng, n, d, (-0.1, 0.1), (1e-3, 5e-3)), *affine(rng, d)),
                    check=SMALL_VARIANCES, name="batchnorm_forward: small variances, where eps matters"))
    n, d = sizes(rng, np.arange(4, 10), np.arange(2, 6))
    out.append(Case("batchnorm_forward", (features(rng, n, d, stds=(0.3, 1.0)), *affine(rng, d)), {"eps": 0.1},
                    check=STANDARD, name="batchnorm_forward: a larger eps passed as an argument"))
    n, d = sizes(rng, np.arange(6, 13), np.arange(3, 6))
    out.append(Case("batchnorm_forward", (features(rng, n, d, (100.0, 1000.0), (1.0, 10.0)), *affine(rng, d)),
                    check=LARGE_MEANS, name="batchnorm_forward: features with large means (100 to 1000)"))
    n, d = sizes(rng, np.arange(4, 9), np.arange(3, 6))
    out.append(Case("batchnorm_forward", (with_constant_feature(rng, features(rng, n, d)), *affine(rng, d)),
                    check=ZERO_VARIANCE,
                    name="batchnorm_forward: a constant feature (variance 0)"))
    n = int(rng.integers(4, 9))
    out.append(Case("batchnorm_forward", (features(rng, n, 1), *affine(rng, 1)), check=STANDARD,
                    name="batchnorm_forward: a single feature (d = 1)"))
    return out


def backward_cases(rng):
    out = []
    n, d = sizes(rng, np.arange(5, 11), np.arange(3, 7))
    out.append(Case("batchnorm_backward", (upstream(rng, n, d), features(rng, n, d), affine(rng, d)[0]),
                    check=STANDARD, name="batchnorm_backward: random batch, n differs from d"))
    n, d = sizes(rng, np.arange(4, 8), np.arange(2, 5))
    out.append(Case("batchnorm_backward", (upstream(rng, n, d), features(rng, n, d), affine(rng, d)[0]),
                    check=GRADCHECK, points=2.0,
                    name="batchnorm_backward: gradient check against finite differences of the loss"))
    d = int(rng.integers(3, 6))
    out.append(Case("batchnorm_backward", (upstream(rng, 2, d), two_samples(rng, d), affine(rng, d)[0]),
                    check=GRADCHECK, name="batchnorm_backward: gradient check, a batch of two samples"))
    n, d = sizes(rng, np.arange(3, 7), np.arange(2, 5))
    out.append(Case("batchnorm_backward", (upstream(rng, n, d), features(rng, n, d, stds=(0.3, 1.0)), affine(rng, d)[0]),
                    {"eps": 0.1}, check=GRADCHECK,
                    name="batchnorm_backward: gradient check with a larger eps passed as an argument"))
    d = int(rng.integers(3, 7))
    out.append(Case("batchnorm_backward", (upstream(rng, 1, d), features(rng, 1, d), affine(rng, d)[0]),
                    check=STANDARD, name="batchnorm_backward: a batch of one sample (dX = 0)"))
    n, d = sizes(rng, np.arange(4, 9), np.arange(2, 6))
    dY = np.repeat(rng.normal(size=(1, d)), n, axis=0)
    out.append(Case("batchnorm_backward", (dY, features(rng, n, d), affine(rng, d)[0]), check=ZERO_GRADIENT,
                    name="batchnorm_backward: dY the same for every sample (dX = 0)"))
    n, d = sizes(rng, np.arange(6, 13), np.arange(3, 6))
    out.append(Case("batchnorm_backward", (upstream(rng, n, d), features(rng, n, d, (-0.1, 0.1), (1e-3, 5e-3)),
                                           affine(rng, d)[0]),
                    check=SMALL_VARIANCES_GRADIENTS, name="batchnorm_backward: small variances, where eps matters"))
    n, d = sizes(rng, np.arange(4, 9), np.arange(3, 6))
    X = with_constant_feature(rng, features(rng, n, d))
    out.append(Case("batchnorm_backward", (upstream(rng, n, d), X, affine(rng, d)[0]), check=ZERO_VARIANCE,
                    name="batchnorm_backward: a constant feature (variance 0)"))
    n, d = sizes(rng, np.arange(6, 13), np.arange(3, 6))
    out.append(Case("batchnorm_backward", (upstream(rng, n, d), features(rng, n, d, (100.0, 1000.0), (1.0, 10.0)),
                                           affine(rng, d)[0]),
                    check=LARGE_MEANS, name="batchnorm_backward: features with large means (100 to 1000)"))
    return out


def forward2d_cases(rng):
    out = []
    N, C, H, W = (int(s) for s in rng.choice(np.arange(2, 7), size=4, replace=False))
    out.append(Case("batchnorm2d_forward", (images(rng, N, C, H, W), *affine(rng, C)), check=STANDARD,
                    name="batchnorm2d_forward: random input, N, C, H, W all different"))
    C, H, W = (int(s) for s in rng.choice(np.arange(2, 6), size=3, replace=False))
    out.append(Case("batchnorm2d_forward", (images(rng, 1, C, H, W), *affine(rng, C)), check=STANDARD,
                    name="batchnorm2d_forward: a batch of one image (N = 1)"))
    N, C = (int(s) for s in rng.choice(np.arange(2, 8), size=2, replace=False))
    out.append(Case("batchnorm2d_forward", (images(rng, N, C, 1, 1), *affine(rng, C)), check=STANDARD,
                    name="batchnorm2d_forward: 1x1 feature maps (H = W = 1)"))
    N, C, H, W = int(rng.integers(2, 4)), int(rng.integers(3, 5)), int(rng.integers(3, 6)), int(rng.integers(3, 6))
    out.append(Case("batchnorm2d_forward", (images(rng, N, C, H, W, (-10.0, 10.0), (0.5, 5.0)), *affine(rng, C)),
                    check=STANDARD, name="batchnorm2d_forward: channels with very different means and scales"))
    N, H, W = int(rng.integers(2, 5)), int(rng.integers(2, 6)), int(rng.integers(2, 6))
    out.append(Case("batchnorm2d_forward", (images(rng, N, 1, H, W), *affine(rng, 1)), check=STANDARD,
                    name="batchnorm2d_forward: a single channel (C = 1)"))
    N, C, H, W = int(rng.integers(2, 4)), int(rng.integers(2, 5)), int(rng.integers(2, 5)), int(rng.integers(2, 5))
    out.append(Case("batchnorm2d_forward", (images(rng, N, C, H, W, stds=(0.3, 1.0)), *affine(rng, C)), {"eps": 0.1},
                    check=STANDARD, name="batchnorm2d_forward: a larger eps passed as an argument"))
    out.append(Case("batchnorm2d_forward", (images(rng, 4, 3, 8, 8), *affine(rng, 3)), check=STANDARD,
                    name="batchnorm2d_forward: a larger input (4 x 3 x 8 x 8)"))
    return out


def running_stats(rng, d):
    """Running statistics from earlier batches: a mean and a positive variance per feature."""
    return rng.uniform(-2.0, 2.0, size=d), rng.uniform(0.3, 4.0, size=d)


def running_stats_cases(rng):
    out = []
    n, d = sizes(rng, np.arange(4, 13), np.arange(2, 7))
    out.append(Case("update_running_stats", (*running_stats(rng, d), features(rng, n, d)), check=STANDARD,
                    name="update_running_stats: random batch, default momentum"))
    d = int(rng.integers(3, 7))
    out.append(Case("update_running_stats", (*running_stats(rng, d), features(rng, 2, d)), check=STANDARD,
                    name="update_running_stats: a batch of two samples"))
    n, d = sizes(rng, np.arange(3, 9), np.arange(2, 6))
    out.append(Case("update_running_stats", (*running_stats(rng, d), features(rng, n, d)), {"momentum": 1.0},
                    check=STANDARD, name="update_running_stats: momentum = 1 (only the batch counts)"))
    n, d = sizes(rng, np.arange(3, 9), np.arange(2, 6))
    out.append(Case("update_running_stats", (*running_stats(rng, d), features(rng, n, d)), {"momentum": 0.0},
                    check=STANDARD, name="update_running_stats: momentum = 0 (the running statistics stay)"))
    n, d = sizes(rng, np.arange(3, 9), np.arange(2, 6))
    out.append(Case("update_running_stats", (*running_stats(rng, d), features(rng, n, d), float(rng.uniform(0.02, 0.3))),
                    check=STANDARD, name="update_running_stats: another momentum, passed by position"))
    n = int(rng.integers(3, 9))
    out.append(Case("update_running_stats", (*running_stats(rng, 1), features(rng, n, 1)), check=STANDARD,
                    name="update_running_stats: a single feature (d = 1)"))
    return out


def inference_cases(rng):
    out = []
    n, d = sizes(rng, np.arange(3, 10), np.arange(2, 7))
    out.append(Case("batchnorm_inference", (features(rng, n, d), *affine(rng, d), *running_stats(rng, d)),
                    check=STANDARD, name="batchnorm_inference: running statistics that differ from the batch's"))
    d = int(rng.integers(2, 6))
    out.append(Case("batchnorm_inference", (features(rng, 1, d), *affine(rng, d), *running_stats(rng, d)),
                    check=STANDARD, name="batchnorm_inference: a single sample (n = 1)"))
    n, d = sizes(rng, np.arange(3, 9), np.arange(2, 6))
    rm, rv = rng.uniform(-0.1, 0.1, size=d), rng.uniform(1e-6, 3e-5, size=d)
    out.append(Case("batchnorm_inference", (features(rng, n, d, (-0.1, 0.1), (1e-3, 5e-3)), *affine(rng, d), rm, rv),
                    check=SMALL_VARIANCES, name="batchnorm_inference: small running variances, where eps matters"))
    n, d = sizes(rng, np.arange(3, 9), np.arange(2, 6))
    out.append(Case("batchnorm_inference", (features(rng, n, d), *affine(rng, d), *running_stats(rng, d)), {"eps": 0.1},
                    check=STANDARD, name="batchnorm_inference: a larger eps passed as an argument"))
    n, d = sizes(rng, np.arange(3, 9), np.arange(2, 6))
    rm, rv = running_stats(rng, d)
    j = int(rng.integers(d))
    rm[j], rv[j] = 0.0, 0.0  # a unit that was always 0 in training (a dead ReLU)
    X = rm + 0.01 * rng.normal(size=(n, d))  # near the running mean, so (X - mean) / sqrt(eps) stays moderate
    out.append(Case("batchnorm_inference", (X, *affine(rng, d), rm, rv), check=STANDARD,
                    name="batchnorm_inference: a running variance of 0"))
    return out


def cases(rng):
    return (forward_cases(rng) + backward_cases(rng) + forward2d_cases(rng)
            + running_stats_cases(rng) + inference_cases(rng))
