"""A correct submission written with explicit Python loops and plain lists (no vectorisation).

It follows the lecture's per-sample, per-unit formulas (eqs. 35-38, 54, 58, 48-50) literally
and returns nested Python lists instead of arrays.
"""
import math


def _sigmoid(t):
    return 1.0 / (1.0 + math.exp(-t))


def _rows(M):
    return [[float(v) for v in row] for row in M]


def forward(X, W1, b1, W2, b2):
    X, W1, W2 = _rows(X), _rows(W1), _rows(W2)
    b1, b2 = [float(v) for v in b1], [float(v) for v in b2]
    Z1, A1, Z2, A2 = [], [], [], []
    for x in X:
        z1 = [sum(W1[j][i] * x[i] for i in range(len(x))) + b1[j] for j in range(len(W1))]
        a1 = [_sigmoid(t) for t in z1]
        z2 = [sum(W2[m][j] * a1[j] for j in range(len(a1))) + b2[m] for m in range(len(W2))]
        a2 = [_sigmoid(t) for t in z2]
        Z1.append(z1)
        A1.append(a1)
        Z2.append(z2)
        A2.append(a2)
    return [Z1, A1, Z2, A2]


def output_delta(Z2, A2, Y):
    out = []
    for z_row, y_row in zip(_rows(Z2), _rows(Y)):
        row = []
        for z, y in zip(z_row, y_row):
            s = _sigmoid(z)  # sigma'(z) from the pre-activation itself
            row.append(2.0 * (s - y) * s * (1.0 - s))
        out.append(row)
    return out


def hidden_delta(D2, W2, Z1, A1):
    W2 = _rows(W2)
    out = []
    for d_row, z_row in zip(_rows(D2), _rows(Z1)):
        row = []
        for j, z in enumerate(z_row):
            back = sum(d_row[m] * W2[m][j] for m in range(len(d_row)))
            s = _sigmoid(z)
            row.append(back * s * (1.0 - s))
        out.append(row)
    return out


def gradients(X, Y, W1, b1, W2, b2):
    Z1, A1, Z2, A2 = forward(X, W1, b1, W2, b2)
    D2 = output_delta(Z2, A2, Y)
    D1 = hidden_delta(D2, W2, Z1, A1)
    X = _rows(X)
    h, d, k = len(A1[0]), len(X[0]), len(D2[0])
    gW1 = [[0.0] * d for _ in range(h)]
    gb1 = [0.0] * h
    gW2 = [[0.0] * h for _ in range(k)]
    gb2 = [0.0] * k
    for n in range(len(X)):
        for j in range(h):
            gb1[j] += D1[n][j]
            for i in range(d):
                gW1[j][i] += D1[n][j] * X[n][i]
        for m in range(k):
            gb2[m] += D2[n][m]
            for j in range(h):
                gW2[m][j] += D2[n][m] * A1[n][j]
    return {"W1": gW1, "b1": gb1, "W2": gW2, "b2": gb2}
