"""Hidden cases for the losses exercise, generated from the per-submission seed.

- Batches have n != C (a softmax over the wrong axis cannot pass by symmetry) and n >= 3
  except in the single-sample cases (a missing 1/n shows).
- Hinge scores are multiples of 1/4 and margins multiples of 1/2: every hinge argument
  s_j - s_{y_i} + margin is then exact in float64 AND float32, so "exactly 0" (the kink) means
  the same for every correct answer, and no argument is a rounding error away from 0.
- Scores of +-1000: whole rows far apart (a per-row shift is needed) and +-1000 within a row
  (the right class far below the others: log of a probability that underflows).

Tolerances (comments at each Check): float64 answers agree to ~1e-15; a correct float32
answer (torch) is off by ~1e-7 relative on scores of order 10 and by up to ~3e-4 absolute
(losses) or ~1e-4 relative (probabilities) on scores around +-1000. Every known mistake is
off by far more (a factor, 1/n, a whole hinge term, inf or nan).
"""
import numpy as np

from dlgrade.spec import Case, Check

# Scores of order 10: float32 rounding of the inputs gives ~1e-6 absolute error on a loss and
# relative 1e-6 on a probability; atol covers losses near 0 (cancellation in lse - s_y).
LOSS = Check(rtol=1e-5, atol=1e-5)
PROB = Check(rtol=1e-5, atol=1e-8)
GRAD = Check(rtol=1e-5, atol=1e-6)  # p_y - 1 near 0 loses its relative accuracy in float32
# Scores around +-1000: float32 inputs are rounded by up to 3e-5, differences by 6e-5, so a
# loss may be off by ~3e-4 absolute and a probability (or gradient entry) by ~1e-4 relative.
BIG_LOSS = Check(rtol=1e-5, atol=1e-3)
BIG_PROB = Check(rtol=1e-3, atol=1e-8)
BIG_GRAD = Check(rtol=1e-3, atol=1e-6)
# Hinge losses and gradients on quarter-integer scores are exact in float32 too; rtol 1e-5
# still allows a float32 sum of many terms.
HINGE = Check(rtol=1e-5, atol=1e-6)
# Means of squares or absolute values, values of order 1: float32 is off by ~1e-7 relative, but
# pred - target cancels where the two are close (a single entry): atol 1e-7 covers that.
MEAN = Check(rtol=1e-5, atol=1e-7)


def sizes(rng, n_lo=3, n_hi=9, c_lo=3, c_hi=7):
    """(n, C) with n != C."""
    n, C = int(rng.integers(n_lo, n_hi + 1)), int(rng.integers(c_lo, c_hi + 1))
    return (n + 1, C) if n == C else (n, C)


def labels(rng, n, C):
    return rng.integers(0, C, size=n)


def quarters(rng, shape, scale=2.0):
    """Normal scores rounded to multiples of 1/4 (exact in float32)."""
    return np.round(rng.normal(scale=scale, size=shape) * 4.0) / 4.0


def far_apart_rows(rng, n, C):
    """Rows around +1000 and around -1000 (at least one of each), spread of order 3 in a row."""
    centres = rng.choice([-1000.0, 1000.0], size=n)
    centres[:2] = [1000.0, -1000.0]
    return rng.permutation(centres)[:, None] + rng.normal(scale=3.0, size=(n, C))


def extreme_within_rows(rng, n, C):
    """Scores of +-1000 (plus a little noise) inside every row: the right class at -1000 and
    another class at +1000, so p_{y_i} is about e^-2000 (0 in floating point)."""
    S = rng.choice([-1000.0, 1000.0], size=(n, C)) + rng.uniform(-2.0, 2.0, size=(n, C))
    y, rows = labels(rng, n, C), np.arange(n)
    S[rows, y] = -1000.0 + rng.uniform(-2.0, 2.0, size=n)
    S[rows, (y + 1) % C] = 1000.0 + rng.uniform(-2.0, 2.0, size=n)
    return S, y


def with_kinks(rng, n, C, margin):
    """Quarter-integer scores where several terms sit exactly on the kink (argument 0), others
    are clearly active, and one row has no active term at all."""
    S = quarters(rng, (n, C))
    y = labels(rng, n, C)
    rows = np.arange(n)
    other = (y + 1 + rng.integers(0, C - 1, size=n)) % C          # a class != y_i per row
    S[rows, other] = S[rows, y] - margin                          # argument exactly 0
    if C > 2:
        third = np.array([next(j for j in range(C) if j not in (y[i], other[i])) for i in range(n)])
        S[rows[1:], third[1:]] = S[rows[1:], y[1:]] + 0.5         # clearly active (argument margin + 1/2)
        S[0, third[0]] = S[0, y[0]] - margin - 2.0                # row 0: inactive
    S[0] = np.where(np.arange(C) == y[0], S[0], np.minimum(S[0], S[0, y[0]] - margin))  # row 0: nothing > 0
    return S, y


