"""A correct submission written differently from the reference: einsum, sigmoid via tanh,
sigma' evaluated from the pre-activations, a tuple of arrays for forward and plain ints
for the shapes; float64 throughout."""
import numpy as np


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=np.float64)))


def sigmoid_prime(z):
    # sigma'(z) = 1 / (4 cosh^2(z / 2)), the same as sigma(z) (1 - sigma(z))
    return 0.25 / np.cosh(0.5 * np.asarray(z, dtype=np.float64)) ** 2


def forward(X, W1, b1, W2, b2):
    Z1 = np.einsum("hd,nd->nh", W1, X) + b1[None, :]
    A1 = sigmoid(Z1)
    Z2 = np.einsum("kh,nh->nk", W2, A1) + b2[None, :]
    return (Z1, A1, Z2, sigmoid(Z2))


def output_delta(Z2, A2, Y):
    return np.multiply(2.0 * np.subtract(A2, Y), sigmoid_prime(Z2))


def hidden_delta(D2, W2, Z1, A1):
    return np.einsum("nk,kh->nh", D2, W2) * sigmoid_prime(Z1)


def gradients(X, Y, W1, b1, W2, b2):
    Z1, A1, Z2, A2 = forward(X, W1, b1, W2, b2)
    D2 = output_delta(Z2, A2, Y)
    D1 = hidden_delta(D2, W2, Z1, A1)
    grads = {}
    grads["W2"] = np.einsum("nk,nh->kh", D2, A1)
    grads["b2"] = np.einsum("nk->k", D2)
    grads["W1"] = np.einsum("nh,nd->hd", D1, X)
    grads["b1"] = np.einsum("nh->h", D1)
    return grads
