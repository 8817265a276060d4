"""Exercise: generative adversarial networks and WGAN (lecture eqs. 95-99, WGAN section).

Discriminator outputs are logits l (before the sigmoid), D = sigmoid(l). Every loss is a
mean over the batch and must stay finite for logits as large as +-1000: compute
log D and log(1 - D) from the logits with softplus, never as log(sigmoid(l)).
Inputs are numpy arrays of float64 (except in gradient_penalty, which works on torch
tensors); return Python floats for the losses.
"""


def discriminator_loss(real_logits, fake_logits):
    """The discriminator loss (eq. 96) as a float:

        L_D = -mean_i log D(x_i) - mean_j log(1 - D(G(z_j)))

    real_logits: (n,) logits of the discriminator on real samples x_i.
    fake_logits: (m,) logits on generated samples G(z_j); m may differ from n.
    """
    raise NotImplementedError


def generator_loss(fake_logits, non_saturating=True):
    """The generator loss as a float, fake_logits of shape (m,):

    non_saturating=True:  L_G = -mean_j log D(G(z_j))       (eq. 98)
    non_saturating=False: L_G =  mean_j log(1 - D(G(z_j)))  (eq. 97, the minimax form)
    """
    raise NotImplementedError


def value_function(d_real, d_fake):
    """The value function V(D, G) of eq. 95 as a float, from probabilities in (0, 1):

        V = mean_i log D(x_i) + mean_j log(1 - D(G(z_j)))

    d_real: (n,) values D(x_i); d_fake: (m,) values D(G(z_j)).
    """
    raise NotImplementedError


def optimal_discriminator(p_data, p_g):
    """The optimal discriminator D*(x) of eq. 99, elementwise, same shape as the inputs:

        D*(x) = p_data(x) / (p_data(x) + p_g(x))

    p_data, p_g: arrays of the same shape with densities >= 0 (not both 0 at one point).
    """
    raise NotImplementedError


def wgan_critic_loss(real_scores, fake_scores):
    """The WGAN critic loss as a float, to be minimised by the critic:

        L_critic = mean_j f(G(z_j)) - mean_i f(x_i)

    real_scores: (n,) critic outputs f(x_i) (scores, not logits: no sigmoid);
    fake_scores: (m,) critic outputs f(G(z_j)).
    """
    raise NotImplementedError


def wgan_generator_loss(fake_scores):
    """The WGAN generator loss as a float: L_G = -mean_j f(G(z_j)); fake_scores (m,)."""
    raise NotImplementedError


def gradient_penalty(critic, real, fake, alpha):
    """The WGAN-GP gradient penalty as a 0-d torch tensor, differentiable w.r.t. the critic.

    critic: a torch callable (e.g. an nn.Module) mapping a batch of shape (n, ...) to
            scores of shape (n, 1).
    real, fake: torch tensors of shape (n, d) or (n, C, H, W), float64.
    alpha: torch tensor of shape (n, 1) or (n, 1, 1, 1), broadcast over each sample.

        x_hat = alpha * real + (1 - alpha) * fake
        penalty = mean_i (||grad_x f(x_hat_i)||_2 - 1)^2

    The norm is taken per sample, over all of that sample's entries. The gradient must be
    computed so that the penalty can itself be backpropagated into the critic's parameters.
    """
    raise NotImplementedError
