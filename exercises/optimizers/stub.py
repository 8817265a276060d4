"""Exercise: optimisers (lecture 001, eqs. 62-68; notes 004: SGD, momentum, schedules, AdaGrad, Adam).

Every step function works elementwise on a parameter array w of any shape (a 0-d number,
a vector, a weight matrix); g and the optimiser's state have the shape of w. Inputs are
float64 numpy arrays; you may return numpy arrays, torch tensors or lists.
Every function returns NEW arrays: never write into w, g or the state you are given.
torch.optim (its optimisers and schedulers) is not allowed.
"""
import numpy as np


def sgd_step(w, g, lr):
    """Return w_new = w - lr * g (eq. 23), an array of the shape of w.

    w: parameters, g: the gradient dL/dw at w (same shape), lr: the learning rate (a float).
    """
    raise NotImplementedError


def momentum_step(w, g, v, lr, beta=0.9):
    """Return (w_new, v_new) after one momentum step, eqs. 62-63:

    v_new = beta * v + lr * g,   w_new = w - v_new.
    v is the velocity from the previous step (zeros before the first step); lr is INSIDE the
    velocity (notes 004 put it outside: see the statement). w, g, v have the same shape.
    """
    raise NotImplementedError


def adagrad_step(w, g, G, lr, eps=1e-8):
    """Return (w_new, G_new) after one AdaGrad step:

    G_new = G + g**2,   w_new = w - lr * g / (sqrt(G_new) + eps)   (elementwise).
    G is the sum of all earlier squared gradients (zeros before the first step).
    """
    raise NotImplementedError


def rmsprop_step(w, g, s, lr, rho=0.9, eps=1e-8):
    """Return (w_new, s_new) after one RMSProp step:

    s_new = rho * s + (1 - rho) * g**2,   w_new = w - lr * g / (sqrt(s_new) + eps)   (elementwise).
    s is the moving average of the squared gradients (zeros before the first step).
    """
    raise NotImplementedError


def adam_step(w, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    """Return (w_new, m_new, v_new) after Adam's step number t (t = 1 on the first step), eqs. 64-68:

    m_new = beta1 * m + (1 - beta1) * g,    v_new = beta2 * v + (1 - beta2) * g**2,
    m_hat = m_new / (1 - beta1**t),         v_hat = v_new / (1 - beta2**t),
    w_new = w - lr * m_hat / (sqrt(v_hat) + eps).
    eps goes OUTSIDE the square root (eq. 68 puts it inside: see the statement). The state
    returned is m_new, v_new (not the bias-corrected m_hat, v_hat). m, v: zeros before step 1.
    """
    raise NotImplementedError


def lr_schedule(kind, k, lr0, **params):
    """Return the learning rate (a float) of step k = 0, 1, 2, ... (notes 004).

    kind "step":        lr0 * factor ** (k // every)                   params: factor, every
    kind "linear":      (1 - a) * lr0 + a * lr_T, a = min(k / T, 1)     params: lr_T, T
                        (T = 0 means lr_T from k = 0 on; lr_T > lr0 is a warm-up)
    kind "exponential": lr0 * exp(-gamma * k)                          params: gamma
    Parameters that the kind does not use are ignored; any other kind raises ValueError.
    """
    raise NotImplementedError


def optimize_quadratic(A, b, w0, method, steps, lr, **hyper):
    """Return the trajectory w_0, w_1, ..., w_steps, an array of shape (steps + 1, d), w_0 = w0 first.

    Minimises f(w) = 0.5 * w.A w - b.w with gradient A w - b (A: (d, d) symmetric positive
    definite, b, w0: (d,)), taking `steps` steps of `method` ("sgd", "momentum", "adagrad",
    "rmsprop" or "adam") with the constant learning rate lr. The state (v; G; s; m and v)
    starts at zeros, Adam's t at 1. `hyper` are the step function's own keyword arguments
    (beta; eps; rho, eps; beta1, beta2, eps), passed on unchanged: a name that the method's
    step function does not have raises TypeError; an unknown method raises ValueError.
    """
    raise NotImplementedError
