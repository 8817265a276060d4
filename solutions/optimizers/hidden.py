"""Hidden cases for the optimizers exercise, generated from the per-submission seed.

The generators keep the inputs where the known mistakes show: velocities and states that
are not zero (momentum's two forms and the sign of notes 002 differ only there), learning
rates != 1, small t (where Adam's bias correction matters), gradients small enough or eps
large enough that the place of eps decides, zero gradients with zero state (0/0), schedule
steps just before a decay and beyond T. Trajectories on a quadratic are kept short and
well-conditioned (RMSProp and Adam become chaotic near the minimum: two correct
implementations that differ only in rounding drift apart), so rounding never decides.
"""
import numpy as np

from dlgrade.exercises.optimizers.public import PATH, RATE, STEP
from dlgrade.spec import Case, Check

from .reference import optimize_quadratic


def away_from_zero(rng, size, lo=0.2, hi=2.0):
    """Uniform magnitudes in [lo, hi] with random signs."""
    return rng.uniform(lo, hi, size=size) * rng.choice([-1.0, 1.0], size=size)


def lr(rng, lo=0.05, hi=0.5):
    return float(rng.uniform(lo, hi))


def spd(rng, d, lo=0.5, hi=4.0):
    """A symmetric positive definite d x d matrix with eigenvalues in [lo, hi] (both attained)."""
    q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    eig = rng.uniform(lo, hi, size=d)
    eig[0], eig[-1] = lo, hi
    return (q * eig) @ q.T


def quadratic(rng, d, method, steps, rate, **hyper):
    """(A, b, w0) whose trajectory is insensitive to rounding (redrawn otherwise).

    Rounding in float32 perturbs every step by about 6e-8 relative; a random relative
    perturbation of 1e-7 of A, b and w0 must move no point by more than a tenth of the
    tolerance PATH. This rejects the problems where an adaptive method oscillates near the
    minimum or a large effective step amplifies errors.
    """
    for _ in range(100):
        A, b, w0 = spd(rng, d), rng.normal(size=d), 2.0 * rng.normal(size=d)
        path = optimize_quadratic(A, b, w0, method, steps, rate, **hyper)
        noise = rng.normal(size=(d, d))
        A2 = A * (1 + 1e-7 * (noise + noise.T) / 2)
        b2, w02 = b * (1 + 1e-7 * rng.normal(size=d)), w0 * (1 + 1e-7 * rng.normal(size=d))
        moved = optimize_quadratic(A2, b2, w02, method, steps, rate, **hyper)
        if np.all(np.abs(moved - path) <= 0.1 * (PATH.atol + PATH.rtol * np.abs(path))):
            return A, b, w0
    raise RuntimeError("no well-conditioned problem found")  # never happens for the ranges below


