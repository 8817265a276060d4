"""Reference solution: GAN and WGAN losses (lecture eqs. 95-99 and the WGAN section).

Discriminator outputs are logits l, D = sigmoid(l). Every loss is a mean over the batch and is
computed from the logits in the stable form
    log sigmoid(l)     = -softplus(-l),
    log(1 - sigmoid(l)) = -softplus(l),    softplus(t) = log(1 + e^t) = np.logaddexp(0, t),
so that it stays finite (and exact) for logits as large as +-1000.
"""
import numpy as np
import torch


def softplus(t):
    return np.logaddexp(0.0, np.asarray(t, dtype=np.float64))


def log_sigmoid(t):
    """log sigmoid(t) = -softplus(-t); log(1 - sigmoid(t)) is log_sigmoid(-t)."""
    return -softplus(-np.asarray(t, dtype=np.float64))


def discriminator_loss(real_logits, fake_logits):
    return float(-np.mean(log_sigmoid(real_logits)) - np.mean(log_sigmoid(-np.asarray(fake_logits, dtype=np.float64))))


def generator_loss(fake_logits, non_saturating=True):
    fake_logits = np.asarray(fake_logits, dtype=np.float64)
    if non_saturating:
        return float(-np.mean(log_sigmoid(fake_logits)))
    return float(np.mean(log_sigmoid(-fake_logits)))


def value_function(d_real, d_fake):
    d_real, d_fake = np.asarray(d_real, dtype=np.float64), np.asarray(d_fake, dtype=np.float64)
    return float(np.mean(np.log(d_real)) + np.mean(np.log1p(-d_fake)))


def optimal_discriminator(p_data, p_g):
    p_data, p_g = np.asarray(p_data, dtype=np.float64), np.asarray(p_g, dtype=np.float64)
    return p_data / (p_data + p_g)


def wgan_critic_loss(real_scores, fake_scores):
    return float(np.mean(np.asarray(fake_scores, dtype=np.float64)) - np.mean(np.asarray(real_scores, dtype=np.float64)))


def wgan_generator_loss(fake_scores):
    return float(-np.mean(np.asarray(fake_scores, dtype=np.float64)))


def gradient_penalty(critic, real, fake, alpha):
    x_hat = (alpha * real + (1 - alpha) * fake).detach().requires_grad_(True)
    scores = critic(x_hat)
    (grad,) = torch.autograd.grad(scores, x_hat, grad_outputs=torch.ones_like(scores), create_graph=True)
    norms = grad.reshape(grad.shape[0], -1).norm(2, dim=1)
    return ((norms - 1) ** 2).mean()