def cases(rng):
    out = []

    # --- softmax -----------------------------------------------------------------------
    n, C = sizes(rng)
    out.append(Case("softmax", (rng.normal(scale=3.0, size=(n, C)),), check=PROB, name="softmax: random scores"))
    out.append(Case("softmax", (rng.normal(scale=3.0, size=(1, int(rng.integers(3, 7)))),), check=PROB,
                    name="softmax: a single sample"))
    out.append(Case("softmax", (rng.normal(scale=3.0, size=(int(rng.integers(3, 8)), 2)),), check=PROB,
                    name="softmax: two classes"))
    n, C = sizes(rng)
    S = rng.normal(scale=3.0, size=(n, C))
    S[0] = S[0, 0]                                   # a row of equal scores: uniform
    S[1, :2] = S[1].max() + 1.0                      # a tie for the largest score
    out.append(Case("softmax", (S,), check=PROB, name="softmax: ties (equal scores in a row)"))
    n, C = sizes(rng, 4, 8)
    out.append(Case("softmax", (far_apart_rows(rng, n, C),), check=BIG_PROB,
                    name="softmax: rows around +1000 and rows around -1000"))
    n, C = sizes(rng, 3, 6)
    out.append(Case("softmax", (extreme_within_rows(rng, n, C)[0],), check=BIG_PROB,
                    name="softmax: scores of +-1000 within a row"))

    # --- cross_entropy -----------------------------------------------------------------
    n, C = sizes(rng, 5, 9)
    out.append(Case("cross_entropy", (rng.normal(scale=3.0, size=(n, C)), labels(rng, n, C)), check=LOSS,
                    name="cross_entropy: random scores"))
    C = int(rng.integers(3, 7))
    out.append(Case("cross_entropy", (rng.normal(scale=3.0, size=(1, C)), labels(rng, 1, C)), check=LOSS,
                    name="cross_entropy: a single sample"))
    n = int(rng.integers(3, 8))
    out.append(Case("cross_entropy", (rng.normal(scale=3.0, size=(n, 2)), labels(rng, n, 2)), check=LOSS,
                    name="cross_entropy: two classes"))
    n, C = sizes(rng)
    S, y = rng.normal(size=(n, C)), labels(rng, n, C)
    S[np.arange(n), y] -= rng.uniform(25.0, 40.0, size=n)  # p_y about 1e-11 to 1e-17: no underflow yet
    out.append(Case("cross_entropy", (S, y), check=LOSS,
                    name="cross_entropy: the right class about 30 below the others"))
    n, C = sizes(rng, 3, 6)
    out.append(Case("cross_entropy", extreme_within_rows(rng, n, C), check=BIG_LOSS,
                    name="cross_entropy: the right class at -1000, another at +1000"))
    n, C = sizes(rng, 4, 8)
    out.append(Case("cross_entropy", (far_apart_rows(rng, n, C), labels(rng, n, C)), check=BIG_LOSS,
                    name="cross_entropy: rows around +1000 and rows around -1000"))

    # --- hinge_loss --------------------------------------------------------------------
    n, C = sizes(rng, 5, 9)
    out.append(Case("hinge_loss", (quarters(rng, (n, C)), labels(rng, n, C)), check=HINGE,
                    name="hinge_loss: random scores, margin 1"))
    C = int(rng.integers(3, 7))
    out.append(Case("hinge_loss", (quarters(rng, (1, C)), labels(rng, 1, C)), check=HINGE,
                    name="hinge_loss: a single sample"))
    n, C = sizes(rng)
    margin = float(rng.choice([0.5, 2.0, 2.5, 3.0]))
    out.append(Case("hinge_loss", (quarters(rng, (n, C)), labels(rng, n, C)), {"margin": margin}, check=HINGE,
                    name="hinge_loss: margin other than 1"))
    n, C = sizes(rng)
    out.append(Case("hinge_loss", with_kinks(rng, n, C, 1.0), check=HINGE,
                    name="hinge_loss: terms exactly on the kink"))
    n, C = sizes(rng)
    out.append(Case("hinge_loss", (quarters(rng, (n, C)), labels(rng, n, C)), {"margin": 0.0}, check=HINGE,
                    name="hinge_loss: margin 0"))
    n = int(rng.integers(3, 8))
    out.append(Case("hinge_loss", (quarters(rng, (n, 2)), labels(rng, n, 2)), check=HINGE,
                    name="hinge_loss: two classes"))
    n, C = sizes(rng, 3, 6)
    S = quarters(rng, (n, C)) + rng.choice([-1000.0, 1000.0], size=(n, C))
    out.append(Case("hinge_loss", (S, labels(rng, n, C)), check=HINGE, name="hinge_loss: scores of +-1000"))

    # --- loss_gradient: cross-entropy ---------------------------------------------------
    n, C = sizes(rng, 4, 9)
    out.append(Case("loss_gradient", (rng.normal(scale=3.0, size=(n, C)), labels(rng, n, C), "cross_entropy"),
                    check=GRAD, name="loss_gradient: cross-entropy, random scores"))
    C = int(rng.integers(3, 7))
    out.append(Case("loss_gradient", (rng.normal(scale=3.0, size=(1, C)), labels(rng, 1, C), "cross_entropy"),
                    check=GRAD, name="loss_gradient: cross-entropy, a single sample"))
    n = int(rng.integers(3, 8))
    out.append(Case("loss_gradient", (rng.normal(scale=3.0, size=(n, 2)), labels(rng, n, 2), "cross_entropy"),
                    check=GRAD, name="loss_gradient: cross-entropy, two classes"))
    n, C = sizes(rng, 4, 8)
    out.append(Case("loss_gradient", (far_apart_rows(rng, n, C), labels(rng, n, C), "cross_entropy"),
                    check=BIG_GRAD, name="loss_gradient: cross-entropy, rows around +1000 and -1000"))
    n, C = sizes(rng, 3, 6)
    out.append(Case("loss_gradient", (*extreme_within_rows(rng, n, C), "cross_entropy"), check=BIG_GRAD,
                    name="loss_gradient: cross-entropy, scores of +-1000 within a row"))

    # --- loss_gradient: hinge ------------------------------------------------------------
    n, C = sizes(rng, 4, 9)
    out.append(Case("loss_gradient", (quarters(rng, (n, C)), labels(rng, n, C), "hinge"), check=HINGE,
                    name="loss_gradient: hinge, random scores, margin 1"))
    n, C = sizes(rng, 4, 8, 3, 6)
    out.append(Case("loss_gradient", (*with_kinks(rng, n, C, 1.0), "hinge"), check=HINGE,
                    name="loss_gradient: hinge, terms exactly on the kink"))
    n, C = sizes(rng, 4, 8, 3, 6)
    margin = float(rng.choice([0.5, 2.0, 2.5, 3.0]))
    out.append(Case("loss_gradient", (*with_kinks(rng, n, C, margin), "hinge"), {"margin": margin}, check=HINGE,
                    name="loss_gradient: hinge, margin other than 1, terms on the kink"))
    C = int(rng.integers(4, 7))
    S, y = quarters(rng, (1, C)), np.array([0])
    S[0, 1:] = S[0, 0] + np.array([0.5, -1.0] + [1.25] * (C - 3))   # two active terms or more, one on the kink
    out.append(Case("loss_gradient", (S, y, "hinge"), check=HINGE, name="loss_gradient: hinge, a single sample"))
    n, C = sizes(rng, 3, 6)
    S = quarters(rng, (n, C)) + rng.choice([-1000.0, 1000.0], size=(n, C))
    out.append(Case("loss_gradient", (S, labels(rng, n, C), "hinge"), check=HINGE,
                    name="loss_gradient: hinge, scores of +-1000"))
    n, C = sizes(rng)
    out.append(Case("loss_gradient", (quarters(rng, (n, C)), labels(rng, n, C), str(rng.choice(["softmax", "Hinge", "svm"]))),
                    raises="ValueError", name="loss_gradient: an unknown kind"))

    # --- mse / mae -----------------------------------------------------------------------
    for fn in ("mse", "mae"):
        m = int(rng.integers(5, 12))
        out.append(Case(fn, (rng.normal(size=m), rng.normal(size=m)), check=MEAN, name=f"{fn}: vectors"))
        n, k = int(rng.integers(3, 7)), int(rng.integers(2, 5))
        out.append(Case(fn, (rng.normal(size=(n, k)), rng.normal(size=(n, k))), check=MEAN,
                        name=f"{fn}: a matrix (n, k), several outputs per sample"))
        shape = (int(rng.integers(2, 4)), int(rng.integers(2, 4)), int(rng.integers(2, 5)))
        out.append(Case(fn, (rng.normal(size=shape), rng.normal(size=shape)), check=MEAN,
                        name=f"{fn}: a 3-d array"))
        out.append(Case(fn, (rng.normal(size=(1,)), rng.normal(size=(1,))), check=MEAN,
                        name=f"{fn}: a single entry"))
    return out