def step_cases(rng):
    out = []
    d = int(rng.integers(3, 9))
    out.append(Case("sgd_step", (rng.normal(size=d), rng.normal(size=d), lr(rng)), check=STEP,
                    name="sgd_step: random vector"))
    h, d = int(rng.integers(2, 5)), int(rng.integers(3, 6))
    out.append(Case("sgd_step", (rng.normal(size=(h, d)), rng.normal(size=(h, d)), lr(rng)), check=STEP,
                    name="sgd_step: a weight matrix (2-D)"))
    out.append(Case("sgd_step", (np.array(rng.normal()), np.array(rng.normal()), lr(rng)), check=STEP,
                    name="sgd_step: a single number (0-d array)"))

    d = int(rng.integers(3, 9))
    out.append(Case("momentum_step", (rng.normal(size=d), rng.normal(size=d), away_from_zero(rng, d), lr(rng)),
                    check=STEP, name="momentum_step: v != 0, default beta"))
    h, d = int(rng.integers(2, 5)), int(rng.integers(3, 6))
    out.append(Case("momentum_step", (rng.normal(size=(h, d)), rng.normal(size=(h, d)), away_from_zero(rng, (h, d)),
                                      lr(rng)), {"beta": float(rng.uniform(0.5, 0.99))}, check=STEP,
                    name="momentum_step: a weight matrix, beta given"))
    d = int(rng.integers(3, 9))
    out.append(Case("momentum_step", (rng.normal(size=d), away_from_zero(rng, d), np.zeros(d), lr(rng)),
                    {"beta": float(rng.uniform(0.5, 0.95))}, check=STEP,
                    name="momentum_step: the first step (v = 0)"))
    d = int(rng.integers(3, 9))
    out.append(Case("momentum_step", (rng.normal(size=d), rng.normal(size=d), away_from_zero(rng, d), lr(rng), 0.0),
                    check=STEP, name="momentum_step: beta = 0 is plain SGD"))

    h, d = int(rng.integers(2, 5)), int(rng.integers(3, 6))
    G = sum(rng.normal(size=(h, d)) ** 2 for _ in range(int(rng.integers(3, 20))))
    out.append(Case("adagrad_step", (rng.normal(size=(h, d)), away_from_zero(rng, (h, d)), G, lr(rng)), check=STEP,
                    name="adagrad_step: a weight matrix with accumulated G"))
    d = int(rng.integers(4, 9))
    g = away_from_zero(rng, d)
    g[rng.choice(d, size=2, replace=False)] = 0.0
    out.append(Case("adagrad_step", (rng.normal(size=d), g, np.zeros(d), lr(rng)), check=STEP,
                    name="adagrad_step: the first step, some gradients exactly 0"))
    d = int(rng.integers(3, 9))
    out.append(Case("adagrad_step", (rng.normal(size=d), away_from_zero(rng, d), rng.uniform(0.5, 3.0, size=d), lr(rng)),
                    {"eps": float(rng.uniform(0.2, 1.0))}, check=STEP, name="adagrad_step: a large eps"))

    d = int(rng.integers(3, 9))
    out.append(Case("rmsprop_step", (rng.normal(size=d), away_from_zero(rng, d), rng.uniform(0.2, 3.0, size=d), lr(rng)),
                    check=STEP, name="rmsprop_step: s > 0, default rho"))
    d = int(rng.integers(4, 9))
    g = away_from_zero(rng, d)
    g[rng.choice(d, size=2, replace=False)] = 0.0
    out.append(Case("rmsprop_step", (rng.normal(size=d), g, np.zeros(d), lr(rng)), {"rho": float(rng.uniform(0.6, 0.8))},
                    check=STEP, name="rmsprop_step: the first step, some gradients exactly 0"))
    h, d = int(rng.integers(2, 5)), int(rng.integers(3, 6))
    out.append(Case("rmsprop_step", (rng.normal(size=(h, d)), away_from_zero(rng, (h, d)),
                                     rng.uniform(0.2, 3.0, size=(h, d)), lr(rng)),
                    {"rho": 0.99, "eps": float(rng.uniform(0.2, 1.0))}, check=STEP,
                    name="rmsprop_step: a weight matrix, rho = 0.99 and a large eps"))
    return out


def adam_state(rng, shape, t, scale=1.0):
    """Moments m, v as t earlier steps with gradients of about `scale` would leave them."""
    m, v = np.zeros(shape), np.zeros(shape)
    for _ in range(t - 1):
        g = scale * rng.normal(size=shape)
        m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g**2
    return m, v


