import numpy as np


def predict(w, b, X):
    return np.where(X @ w + b >= 0, 1, -1)


def misclassified(w, b, X, y):
    return y * (X @ w + b) <= 0


def perceptron_loss(w, b, X, y):
    m = y * (X @ w + b)
    return -m[m <= 0].sum()


def perceptron_step(w, b, X, y, eta):
    M = misclassified(w, b, X, y)
    return w + eta * y[M] @ X[M], b + eta * y[M].sum()


def train_perceptron(X, y, eta=1.0, max_epochs=1000):
    w, b = np.zeros(X.shape[0]), 0.0  # wrong axis: crashes on the first matrix product
    steps = 0
    while misclassified(w, b, X, y).any() and steps < max_epochs:
        w, b = perceptron_step(w, b, X, y, eta)
        steps += 1
    return w, b, steps
