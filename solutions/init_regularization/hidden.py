"""Hidden cases for init_regularization, generated from the per-submission seed.

Fans: fan_in and fan_out always differ by a factor of about 2 or 3 (conv kernels: also a
receptive field of at least 9, kh != kw where it matters), so swapped fans, a forgotten
receptive field, He with fan_out and torch's Xavier (= our Glorot) all change the answer.
Penalties and dropout: alpha far from 1 and 2, p at least 0.1 away from 0.5 (so 1/p, 1/(1-p),
p and 1 - p all differ), weights with exact zeros for the L1 gradient, every mask kind (bool,
0/1 integers, 0/1 floats).

`initialize` draws random numbers with whatever generator the student chose, so its answers
are judged by their statistics (`normal_sample_problem`, in the trusted parent), never
against the reference's draw.
"""
import math

import numpy as np

from dlgrade.i18n import Catalog
from dlgrade.spec import Case, Check

TEXTS = Catalog.beside(__file__)

# ---------------------------------------------------------------------------- the statistics of initialize
#
# A correct answer is n independent draws x_i ~ N(0, s^2) with the target std s. The check
# standardises by s and applies three tests; every array it judges has n >= MIN_SAMPLES = 2**16.
#
# 1. Mean. sqrt(n) * mean(x) / s ~ N(0, 1) exactly. Allowed: |.| <= 6.
#    P(false failure) = P(|Z| > 6) = 1.97e-9.
# 2. Spread. r = sqrt(mean(x^2)) / s (the std about the known mean 0); n r^2 ~ chi^2_n exactly,
#    standard error of r ~ 1/sqrt(2n) = 0.0028 at n = 2**16. Allowed: |r - 1| <= 0.02, about
#    7 standard errors. Rigorous bound (Laurent & Massart 2000, Lemma 1, with x = 20):
#    P(chi^2_n >= n + 2 sqrt(20 n) + 40) <= e^-20 and P(chi^2_n <= n - 2 sqrt(20 n)) <= e^-20;
#    at n = 2**16 these are r >= 1.0177 and r <= 0.9824, inside the allowed band, so
#    P(false failure) <= 2 e^-20 = 4.1e-9 (smaller for larger n).
#    A wrong std is off by a factor of at least 1.14 here (Xavier vs Glorot with fans about
#    1:2), by 1/s > 7 for the variance used as the std (s <= sqrt(2/100) here).
# 3. Shape. The Kolmogorov distance D = sup_x |F_n(x) - Phi(x / s)|. Allowed: D <= 3.2 / sqrt(n)
#    (0.0125 at n = 2**16). The Dvoretzky-Kiefer-Wolfowitz inequality with Massart's constant,
#    a finite-sample bound, gives P(false failure) <= 2 exp(-2 * 3.2^2) = 2.6e-9.
#    A uniform distribution with the right std (bounds +-sqrt(3) s) is 0.0572 away from the
#    normal one, so its sample distance is at least 0.0572 - 0.0125 = 0.045 > 0.0125 except with
#    the same probability 2.6e-9: it fails for every seed in practice.
# Together: at most 8.7e-9 per array judged. One grading run judges 7 arrays (three single draws
# and two per seed case), so a correct answer fails by chance with probability below 6.1e-8,
# well under one in a million. float32 answers (torch) change none of these figures: their
# rounding (relative 6e-8) is far below every tolerance.

MIN_SAMPLES = 2**16
MAX_SAMPLES = 2**18  # keeps every answer below 2 MiB on the wire
MEAN_Z = 6.0
STD_TOLERANCE = 0.02
KS_T = 3.2

_erf = np.frompyfunc(math.erf, 1, 1)


def target_std(shape, kind):
    """The std the draw must have, written out independently of the reference."""
    receptive_field = int(np.prod(shape[2:]))  # 1 for a linear layer
    fan_in, fan_out = shape[1] * receptive_field, shape[0] * receptive_field
    variance = {"xavier": 1.0 / fan_in, "glorot": 2.0 / (fan_in + fan_out), "he": 2.0 / fan_in}[kind]
    return math.sqrt(variance)


