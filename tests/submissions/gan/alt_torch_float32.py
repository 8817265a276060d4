"""A correct submission in torch's default dtype float32, with the gradient penalty written the
common way, sqrt(sum g^2 + 1e-8) (the small constant keeps the square root differentiable at 0);
the losses are 0-d float32 tensors."""
import torch
import torch.nn.functional as F


def _t(a):
    return torch.as_tensor(a).float()


def discriminator_loss(real_logits, fake_logits):
    real, fake = _t(real_logits), _t(fake_logits)
    return -F.logsigmoid(real).mean() - F.logsigmoid(-fake).mean()


def generator_loss(fake_logits, non_saturating=True):
    fake = _t(fake_logits)
    if non_saturating:
        return -F.logsigmoid(fake).mean()
    return F.logsigmoid(-fake).mean()


def value_function(d_real, d_fake):
    return torch.log(_t(d_real)).mean() + torch.log1p(-_t(d_fake)).mean()


def optimal_discriminator(p_data, p_g):
    p_data, p_g = _t(p_data), _t(p_g)
    return p_data / (p_data + p_g)


def wgan_critic_loss(real_scores, fake_scores):
    return _t(fake_scores).mean() - _t(real_scores).mean()


def wgan_generator_loss(fake_scores):
    return -_t(fake_scores).mean()


def gradient_penalty(critic, real, fake, alpha):
    x_hat = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
    scores = critic(x_hat)
    (grad,) = torch.autograd.grad(scores, x_hat, grad_outputs=torch.ones_like(scores), create_graph=True)
    norms = torch.sqrt((grad.flatten(start_dim=1) ** 2).sum(dim=1) + 1e-8)
    return ((norms - 1) ** 2).mean()
