import numpy as np


def predict(w, b, X):
    return np.where(np.asarray(X) @ w + b >= 0, 1, -1)


def misclassified(w, b, X, y):
    return np.asarray(y) * (np.asarray(X) @ w + b) <= 0


def perceptron_loss(w, b, X, y):
    m = np.asarray(y) * (np.asarray(X) @ w + b)
    return float(-m[m <= 0].sum())


def perceptron_step(w, b, X, y, eta):
    X, y = np.asarray(X), np.asarray(y)
    M = misclassified(w, b, X, y)
    return w + eta * (y[M] @ X[M]), b + eta * y[M].sum()


def train_perceptron(X, y, eta=1.0, max_epochs=1000):
    X = np.asarray(X, dtype=float)
    w, b, steps = np.zeros(X.shape[1]), 0.0, 0
    while steps < max_epochs and misclassified(w, b, X, y).any():
        w, b = perceptron_step(w, b, X, y, eta)
        steps += 1
    return w, float(b), steps
