"""A correct perceptron written with plain Python loops and lists (no numpy)."""


def dot(u, v):
    return sum(a * b for a, b in zip(u, v))


def predict(w, b, X):
    return [1 if dot(w, x) + b >= 0 else -1 for x in X]


def misclassified(w, b, X, y):
    return [yi * (dot(w, x) + b) <= 0 for x, yi in zip(X, y)]


def perceptron_loss(w, b, X, y):
    return sum(-yi * (dot(w, x) + b) for x, yi, m in zip(X, y, misclassified(w, b, X, y)) if m)


def perceptron_step(w, b, X, y, eta):
    w_new, b_new = [float(v) for v in w], float(b)
    for x, yi, m in zip(X, y, misclassified(w, b, X, y)):
        if m:
            w_new = [wj + eta * yi * xj for wj, xj in zip(w_new, x)]
            b_new += eta * yi
    return w_new, b_new


def train_perceptron(X, y, eta=1.0, max_epochs=1000):
    w, b, steps = [0.0] * len(X[0]), 0.0, 0
    while steps < max_epochs and any(misclassified(w, b, X, y)):
        w, b = perceptron_step(w, b, X, y, eta)
        steps += 1
    return w, b, steps
