import numpy as np


def predict(w, b, X):
    return np.full(len(X), np.nan)


def misclassified(w, b, X, y):
    return "some of them"


def perceptron_loss(w, b, X, y):
    total = 0.0  # forgot to return


def perceptron_step(w, b, X, y, eta):
    return {"w": w, "b": b}


def train_perceptron(X, y, eta=1.0, max_epochs=1000):
    return object()