def adam_cases(rng):
    out = []
    d = int(rng.integers(3, 9))
    out.append(Case("adam_step", (rng.normal(size=d), away_from_zero(rng, d), np.zeros(d), np.zeros(d), 1), check=STEP,
                    name="adam_step: the first step with the default hyperparameters"))
    d, t = int(rng.integers(3, 9)), int(rng.integers(2, 6))
    out.append(Case("adam_step", (rng.normal(size=d), away_from_zero(rng, d), *adam_state(rng, d, t), t),
                    {"lr": lr(rng, 0.01, 0.2), "beta1": float(rng.uniform(0.7, 0.95)),
                     "beta2": float(rng.uniform(0.95, 0.999))},
                    check=STEP, name="adam_step: a later step (small t), beta1 and beta2 given"))
    d, t = int(rng.integers(3, 9)), int(rng.integers(1, 5))
    scale = float(10.0 ** rng.uniform(-6, -5))
    # m and v are of the gradients' size (1e-6, 1e-15): an atol of that scale, so that the
    # state is really compared; |w| >= 0.5 > lr, so w_new does not cancel and rtol suffices.
    out.append(Case("adam_step", (away_from_zero(rng, d, 0.5, 2.0), scale * away_from_zero(rng, d),
                                  *adam_state(rng, d, t, scale), t),
                    {"lr": lr(rng, 0.01, 0.2)}, check=Check(rtol=STEP.rtol, atol=STEP.atol * scale),
                    name="adam_step: tiny gradients, default eps"))
    d, t = int(rng.integers(3, 9)), int(rng.integers(1, 5))
    out.append(Case("adam_step", (rng.normal(size=d), away_from_zero(rng, d), *adam_state(rng, d, t), t),
                    {"lr": lr(rng, 0.05, 0.3), "eps": float(rng.uniform(0.05, 0.5))}, check=STEP,
                    name="adam_step: a large eps"))
    # From zero state: a state of 1e5 that nearly cancels (m_new = 0.9 m + 0.1 g) would need
    # an atol of that scale for float32 answers.
    d = int(rng.integers(3, 9))
    scale = float(10.0 ** rng.uniform(4, 6))
    out.append(Case("adam_step", (rng.normal(size=d), scale * away_from_zero(rng, d), np.zeros(d), np.zeros(d), 1),
                    {"lr": lr(rng, 0.01, 0.2)}, check=STEP,
                    name="adam_step: huge gradients (the step stays about lr)"))
    d = int(rng.integers(4, 9))
    g = away_from_zero(rng, d)
    g[rng.choice(d, size=2, replace=False)] = 0.0
    out.append(Case("adam_step", (rng.normal(size=d), g, np.zeros(d), np.zeros(d), 1), {"lr": lr(rng, 0.01, 0.2)},
                    check=STEP, name="adam_step: the first step, some gradients exactly 0"))
    t = int(rng.integers(1, 4))
    m, v = adam_state(rng, (), t)
    out.append(Case("adam_step", (np.array(rng.normal()), np.array(away_from_zero(rng, None)), m, v, t),
                    {"lr": lr(rng, 0.01, 0.2)}, check=STEP, name="adam_step: a single number (0-d array)"))
    (h, d), t = rng.integers(2, 5, size=2), int(rng.integers(10, 30))
    out.append(Case("adam_step", (rng.normal(size=(h, d)), away_from_zero(rng, (h, d)), *adam_state(rng, (h, d), t), t),
                    {"lr": lr(rng, 0.01, 0.2)}, check=STEP, name="adam_step: a weight matrix (2-D), t >= 10"))
    out.append(Case("adam_step", (np.zeros(0), np.zeros(0), np.zeros(0), np.zeros(0), 1), check=STEP,
                    name="adam_step: an empty parameter array"))
    return out


