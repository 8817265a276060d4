"""Known mistakes on the GAN exercise, each a small variant of the reference."""
# ruff: noqa: F811, F821  (each mistake redefines a reference function; it runs in the reference's namespace)
from dlgrade.spec import MistakeRegistry

known = MistakeRegistry()


@known.mistake("unstable_log_sigmoid")
def log_sigmoid(t):
    with np.errstate(over="ignore", divide="ignore"):
        return np.log(1.0 / (1.0 + np.exp(-np.asarray(t, dtype=np.float64))))


@known.mistake("clipped_probabilities")
def log_sigmoid(t):
    with np.errstate(over="ignore"):
        p = 1.0 / (1.0 + np.exp(-np.asarray(t, dtype=np.float64)))
    return np.log(np.clip(p, 1e-7, 1.0 - 1e-7))


@known.mistake("real_fake_swapped")
def discriminator_loss(real_logits, fake_logits):
    return float(-np.mean(log_sigmoid(fake_logits)) - np.mean(log_sigmoid(-np.asarray(real_logits, dtype=np.float64))))


@known.mistake("saturating_swapped")
def generator_loss(fake_logits, non_saturating=True):
    fake_logits = np.asarray(fake_logits, dtype=np.float64)
    if not non_saturating:
        return float(-np.mean(log_sigmoid(fake_logits)))
    return float(np.mean(log_sigmoid(-fake_logits)))


@known.mistake("saturating_sign")
def generator_loss(fake_logits, non_saturating=True):
    fake_logits = np.asarray(fake_logits, dtype=np.float64)
    if non_saturating:
        return float(-np.mean(log_sigmoid(fake_logits)))
    return float(-np.mean(log_sigmoid(-fake_logits)))


@known.mistake("one_bce_over_both_batches")
def discriminator_loss(real_logits, fake_logits):
    real, fake = np.asarray(real_logits, dtype=np.float64), np.asarray(fake_logits, dtype=np.float64)
    return float(-np.mean(np.concatenate([log_sigmoid(real), log_sigmoid(-fake)])))


@known.mistake("sum_not_mean")
def discriminator_loss(real_logits, fake_logits):
    return float(-np.sum(log_sigmoid(real_logits)) - np.sum(log_sigmoid(-np.asarray(fake_logits, dtype=np.float64))))


@known.mistake("sum_not_mean")
def generator_loss(fake_logits, non_saturating=True):
    fake_logits = np.asarray(fake_logits, dtype=np.float64)
    if non_saturating:
        return float(-np.sum(log_sigmoid(fake_logits)))
    return float(np.sum(log_sigmoid(-fake_logits)))


@known.mistake("sum_not_mean")
def value_function(d_real, d_fake):
    d_real, d_fake = np.asarray(d_real, dtype=np.float64), np.asarray(d_fake, dtype=np.float64)
    return float(np.sum(np.log(d_real)) + np.sum(np.log1p(-d_fake)))


@known.mistake("sum_not_mean")
def wgan_critic_loss(real_scores, fake_scores):
    return float(np.sum(np.asarray(fake_scores, dtype=np.float64)) - np.sum(np.asarray(real_scores, dtype=np.float64)))


@known.mistake("sum_not_mean")
def wgan_generator_loss(fake_scores):
    return float(-np.sum(np.asarray(fake_scores, dtype=np.float64)))


@known.mistake("sum_not_mean")
def gradient_penalty(critic, real, fake, alpha):
    x_hat = (alpha * real + (1 - alpha) * fake).detach().requires_grad_(True)
    scores = critic(x_hat)
    (grad,) = torch.autograd.grad(scores, x_hat, grad_outputs=torch.ones_like(scores), create_graph=True)
    norms = grad.reshape(grad.shape[0], -1).norm(2, dim=1)
    return ((norms - 1) ** 2).sum()


@known.mistake("value_is_loss")
def value_function(d_real, d_fake):
    d_real, d_fake = np.asarray(d_real, dtype=np.float64), np.asarray(d_fake, dtype=np.float64)
    return float(-np.mean(np.log(d_real)) - np.mean(np.log1p(-d_fake)))


@known.mistake("optimal_discriminator_inverted")
def optimal_discriminator(p_data, p_g):
    p_data, p_g = np.asarray(p_data, dtype=np.float64), np.asarray(p_g, dtype=np.float64)
    return p_g / (p_data + p_g)


@known.mistake("wgan_sign_flipped")
def wgan_critic_loss(real_scores, fake_scores):
    return float(np.mean(np.asarray(real_scores, dtype=np.float64)) - np.mean(np.asarray(fake_scores, dtype=np.float64)))


@known.mistake("wgan_sign_flipped")
def wgan_generator_loss(fake_scores):
    return float(np.mean(np.asarray(fake_scores, dtype=np.float64)))


@known.mistake("penalty_norm_over_batch")
def gradient_penalty(critic, real, fake, alpha):
    x_hat = (alpha * real + (1 - alpha) * fake).detach().requires_grad_(True)
    scores = critic(x_hat)
    (grad,) = torch.autograd.grad(scores, x_hat, grad_outputs=torch.ones_like(scores), create_graph=True)
    return (grad.norm(2) - 1) ** 2


@known.mistake("penalty_no_create_graph")
def gradient_penalty(critic, real, fake, alpha):
    x_hat = (alpha * real + (1 - alpha) * fake).detach().requires_grad_(True)
    scores = critic(x_hat)
    (grad,) = torch.autograd.grad(scores, x_hat, grad_outputs=torch.ones_like(scores))
    norms = grad.reshape(grad.shape[0], -1).norm(2, dim=1)
    return ((norms - 1) ** 2).mean()


@known.mistake("penalty_squared_norm")
def gradient_penalty(critic, real, fake, alpha):
    x_hat = (alpha * real + (1 - alpha) * fake).detach().requires_grad_(True)
    scores = critic(x_hat)
    (grad,) = torch.autograd.grad(scores, x_hat, grad_outputs=torch.ones_like(scores), create_graph=True)
    sq_norms = (grad.reshape(grad.shape[0], -1) ** 2).sum(dim=1)
    return ((sq_norms - 1) ** 2).mean()


@known.mistake("interpolation_swapped")
def gradient_penalty(critic, real, fake, alpha):
    x_hat = (alpha * fake + (1 - alpha) * real).detach().requires_grad_(True)
    scores = critic(x_hat)
    (grad,) = torch.autograd.grad(scores, x_hat, grad_outputs=torch.ones_like(scores), create_graph=True)
    norms = grad.reshape(grad.shape[0], -1).norm(2, dim=1)
    return ((norms - 1) ** 2).mean()


@known.mistake("penalty_returned_as_number")
def gradient_penalty(critic, real, fake, alpha):
    x_hat = (alpha * real + (1 - alpha) * fake).detach().requires_grad_(True)
    scores = critic(x_hat)
    (grad,) = torch.autograd.grad(scores, x_hat, grad_outputs=torch.ones_like(scores), create_graph=True)
    norms = grad.reshape(grad.shape[0], -1).norm(2, dim=1)
    return ((norms - 1) ** 2).mean().item()


@known.mistake("penalty_norm_over_dim_one")
def gradient_penalty(critic, real, fake, alpha):
    x_hat = (alpha * real + (1 - alpha) * fake).detach().requires_grad_(True)
    scores = critic(x_hat)
    (grad,) = torch.autograd.grad(scores, x_hat, grad_outputs=torch.ones_like(scores), create_graph=True)
    norms = grad.norm(2, dim=1)
    return ((norms - 1) ** 2).mean()
