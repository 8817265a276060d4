"""Exercise: activation functions and their derivatives (lecture 001, notes 004).

Names: "sigmoid", "tanh", "relu", "leaky_relu" (slope 0.01), "swish" (z * sigmoid(z)),
"softplus" (log(1 + e^z)). z is a float64 numpy array of any shape (0-d and empty arrays
included); return an array of the same shape (a numpy array, a torch tensor or a nested
list). Do not modify z.
"""
import numpy as np


def activation(name, z):
    """Return f(z) elementwise for the activation f called `name`; same shape as z.

    sigmoid(z) = 1 / (1 + e^-z), tanh(z), relu(z) = max(0, z),
    leaky_relu(z) = z for z > 0 and 0.01 z for z <= 0, swish(z) = z * sigmoid(z),
    softplus(z) = log(1 + e^z) (natural log). The result must be finite for |z| up to 1000.
    An unknown name raises ValueError (also when z is empty).
    """
    raise NotImplementedError


def activation_grad(name, z):
    """Return the derivative f'(z) elementwise for the activation called `name`; same shape as z.

    The derivative with respect to z, at z (not the derivative of a loss). At z = 0:
    relu'(0) = 0 and leaky_relu'(0) = 0.01 (the case split puts z = 0 on the left side).
    Finite for |z| up to 1000. An unknown name raises ValueError (also when z is empty).
    No automatic differentiation (torch.autograd, Tensor.backward, torch.func, torch.ops.aten.*_backward).
    """
    raise NotImplementedError
