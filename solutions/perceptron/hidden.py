"""Hidden cases for the perceptron, generated from the per-submission seed."""
import numpy as np

from dlgrade.exercises.perceptron.public import Float


def separable(rng, n, d, scale=4):
    """Integer points labelled by a random integer hyperplane, none on it (exact arithmetic)."""
    w_true = rng.integers(-3, 4, size=d)
    w_true[0] = w_true[0] or 1
    X = rng.integers(-scale, scale + 1, size=(n, d))
    s = X @ w_true + 1
    X, s = X[s != 0], s[s != 0]
    return X, np.where(s > 0, 1, -1)


def with_boundary_points(rng, n, d):
    """Integer data where the first third of the samples lie exactly on w.x + b = 0."""
    w = rng.integers(-3, 4, size=d).astype(float)
    j = int(rng.integers(d))
    w[j] = 1.0
    b = float(rng.integers(-3, 4))
    X = rng.integers(-4, 5, size=(n, d)).astype(float)
    on = n // 3
    X[:on, j] = 0.0
    X[:on, j] = -(X[:on] @ w + b)
    return w, b, X, rng.choice([-1, 1], size=n)


def cases(rng):
    out = []
    w, b, X, y = with_boundary_points(rng, 9, 3)
    out += [
        Float("predict", (w, b, X), name="predict: points on the boundary"),
        Float("misclassified", (w, b, X, y), name="misclassified: points on the boundary count as wrong"),
        Float("perceptron_loss", (w, b, X, y), name="perceptron_loss: with boundary points"),
        Float("perceptron_step", (w, b, X, y, 0.5), name="perceptron_step: with boundary points"),
    ]
    Xf = rng.normal(size=(40, 5))
    wf, bf = rng.normal(size=5), float(rng.normal())
    yf = rng.choice([-1, 1], size=40)
    out += [
        Float("predict", (wf, bf, Xf), name="predict: random float data"),
        Float("misclassified", (wf, bf, Xf, yf), name="misclassified: random float data"),
        Float("perceptron_loss", (wf, bf, Xf, yf), name="perceptron_loss: random float data"),
        Float("perceptron_step", (wf, bf, Xf, yf, 0.1), name="perceptron_step: random float data"),
    ]
    x1 = rng.integers(-5, 6, size=(1, 4))
    out += [
        Float("perceptron_step", (np.zeros(4), 0.0, x1, np.array([-1]), 1.0), name="perceptron_step: a batch of one sample"),
        # b = 0.5 keeps the integer sample off the boundary; its label puts it in M, so the loss is never 0.
        Float("perceptron_loss", (np.ones(4), 0.5, x1.astype(float), np.array([-1 if x1.sum() + 0.5 > 0 else 1])),
              name="perceptron_loss: a batch of one sample"),
    ]
    Xs, ys = separable(rng, 30, 3)
    out += [
        Float("train_perceptron", (Xs, ys), name="train_perceptron: separable integer data"),
        Float("train_perceptron", (Xs / 4.0, ys), {"eta": 0.5}, name="train_perceptron: separable float data, eta = 0.5"),
        Float("train_perceptron", (x1, np.array([1])), name="train_perceptron: a single sample"),
    ]
    X_xor = np.array([[0, 0], [0, 1], [1, 0], [1, 1], [2, 2], [2, 0]])
    y_xor = np.array([-1, 1, 1, -1, 1, -1])
    X_noise = rng.integers(-3, 4, size=(12, 2))
    y_noise = np.where(np.arange(12) % 2 == 0, 1, -1)
    out += [
        Float("train_perceptron", (X_xor, y_xor), {"max_epochs": int(rng.integers(5, 15))},
              name="train_perceptron: XOR-like data is not separable; stop at max_epochs"),
        Float("train_perceptron", (X_noise, y_noise), {"eta": 0.25, "max_epochs": int(rng.integers(20, 40))},
              name="train_perceptron: noisy labels, stop at max_epochs"),
        Float("predict", (rng.integers(-3, 4, size=3), int(rng.integers(-2, 3)), rng.integers(-5, 6, size=(7, 3))),
              name="predict: integer weights and inputs"),
    ]
    return out