def kolmogorov_distance(z):
    """sup_x |F_n(x) - Phi(x)| of the sample z (already divided by the target std)."""
    z = np.sort(z)
    n = z.size
    cdf = 0.5 * (1.0 + _erf(z / math.sqrt(2.0)).astype(np.float64))
    steps = np.arange(1, n + 1) / n
    return float(max(np.max(steps - cdf), np.max(cdf - (steps - 1.0 / n))))


def excess_kurtosis(x):
    centred = x - x.mean()
    m2 = np.mean(centred**2)
    return float(np.mean(centred**4) / m2**2 - 3.0) if m2 > 0 else float("nan")


def shape_mistake(x):
    """{"mistake": "uniform_draw"} where the draw is uniform-shaped, else {} (only names a failure).

    Every uniform distribution has excess kurtosis -1.2, whatever its bounds (+-std or +-sqrt(3) std);
    a normal sample of n >= 2**16 has 0 within a standard error of sqrt(24 / n) <= 0.02, a uniform
    one -1.2 within about 0.005, so a band of +-0.1 around -1.2 tells them apart for certain.
    """
    return {"mistake": "uniform_draw"} if abs(excess_kurtosis(x) + 1.2) < 0.1 else {}


def normal_sample_problem(answer, std):
    """None if `answer` passes for a draw from N(0, std^2), else what is wrong (Texts)."""
    x = np.asarray(answer, dtype=np.float64).ravel()
    n = x.size
    if not np.all(np.isfinite(x)):
        return TEXTS("messages.not_finite")
    # The messages give ratios and standard errors, never the target std (a hidden case's expected value).
    z = float(x.mean()) * math.sqrt(n) / std
    if abs(z) > MEAN_Z:
        return TEXTS("messages.mean", z=z, allowed=MEAN_Z)
    ratio = math.sqrt(float(np.mean(x * x))) / std
    if abs(ratio - 1.0) > STD_TOLERANCE:
        if abs(ratio / std - 1.0) <= STD_TOLERANCE:  # the std came out as std**2
            return TEXTS("messages.std_is_variance", ratio=ratio)
        return {**TEXTS("messages.std", ratio=ratio, tolerance=STD_TOLERANCE), **shape_mistake(x)}
    distance = kolmogorov_distance(x / std)
    allowed = KS_T / math.sqrt(n)
    if distance > allowed:
        return {**TEXTS("messages.not_normal", distance=distance, allowed=allowed, kurtosis=excess_kurtosis(x)),
                **shape_mistake(x)}
    return None


def normal_draw(actual, expected, case):
    """Custom check of one initialize call: the answer's statistics, not the reference's draw."""
    shape, kind, _seed = case.args
    return normal_sample_problem(actual, target_std(shape, kind))


def _draws(actual, case):
    shape, kind, _seeds = case.args
    std = target_std(shape, kind)
    arrays = [np.asarray(a, dtype=np.float64) for a in actual]
    for array in arrays:
        problem = normal_sample_problem(array, std)
        if problem:
            return arrays, problem
    return arrays, None


def seeds_differ(actual, expected, case):
    """Two different seeds: both draws pass the statistics and they are not the same array."""
    (first, second), problem = _draws(actual, case)
    if problem:
        return problem
    if np.array_equal(first, second):
        return {**TEXTS("messages.same_draw_for_two_seeds"), "mistake": "fixed_seed"}
    return None


def seed_repeats(actual, expected, case):
    """One seed twice: both draws pass the statistics and they are exactly the same array."""
    (first, second), problem = _draws(actual, case)
    if problem:
        return problem
    if not np.array_equal(first, second):
        return TEXTS("messages.not_reproducible", differ=int(np.sum(first != second)), total=first.size)
    return None


NORMAL_DRAW = Check(custom=normal_draw)
SEEDS_DIFFER = Check(custom=seeds_differ)
SEED_REPEATS = Check(custom=seed_repeats)

