"""Worker-side wrapper for `gradient_penalty`, whose `critic` argument is not plain data.

`gradient_penalty_case` builds a small, smooth, deterministic torch critic in float64 from
plain numpy weights, calls the function under test with it and returns plain data: the
penalty's value, whether it is a 0-d torch tensor, and the gradients that backpropagating
the returned penalty leaves on the critic's parameters. A penalty that is not differentiable
with respect to the critic (computed without `create_graph=True`) leaves zero gradients.

The same code runs in the sandboxed worker (with the student's function) and in the trusted
parent (with the reference), so it may import only the standard library, numpy and torch.
"""
import numpy as np
import torch


def make_critic(W1, b1, W2, b2):
    """The critic f(x) = W2 tanh(W1 flatten(x) + b1) + b2, scores of shape (n, 1), float64.

    W1: (h, D) with D the number of features of one sample (C*H*W for images), b1: (h,),
    W2: (1, h), b2: (1,).
    """
    W1, b1, W2, b2 = (np.asarray(a, dtype=np.float64) for a in (W1, b1, W2, b2))
    hidden, features = W1.shape
    critic = torch.nn.Sequential(
        torch.nn.Flatten(),
        torch.nn.Linear(features, hidden, dtype=torch.float64),
        torch.nn.Tanh(),
        torch.nn.Linear(hidden, 1, dtype=torch.float64),
    )
    with torch.no_grad():
        critic[1].weight.copy_(torch.from_numpy(W1.copy()))
        critic[1].bias.copy_(torch.from_numpy(b1.reshape(hidden).copy()))
        critic[3].weight.copy_(torch.from_numpy(W2.reshape(1, hidden).copy()))
        critic[3].bias.copy_(torch.from_numpy(b2.reshape(1).copy()))
    return critic


def _as_float(value):
    try:
        if isinstance(value, torch.Tensor):
            return float(value.detach().reshape(()).item())
        return float(np.asarray(value, dtype=np.float64).reshape(()))
    except Exception:  # wrong shape or not a number: the comparison will show it
        return float("nan")


def gradient_penalty_case(fn, W1, b1, W2, b2, real, fake, alpha):
    """Call fn(critic, real, fake, alpha) and return plain data about its answer.

    Returns {"value": float, "is_tensor": bool, "grads": [dW1, db1, dW2, db2]}, where
    `is_tensor` says that the answer is a 0-d torch tensor and `grads` are the gradients of
    the returned penalty with respect to the critic's parameters (zeros where none reach them).
    """
    critic = make_critic(W1, b1, W2, b2)
    params = list(critic.parameters())
    real_t = torch.tensor(np.asarray(real, dtype=np.float64))
    fake_t = torch.tensor(np.asarray(fake, dtype=np.float64))
    alpha_t = torch.tensor(np.asarray(alpha, dtype=np.float64))
    with torch.enable_grad():
        result = fn(critic, real_t, fake_t, alpha_t)
        # Only the gradient of the returned penalty counts, not what fn may have left behind.
        for p in params:
            p.grad = None
        is_tensor = isinstance(result, torch.Tensor) and result.dim() == 0
        if isinstance(result, torch.Tensor) and result.numel() == 1 and result.requires_grad:
            result.reshape(()).backward()
    grads = [
        p.grad.detach().numpy().copy() if p.grad is not None else np.zeros(tuple(p.shape))
        for p in params
    ]
    return {"value": _as_float(result), "is_tensor": bool(is_tensor), "grads": grads}
