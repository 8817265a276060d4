"""Reference solution: backpropagation in a two-layer sigmoid MLP (lecture eqs. 35-61).

Batches are rows: X (n, d), Y (n, k), W1 (h, d), b1 (h,), W2 (k, h), b2 (k,).
Loss L = sum over samples and outputs of (A2 - Y)**2 (no 1/2, no mean).
"""
import numpy as np


def sigmoid(z):
    """sigma(z) = 1 / (1 + exp(-z)) (eq. 51), without overflow warnings for large |z|."""
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def forward(X, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1  # eq. 35, one sample per row
    A1 = sigmoid(Z1)  # eq. 36
    Z2 = A1 @ W2.T + b2  # eq. 37
    A2 = sigmoid(Z2)  # eq. 38
    return Z1, A1, Z2, A2


def output_delta(Z2, A2, Y):
    # eqs. 53-55: dL/dA2 = 2 (A2 - Y), sigma'(Z2) = A2 (1 - A2)
    return 2.0 * (A2 - Y) * A2 * (1.0 - A2)


def hidden_delta(D2, W2, Z1, A1):
    # eqs. 57-59: (sum_k delta_k W2[k, j]) * sigma'(Z1_j), sigma'(Z1) = A1 (1 - A1)
    return (D2 @ W2) * A1 * (1.0 - A1)


def gradients(X, Y, W1, b1, W2, b2):
    Z1, A1, Z2, A2 = forward(X, W1, b1, W2, b2)
    D2 = output_delta(Z2, A2, Y)
    D1 = hidden_delta(D2, W2, Z1, A1)
    # eqs. 48-50, 56, 60: delta_j * a_i per sample, summed over the batch
    return {
        "W1": D1.T @ X,
        "b1": D1.sum(axis=0),
        "W2": D2.T @ A1,
        "b2": D2.sum(axis=0),
    }