# Penalties are sums over up to a few hundred entries: a float32 answer (torch) is off by up to
# about 1e-6 relative there, so 1e-5; every known mistake is off by a factor (2, 1/2) or more.
SUM = Check(rtol=1e-5, atol=1e-9)

# ---------------------------------------------------------------------------- generators


def seed(rng):
    return int(rng.integers(0, 2**32))


def fans_ratio(rng):
    """fan_out / fan_in (= out / in): 2 or 3 or their inverses (about, after rounding to ints)."""
    return float(rng.choice([1 / 3, 1 / 2, 2.0, 3.0]))


def big_shape(rng, conv, square=True):
    """A weight shape with MIN_SAMPLES..MAX_SAMPLES entries and out / in = 2, 3, 1/2 or 1/3;
    conv kernels have kh, kw in {3, 5, 7} (kh != kw unless `square`)."""
    while True:
        ratio = fans_ratio(rng)
        if conv:
            kh = int(rng.choice([3, 5, 7]))
            kw = kh if square else int(rng.choice([k for k in (3, 5, 7) if k != kh]))
            in_c = int(rng.integers(16, 97))
            shape = (max(1, round(in_c * ratio)), in_c, kh, kw)
        else:
            in_f = int(rng.integers(100, 801))
            shape = (max(1, round(in_f * ratio)), in_f)
        if MIN_SAMPLES <= math.prod(shape) <= MAX_SAMPLES:
            return shape


def distinct_fans(rng):
    fan_in = int(rng.integers(20, 1500))
    return fan_in, round(fan_in * fans_ratio(rng))


def weights_with_zeros(rng, shape, scale=1.0):
    """Random weights, about a quarter of them exactly 0 (one of them -0.0)."""
    w = rng.normal(scale=scale, size=shape)
    w[rng.uniform(size=shape) < 0.25] = 0.0
    flat = w.reshape(-1)
    flat[0], flat[-1] = 0.0, -0.0
    return w


def alpha(rng):
    """A penalty strength away from 1 and 2 (so a missing or doubled factor shows)."""
    return float(rng.choice([rng.uniform(0.005, 0.5), rng.uniform(3.0, 10.0)]))


def drop_probability(rng, low):
    """p below 0.4 (low) or above 0.6: 1/p, 1/(1-p), p and 1-p all differ."""
    return float(rng.uniform(0.1, 0.4) if low else rng.uniform(0.6, 0.9))


def keep_mask(rng, shape, p, kind):
    """A mask with P(kept) = 1 - p, at least one kept and one dropped unit, as bool/int/float."""
    keep = rng.uniform(size=shape) >= p
    flat = keep.reshape(-1)
    flat[0], flat[-1] = True, False
    return {"bool": keep, "int": keep.astype(np.int64), "float": keep.astype(np.float64)}[kind]


def activations(rng, shape):
    return rng.normal(scale=2.0, size=shape)


