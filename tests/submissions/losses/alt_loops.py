"""A correct submission written with plain Python loops and the math module, one sample at a time."""
import math


def _row_softmax(row):
    m = max(row)
    exps = [math.exp(s - m) for s in row]
    total = sum(exps)
    return [e / total for e in exps]


def _logsumexp(row):
    m = max(row)
    return m + math.log(sum(math.exp(s - m) for s in row))


def softmax(S):
    return [_row_softmax(list(row)) for row in S]


def cross_entropy(S, y):
    out = []
    for row, label in zip(S, y):
        row = [float(s) for s in row]
        out.append(_logsumexp(row) - row[int(label)])
    return out


def hinge_loss(S, y, margin=1.0):
    out = []
    for row, label in zip(S, y):
        label = int(label)
        total = 0.0
        for j in range(len(row)):
            if j != label:
                total += max(0.0, float(row[j]) - float(row[label]) + margin)
        out.append(total)
    return out


def loss_gradient(S, y, kind, margin=1.0):
    if kind not in ("cross_entropy", "hinge"):
        raise ValueError("kind must be 'cross_entropy' or 'hinge', not %r" % (kind,))
    n = len(S)
    grad = []
    for row, label in zip(S, y):
        row, label = [float(s) for s in row], int(label)
        g = [0.0] * len(row)
        if kind == "cross_entropy":
            p = _row_softmax(row)
            for j in range(len(row)):
                g[j] = p[j] - (1.0 if j == label else 0.0)
        else:
            for j in range(len(row)):
                if j != label and row[j] - row[label] + margin > 0:
                    g[j] += 1.0
                    g[label] -= 1.0
        grad.append([v / n for v in g])
    return grad


def _flatten(a):
    if hasattr(a, "tolist"):
        a = a.tolist()
    if isinstance(a, (list, tuple)):
        out = []
        for item in a:
            out.extend(_flatten(item))
        return out
    return [float(a)]


def mse(pred, target):
    p, t = _flatten(pred), _flatten(target)
    return sum((a - b) ** 2 for a, b in zip(p, t)) / len(p)


def mae(pred, target):
    p, t = _flatten(pred), _flatten(target)
    return sum(abs(a - b) for a, b in zip(p, t)) / len(p)
