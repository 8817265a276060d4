"""A correct submission in torch's default dtype float32, without autograd: the deltas by hand
(eqs. 53-60) with tensor operations, every answer a float32 tensor."""
import torch


def _t(a):
    return torch.as_tensor(a).float()


def forward(X, W1, b1, W2, b2):
    X, W1, b1, W2, b2 = map(_t, (X, W1, b1, W2, b2))
    Z1 = X @ W1.T + b1
    A1 = torch.sigmoid(Z1)
    Z2 = A1 @ W2.T + b2
    return Z1, A1, Z2, torch.sigmoid(Z2)


def output_delta(Z2, A2, Y):
    A2 = _t(A2)
    return 2 * (A2 - _t(Y)) * A2 * (1 - A2)


def hidden_delta(D2, W2, Z1, A1):
    A1 = _t(A1)
    return (_t(D2) @ _t(W2)) * A1 * (1 - A1)


def gradients(X, Y, W1, b1, W2, b2):
    Z1, A1, Z2, A2 = forward(X, W1, b1, W2, b2)
    D2 = output_delta(Z2, A2, Y)
    D1 = hidden_delta(D2, W2, Z1, A1)
    return {"W1": D1.T @ _t(X), "b1": D1.sum(0), "W2": D2.T @ A1, "b2": D2.sum(0)}