def cases(rng):
    out = []

    # --- fan_in_out -------------------------------------------------------------------
    n_in = int(rng.integers(20, 400))
    out += [
        Case("fan_in_out", ((int(rng.integers(n_in + 5, 3 * n_in)), n_in),),
             name="fan_in_out: a linear layer with more outputs than inputs"),
        Case("fan_in_out", ((int(rng.integers(2, n_in - 5)), n_in),),
             name="fan_in_out: a linear layer with more inputs than outputs"),
        Case("fan_in_out", (big_shape(rng, conv=True, square=False),),
             name="fan_in_out: a conv kernel with kh != kw"),
        Case("fan_in_out", ((int(rng.integers(8, 65)), int(rng.integers(2, 8)), 1, 1),),
             name="fan_in_out: a 1x1 conv kernel"),
        Case("fan_in_out", ((1, int(rng.integers(2, 17)), 3, 3),),
             name="fan_in_out: a conv kernel with a single output channel"),
        Case("fan_in_out", ((1, 1),), name="fan_in_out: a single weight (1, 1)"),
    ]

    # --- init_std ---------------------------------------------------------------------
    fan_in, fan_out = distinct_fans(rng)
    out += [
        Case("init_std", ("xavier", fan_in, fan_out), name="init_std: xavier with fan_out given"),
        Case("init_std", ("xavier", int(rng.integers(2, 3000))), name="init_std: xavier without fan_out"),
        Case("init_std", ("glorot", *distinct_fans(rng)), name="init_std: glorot"),
        Case("init_std", ("he", *distinct_fans(rng)), name="init_std: he with fan_out given"),
        Case("init_std", ("he", int(rng.integers(2, 3000))), name="init_std: he without fan_out"),
        Case("init_std", ("he",), {"fan_in": int(rng.integers(2, 3000)), "fan_out": None},
             name="init_std: he, fans as keywords"),
        Case("init_std", ("glorot", int(rng.integers(2, 3000))), raises="ValueError",
             name="init_std: glorot with fan_out missing raises ValueError"),
        Case("init_std", (str(rng.choice(["lecun", "orthogonal", "kaiming_uniform"])), *distinct_fans(rng)),
             raises="ValueError", name="init_std: an unknown kind raises ValueError"),
    ]

    # --- initialize -------------------------------------------------------------------
    out += [
        Case("initialize", (big_shape(rng, conv=True), "xavier", seed(rng)), check=NORMAL_DRAW,
             name="initialize: xavier on a conv kernel (mean, std, normal shape)"),
        Case("initialize", (big_shape(rng, conv=False), "glorot", seed(rng)), check=NORMAL_DRAW,
             name="initialize: glorot on a linear layer (mean, std, normal shape)"),
        Case("initialize", (big_shape(rng, conv=True, square=False), "he", seed(rng)), check=NORMAL_DRAW,
             name="initialize: he on a conv kernel with kh != kw (mean, std, normal shape)"),
    ]
    first = seed(rng)
    second = (first + int(rng.integers(1, 2**32 - 1))) % 2**32  # any other seed
    out += [
        Case("initialize", (big_shape(rng, conv=False), "he", [first, second]), check=SEEDS_DIFFER,
             harness="initialize_with_seeds", name="initialize: two different seeds give different draws"),
        Case("initialize", (big_shape(rng, conv=True), "glorot", [second, second]), check=SEED_REPEATS,
             harness="initialize_with_seeds", name="initialize: the same seed gives the same draw again"),
        Case("initialize", ((int(rng.integers(4, 17)), int(rng.integers(2, 9)), 3, 3), "zeros", seed(rng)),
             name="initialize: zeros for a conv kernel"),
        Case("initialize", ((int(rng.integers(2, 50)), int(rng.integers(2, 50))), "uniform", seed(rng)),
             raises="ValueError", name="initialize: an unknown kind raises ValueError"),
    ]

    # --- penalties --------------------------------------------------------------------
    matrix = weights_with_zeros(rng, (int(rng.integers(3, 9)), int(rng.integers(4, 12))))
    kernel = weights_with_zeros(rng, (int(rng.integers(2, 5)), int(rng.integers(1, 4)), 3, 3), scale=0.3)
    vector = weights_with_zeros(rng, (int(rng.integers(5, 20)),), scale=5.0)
    out += [
        Case("l2_penalty", (matrix, alpha(rng)), check=SUM, name="l2_penalty: a weight matrix"),
        Case("l2_penalty", (kernel, alpha(rng)), check=SUM, name="l2_penalty: a conv kernel (4-d)"),
        Case("l2_penalty", (np.zeros((0, int(rng.integers(1, 6)))), alpha(rng)), check=SUM,
             name="l2_penalty: an empty weight array costs 0"),
        Case("l2_penalty", (np.array(float(rng.normal(scale=3.0))), alpha(rng)), check=SUM,
             name="l2_penalty: a single weight as a 0-d array"),
        Case("l2_grad", (matrix, alpha(rng)), name="l2_grad: a weight matrix"),
        Case("l2_grad", (kernel, alpha(rng)), name="l2_grad: a conv kernel (4-d)"),
        Case("l2_grad", (np.array(float(rng.normal(scale=3.0))), alpha(rng)), name="l2_grad: a single weight as a 0-d array"),
        Case("l1_penalty", (matrix, alpha(rng)), check=SUM, name="l1_penalty: a weight matrix with zeros"),
        Case("l1_penalty", (kernel, alpha(rng)), check=SUM, name="l1_penalty: a conv kernel (4-d)"),
        Case("l1_penalty", (np.zeros((int(rng.integers(1, 6)), 0)), alpha(rng)), check=SUM,
             name="l1_penalty: an empty weight array costs 0"),
        Case("l1_grad", (matrix, alpha(rng)), name="l1_grad: a weight matrix with exact zeros"),
        Case("l1_grad", (kernel, alpha(rng)), name="l1_grad: a conv kernel with exact zeros"),
        Case("l1_grad", (vector, alpha(rng)), name="l1_grad: a vector with zeros and -0.0"),
    ]

    # --- dropout_train ----------------------------------------------------------------
    def layer(rng, n=None):
        return (n or int(rng.integers(3, 9)), int(rng.integers(4, 12)))

    shape, p = layer(rng), drop_probability(rng, low=True)
    out.append(Case("dropout_train", (activations(rng, shape), keep_mask(rng, shape, p, "bool"), p),
                    name="dropout_train: inverted (default), bool mask, p < 0.5"))
    shape, p = layer(rng), drop_probability(rng, low=False)
    out.append(Case("dropout_train", (activations(rng, shape), keep_mask(rng, shape, p, "int"), p), {"inverted": True},
                    name="dropout_train: inverted, 0/1 integer mask, p > 0.5"))
    shape, p = layer(rng), drop_probability(rng, low=True)
    out.append(Case("dropout_train", (activations(rng, shape), keep_mask(rng, shape, p, "float"), p),
                    name="dropout_train: inverted, 0/1 float mask"))
    shape, p = layer(rng), drop_probability(rng, low=False)
    out.append(Case("dropout_train", (activations(rng, shape), keep_mask(rng, shape, p, "bool"), p), {"inverted": False},
                    name="dropout_train: not inverted, bool mask"))
    shape, p = layer(rng), drop_probability(rng, low=True)
    out.append(Case("dropout_train", (activations(rng, shape), keep_mask(rng, shape, p, "int"), p, False),
                    name="dropout_train: not inverted, 0/1 integer mask (inverted passed by position)"))
    shape = layer(rng)
    out.append(Case("dropout_train", (activations(rng, shape), np.ones(shape, dtype=bool), 0.0),
                    name="dropout_train: p = 0 keeps every unit unchanged"))
    shape, p = layer(rng, n=1), drop_probability(rng, low=False)
    out.append(Case("dropout_train", (activations(rng, shape), keep_mask(rng, shape, p, "int"), p),
                    name="dropout_train: a single sample, integer mask"))
    shape, p = (int(rng.integers(2, 4)), int(rng.integers(2, 4)), 4, 5), drop_probability(rng, low=True)
    out.append(Case("dropout_train", (activations(rng, shape), keep_mask(rng, shape, p, "bool"), p),
                    name="dropout_train: conv activations (N, C, H, W)"))

    # --- dropout_inference ------------------------------------------------------------
    out += [
        Case("dropout_inference", (activations(rng, layer(rng)), drop_probability(rng, low=True)),
             name="dropout_inference: inverted (default) leaves X unchanged"),
        Case("dropout_inference", (activations(rng, layer(rng)), drop_probability(rng, low=False)), {"inverted": True},
             name="dropout_inference: inverted, p > 0.5, leaves X unchanged"),
        Case("dropout_inference", (activations(rng, layer(rng)), drop_probability(rng, low=True)), {"inverted": False},
             name="dropout_inference: not inverted, p < 0.5"),
        Case("dropout_inference", (activations(rng, layer(rng, n=1)), drop_probability(rng, low=False), False),
             name="dropout_inference: not inverted, p > 0.5, a single sample"),
        Case("dropout_inference", (activations(rng, (2, 3, 4, 4)), drop_probability(rng, low=False)), {"inverted": False},
             name="dropout_inference: not inverted, conv activations (N, C, H, W)"),
    ]
    return out