def schedule_cases(rng):
    out = []
    every, factor, lr0 = int(rng.integers(3, 12)), float(rng.uniform(0.2, 0.8)), lr(rng, 0.01, 1.0)
    step = {"factor": factor, "every": every}
    out.append(Case("lr_schedule", ("step", every * int(rng.integers(1, 5)) - 1, lr0), step, check=RATE,
                    name="lr_schedule: step, the last k before a decay"))
    out.append(Case("lr_schedule", ("step", every * int(rng.integers(1, 5)), lr0), step, check=RATE,
                    name="lr_schedule: step, k a multiple of every"))
    out.append(Case("lr_schedule", ("step", every * int(rng.integers(1, 5)) + int(rng.integers(1, every - 1)), lr0),
                    step, check=RATE, name="lr_schedule: step, k between two decays"))
    out.append(Case("lr_schedule", ("step", 0, lr0), step, check=RATE, name="lr_schedule: step, k = 0"))

    T, lr0 = int(rng.integers(10, 100)), lr(rng, 0.05, 1.0)
    linear = {"lr_T": lr0 * float(rng.uniform(0.01, 0.5)), "T": T}
    out.append(Case("lr_schedule", ("linear", int(rng.integers(1, T)), lr0), linear, check=RATE,
                    name="lr_schedule: linear, 0 < k < T"))
    out.append(Case("lr_schedule", ("linear", T, lr0), linear, check=RATE, name="lr_schedule: linear, k = T"))
    out.append(Case("lr_schedule", ("linear", T + int(rng.integers(1, 3 * T)), lr0), linear, check=RATE,
                    name="lr_schedule: linear, k > T (stays at lr_T)"))
    warm = {"lr_T": lr0 * float(rng.uniform(2.0, 10.0)), "T": T}
    out.append(Case("lr_schedule", ("linear", int(rng.integers(1, T)), lr0), warm, check=RATE,
                    name="lr_schedule: linear warm-up (lr_T > lr0), k < T"))
    out.append(Case("lr_schedule", ("linear", T + int(rng.integers(1, 3 * T)), lr0), warm, check=RATE,
                    name="lr_schedule: linear warm-up (lr_T > lr0), k > T"))

    gamma, lr0 = float(rng.uniform(0.01, 0.3)), lr(rng, 0.01, 1.0)
    out.append(Case("lr_schedule", ("exponential", int(rng.integers(2, 60)), lr0), {"gamma": gamma}, check=RATE,
                    name="lr_schedule: exponential"))
    out.append(Case("lr_schedule", ("exponential", 0, lr0), {"gamma": gamma}, check=RATE,
                    name="lr_schedule: exponential, k = 0"))
    out.append(Case("lr_schedule", ("exponential", int(rng.integers(2, 60)), lr0),
                    {"gamma": gamma, **step, **linear}, check=RATE,
                    name="lr_schedule: parameters of other kinds are ignored"))
    out.append(Case("lr_schedule", ("Step", 3, lr0), step, raises="ValueError",
                    name="lr_schedule: unknown kind (case matters)"))
    return out


def trajectory_cases(rng):
    out = []

    def path(method, d, steps, rate, name, **hyper):
        A, b, w0 = quadratic(rng, d, method, steps, rate, **hyper)
        out.append(Case("optimize_quadratic", (A, b, w0, method, steps, rate), hyper, check=PATH, name=name))

    path("sgd", int(rng.integers(3, 6)), int(rng.integers(15, 30)), lr(rng, 0.1, 0.4), "optimize_quadratic: sgd")
    path("momentum", int(rng.integers(3, 6)), int(rng.integers(15, 30)), lr(rng, 0.05, 0.15),
         "optimize_quadratic: momentum, default beta")
    path("momentum", 1, int(rng.integers(5, 15)), lr(rng, 0.1, 0.3), "optimize_quadratic: momentum in 1-D, beta given",
         beta=float(rng.uniform(0.3, 0.7)))
    path("adagrad", int(rng.integers(3, 6)), int(rng.integers(15, 30)), lr(rng, 0.2, 0.6), "optimize_quadratic: adagrad")
    path("rmsprop", int(rng.integers(3, 6)), int(rng.integers(8, 15)), lr(rng, 0.05, 0.1),
         "optimize_quadratic: rmsprop (a few steps)")
    path("adam", int(rng.integers(3, 6)), int(rng.integers(10, 20)), lr(rng, 0.05, 0.1),
         "optimize_quadratic: adam, default betas")
    path("adam", int(rng.integers(3, 6)), int(rng.integers(20, 40)), lr(rng, 0.05, 0.1),
         "optimize_quadratic: adam, beta1, beta2 and eps given",
         beta1=float(rng.uniform(0.7, 0.9)), beta2=float(rng.uniform(0.99, 0.999)), eps=float(rng.uniform(1e-3, 1e-2)))
    path("momentum", int(rng.integers(2, 5)), 1, lr(rng, 0.05, 0.3), "optimize_quadratic: a single step", beta=0.9)
    d = int(rng.integers(2, 5))
    out.append(Case("optimize_quadratic", (spd(rng, d), rng.normal(size=d), rng.normal(size=d), "adam", 0, 0.1),
                    check=PATH, name="optimize_quadratic: steps = 0 (adam)"))
    d = int(rng.integers(2, 5))
    out.append(Case("optimize_quadratic", (spd(rng, d), rng.normal(size=d), rng.normal(size=d), "nesterov", 3, 0.1),
                    raises="ValueError", name="optimize_quadratic: unknown method"))
    return out


def cases(rng):
    return step_cases(rng) + adam_cases(rng) + schedule_cases(rng) + trajectory_cases(rng)
