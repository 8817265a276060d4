"""Known mistakes on the activations, each a small variant of the reference.

Each function replaces the reference function of the same name; its source is appended to
the reference's, so it may use only what reference.py defines or imports (np, LEAK, the
activations, their derivatives and `functions`). Replacing a helper such as `sigmoid` reaches
every activation built on it (swish, softplus'), as it would in a student's file.
"""
# ruff: noqa: F811, F821  (each mistake redefines a reference function; it runs in the reference's namespace)
import numpy as np

from dlgrade.spec import MistakeRegistry

from .reference import LEAK, functions, sigmoid, sigmoid_grad, tanh

known = MistakeRegistry()


# --- sigmoid --------------------------------------------------------------------------------


@known.mistake("sigmoid_grad_of_input")
def sigmoid_grad(z):
    return z * (1.0 - z)  # eq. (11) applied to z instead of sigma(z)


@known.mistake("sigmoid_grad_quotient_rule_overflow")
def sigmoid_grad(z):
    with np.errstate(all="ignore"):
        e = np.exp(-z)
        return e / (1.0 + e) ** 2  # inf / inf = nan for z <= -710


@known.mistake("sigmoid_exp_form_overflow")
def sigmoid(z):
    with np.errstate(all="ignore"):
        return np.exp(z) / (1.0 + np.exp(z))  # notes 003's form: inf / inf = nan for z >= 710


# --- tanh -----------------------------------------------------------------------------------


@known.mistake("tanh_definition_overflow")
def tanh(z):
    with np.errstate(all="ignore"):
        return (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))


@known.mistake("tanh_grad_not_squared")
def tanh_grad(z):
    return 1.0 - tanh(z)


# --- relu and leaky relu --------------------------------------------------------------------


@known.mistake("leaky_relu_constant_leak")
def leaky_relu(z):
    return np.where(z > 0, z, LEAK)  # the slope 0.01 returned as the value (max(0.01, z) reads the same)


@known.mistake("relu_grad_one_at_zero")
def relu_grad(z):
    return np.where(z >= 0, 1.0, 0.0)


@known.mistake("leaky_relu_grad_one_at_zero")
def leaky_relu_grad(z):
    return np.where(z >= 0, 1.0, LEAK)


@known.mistake("leaky_relu_grad_without_leak")
def leaky_relu_grad(z):
    return np.where(z > 0, 1.0, 0.0)


@known.mistake("in_place_masking")
def relu(z):
    z[z < 0] = 0.0  # z is the caller's array (np.asarray does not copy a float64 array)
    return z


@known.mistake("in_place_masking")
def leaky_relu(z):
    z[z < 0] *= LEAK
    return z


# --- swish ----------------------------------------------------------------------------------


@known.mistake("swish_grad_missing_sigma")
def swish_grad(z):
    return z * sigmoid_grad(z)  # only z sigma'(z): the factor z was treated as a constant


@known.mistake("swish_grad_missing_z_sigma_prime")
def swish_grad(z):
    return sigmoid(z)  # only z' sigma(z): sigma was treated as a constant


# --- softplus -------------------------------------------------------------------------------


@known.mistake("softplus_overflow")
def softplus(z):
    with np.errstate(all="ignore"):
        return np.log(1.0 + np.exp(z))  # inf for z >= 710


@known.mistake("softplus_grad_inner_derivative_missing")
def softplus_grad(z):
    with np.errstate(all="ignore"):
        return 1.0 / (1.0 + np.exp(z))  # (log u)' = u'/u without u' = e^z


# --- names and shapes -----------------------------------------------------------------------


@known.mistake("unknown_name_key_error")
def functions(name):
    return {
        "sigmoid": (sigmoid, sigmoid_grad),
        "tanh": (tanh, tanh_grad),
        "relu": (relu, relu_grad),
        "leaky_relu": (leaky_relu, leaky_relu_grad),
        "swish": (swish, swish_grad),
        "softplus": (softplus, softplus_grad),
    }[name]


@known.mistake("unknown_name_returns_none")
def activation(name, z):
    if name in ("sigmoid", "tanh", "relu", "leaky_relu", "swish", "softplus"):
        return np.asarray(functions(name)[0](np.asarray(z, dtype=float)), dtype=float)


@known.mistake("unknown_name_returns_none")
def activation_grad(name, z):
    if name in ("sigmoid", "tanh", "relu", "leaky_relu", "swish", "softplus"):
        return np.asarray(functions(name)[1](np.asarray(z, dtype=float)), dtype=float)


@known.mistake("output_flattened")
def activation(name, z):
    f, _ = functions(name)
    return np.array([f(v) for v in np.ravel(np.asarray(z, dtype=float))])


@known.mistake("output_flattened")
def activation_grad(name, z):
    _, df = functions(name)
    return np.array([df(v) for v in np.ravel(np.asarray(z, dtype=float))])
