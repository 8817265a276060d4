"""A correct perceptron in torch, returning tensors."""
import torch


def _t(a):
    return torch.as_tensor(a, dtype=torch.float64)


def predict(w, b, X):
    return torch.where(_t(X) @ _t(w) + b >= 0, 1, -1)


def misclassified(w, b, X, y):
    return _t(y) * (_t(X) @ _t(w) + b) <= 0


def perceptron_loss(w, b, X, y):
    m = _t(y) * (_t(X) @ _t(w) + b)
    return -(m * (m <= 0)).sum()


def perceptron_step(w, b, X, y, eta):
    M = misclassified(w, b, X, y).double()
    yM = _t(y) * M
    return _t(w) + eta * (yM @ _t(X)), _t(b) + eta * yM.sum()


def train_perceptron(X, y, eta=1.0, max_epochs=1000):
    w, b, steps = torch.zeros(_t(X).shape[1], dtype=torch.float64), torch.tensor(0.0, dtype=torch.float64), 0
    while steps < max_epochs and bool(misclassified(w, b, X, y).any()):
        w, b = perceptron_step(w, b, X, y, eta)
        steps += 1
    return w, b, steps
