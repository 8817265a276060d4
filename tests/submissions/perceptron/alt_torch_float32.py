"""A correct perceptron in torch's default dtype float32, returning tensors."""
import torch


def _t(a):
    return torch.as_tensor(a).float()


def predict(w, b, X):
    return torch.where(_t(X) @ _t(w) + b >= 0, 1, -1)


def misclassified(w, b, X, y):
    return _t(y) * (_t(X) @ _t(w) + b) <= 0


def perceptron_loss(w, b, X, y):
    m = _t(y) * (_t(X) @ _t(w) + b)
    return -m[m <= 0].sum()


def perceptron_step(w, b, X, y, eta):
    M = misclassified(w, b, X, y)
    X, y = _t(X), _t(y)
    return _t(w) + eta * (y[M] @ X[M]), _t(b) + eta * y[M].sum()


def train_perceptron(X, y, eta=1.0, max_epochs=1000):
    X = _t(X)
    w, b, steps = torch.zeros(X.shape[1]), torch.tensor(0.0), 0
    while steps < max_epochs and bool(misclassified(w, b, X, y).any()):
        w, b = perceptron_step(w, b, X, y, eta)
        steps += 1
    return w, b, steps
