"""A correct submission with explicit loops over the batch and the math module; returns floats."""
import math

import torch


def _log_sigmoid(t):
    # log(1 / (1 + e^-t)), evaluated without overflow for both signs of t
    if t >= 0:
        return -math.log1p(math.exp(-t))
    return t - math.log1p(math.exp(t))


def _mean(values):
    values = list(values)
    return sum(values) / len(values)


def discriminator_loss(real_logits, fake_logits):
    return -_mean(_log_sigmoid(float(l)) for l in real_logits) - _mean(_log_sigmoid(-float(l)) for l in fake_logits)


def generator_loss(fake_logits, non_saturating=True):
    if non_saturating:
        return -_mean(_log_sigmoid(float(l)) for l in fake_logits)
    return _mean(_log_sigmoid(-float(l)) for l in fake_logits)


def value_function(d_real, d_fake):
    return _mean(math.log(float(p)) for p in d_real) + _mean(math.log1p(-float(p)) for p in d_fake)


def optimal_discriminator(p_data, p_g):
    def rec(a, b):
        if hasattr(a, "__len__"):
            return [rec(x, y) for x, y in zip(a, b)]
        return float(a) / (float(a) + float(b))
    return rec(list(p_data), list(p_g))


def wgan_critic_loss(real_scores, fake_scores):
    return _mean(float(s) for s in fake_scores) - _mean(float(s) for s in real_scores)


def wgan_generator_loss(fake_scores):
    return -_mean(float(s) for s in fake_scores)


def gradient_penalty(critic, real, fake, alpha):
    terms = []
    for i in range(real.shape[0]):
        x = (alpha[i] * real[i] + (1 - alpha[i]) * fake[i]).unsqueeze(0).detach()
        x.requires_grad = True
        score = critic(x)
        (g,) = torch.autograd.grad(score, x, grad_outputs=torch.ones_like(score), create_graph=True)
        terms.append((g.norm() - 1) ** 2)
    return torch.stack(terms).mean()
