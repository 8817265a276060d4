# FORBIDDEN: output_delta, hidden_delta, gradients
"""A correct submission that lets torch autograd do the differentiation, in float64.

Every function returns torch tensors; the deltas are vector-Jacobian products.
"""
import torch


def _t(a, grad=False):
    return torch.tensor(a, dtype=torch.float64).clone().requires_grad_(grad)


def forward(X, W1, b1, W2, b2):
    X, W1, b1, W2, b2 = map(_t, (X, W1, b1, W2, b2))
    Z1 = torch.nn.functional.linear(X, W1, b1)
    A1 = torch.sigmoid(Z1)
    Z2 = torch.nn.functional.linear(A1, W2, b2)
    return Z1, A1, Z2, torch.sigmoid(Z2)


def output_delta(Z2, A2, Y):
    Z2 = _t(Z2, grad=True)
    loss = torch.nn.functional.mse_loss(torch.sigmoid(Z2), _t(Y), reduction="sum")
    (grad,) = torch.autograd.grad(loss, Z2)
    return grad


def hidden_delta(D2, W2, Z1, A1):
    Z1 = _t(Z1, grad=True)
    Z2 = torch.sigmoid(Z1) @ _t(W2).T
    (grad,) = torch.autograd.grad(Z2, Z1, grad_outputs=_t(D2))
    return grad


def gradients(X, Y, W1, b1, W2, b2):
    params = {"W1": _t(W1, True), "b1": _t(b1, True), "W2": _t(W2, True), "b2": _t(b2, True)}
    A1 = torch.sigmoid(_t(X) @ params["W1"].T + params["b1"])
    A2 = torch.sigmoid(A1 @ params["W2"].T + params["b2"])
    loss = ((A2 - _t(Y)) ** 2).sum()
    loss.backward()
    return {name: p.grad.detach() for name, p in params.items()}
