# Objects that would run code if the grader unpickled them or called their __array__.
import numpy as np


class Payload:
    def __reduce__(self):
        return (open, ("{MARKER}", "w"))

    def __array__(self, dtype=None, copy=None):
        open("{MARKER}", "w").write("ran in the grader")
        return np.zeros(3)


def predict(w, b, X):
    return Payload()


def misclassified(w, b, X, y):
    return np.array([Payload()] * len(X), dtype=object)


def perceptron_loss(w, b, X, y):
    return Payload()


def perceptron_step(w, b, X, y, eta):
    return Payload(), Payload()


def train_perceptron(X, y, eta=1.0, max_epochs=1000):
    return Payload(), Payload(), Payload()
