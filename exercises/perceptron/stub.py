"""Exercise: the single-layer perceptron (lecture eqs. 18-22).

Labels are in {-1, +1}; the threshold theta is folded into the bias b.
X has shape (n, d), one sample per row; w has shape (d,); y has shape (n,).
"""


def predict(w, b, X):
    """Return the predicted labels, shape (n,): +1 where X @ w + b >= 0, else -1."""
    raise NotImplementedError


def misclassified(w, b, X, y):
    """Return the boolean mask of the set M, shape (n,): y_i (w.x_i + b) <= 0.

    A point exactly on the boundary counts as misclassified.
    """
    raise NotImplementedError


def perceptron_loss(w, b, X, y):
    """Return the perceptron loss (eq. 22) as a float: sum over M of -y_i (w.x_i + b)."""
    raise NotImplementedError


def perceptron_step(w, b, X, y, eta):
    """Return (w_new, b_new) after one batch update (eq. 21):

    w_new = w + eta * sum_M y_i x_i,   b_new = b + eta * sum_M y_i
    """
    raise NotImplementedError


def train_perceptron(X, y, eta=1.0, max_epochs=1000):
    """Train from w = 0, b = 0 and return (w, b, steps).

    Repeat perceptron_step while M is non-empty and fewer than max_epochs steps were
    made; steps is the number of steps made.
    """
    raise NotImplementedError
