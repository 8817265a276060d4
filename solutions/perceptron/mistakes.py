"""Known mistakes on the perceptron, each a small variant of the reference."""
# ruff: noqa: F811, F821  (each mistake redefines a reference function; it runs in the reference's namespace)
from dlgrade.spec import MistakeRegistry

known = MistakeRegistry()


@known.mistake("boundary_counts_as_correct")
def misclassified(w, b, X, y):
    return margins(w, b, X, y) < 0


@known.mistake("boundary_predicts_negative")
def predict(w, b, X):
    return np.where(np.asarray(X) @ w + b > 0, 1, -1)


@known.mistake("predict_with_sign")
def predict(w, b, X):
    return np.sign(np.asarray(X) @ w + b)


@known.mistake("misclassified_as_wrong_prediction")
def misclassified(w, b, X, y):
    return predict(w, b, X) != np.asarray(y)


@known.mistake("labels_zero_one")
def predict(w, b, X):
    return np.where(np.asarray(X) @ w + b >= 0, 1, 0)


@known.mistake("loss_sign")
def perceptron_loss(w, b, X, y):
    m = margins(w, b, X, y)
    return float(m[m <= 0].sum())


@known.mistake("loss_over_all_samples")
def perceptron_loss(w, b, X, y):
    return float(-margins(w, b, X, y).sum())


@known.mistake("bias_not_updated")
def perceptron_step(w, b, X, y, eta):
    X, y = np.asarray(X), np.asarray(y)
    M = misclassified(w, b, X, y)
    return w + eta * (y[M] @ X[M]), b


@known.mistake("step_over_all_samples")
def perceptron_step(w, b, X, y, eta):
    X, y = np.asarray(X), np.asarray(y)
    return w + eta * (y @ X), b + eta * y.sum()


@known.mistake("online_updates")
def train_perceptron(X, y, eta=1.0, max_epochs=1000):
    X = np.asarray(X, dtype=float)
    w, b, steps = np.zeros(X.shape[1]), 0.0, 0
    while steps < max_epochs and misclassified(w, b, X, y).any():
        for i in range(len(y)):
            w, b = perceptron_step(w, b, X[i : i + 1], np.asarray(y)[i : i + 1], eta)
        steps += 1
    return w, float(b), steps


@known.mistake("max_epochs_off_by_one")
def train_perceptron(X, y, eta=1.0, max_epochs=1000):
    X = np.asarray(X, dtype=float)
    w, b, steps = np.zeros(X.shape[1]), 0.0, 0
    while steps <= max_epochs and misclassified(w, b, X, y).any():
        w, b = perceptron_step(w, b, X, y, eta)
        steps += 1
    return w, float(b), steps
