"""Hidden cases for the GAN exercise, generated from the per-submission seed."""
import numpy as np

from dlgrade.exercises.gan.public import Float

GP = "gradient_penalty_case"


def extreme_logits(rng, n):
    """Logits of +-1000 in random order, with a few moderate ones mixed in."""
    x = rng.choice([-1000.0, 1000.0], size=n)
    x[rng.permutation(n)[: n // 3]] = np.round(rng.normal(scale=3.0, size=n // 3), 3)
    x[0], x[1] = 1000.0, -1000.0
    return rng.permutation(x)


def critic_weights(rng, features, hidden):
    """Weights of the harness's critic f(x) = W2 tanh(W1 x + b1) + b2, scaled so that the
    gradient norms at x_hat are of order 1 (neither all tiny nor all huge)."""
    W1 = rng.normal(scale=1.0 / np.sqrt(features), size=(hidden, features))
    b1 = rng.normal(scale=0.5, size=hidden)
    W2 = rng.normal(scale=1.5 / np.sqrt(hidden), size=(1, hidden))
    b2 = rng.normal(size=1)
    return W1, b1, W2, b2


def penalty_inputs(rng, shape):
    n = shape[0]
    real = rng.normal(size=shape)
    fake = rng.normal(loc=0.5, scale=1.5, size=shape)
    alpha = rng.uniform(0.05, 0.95, size=(n,) + (1,) * (len(shape) - 1))
    return real, fake, alpha


# Every sample's gradient norm is at least this large: the common sqrt(sum g^2 + 1e-8) then changes
# the penalty's gradients by a relative 1e-8 / (2 * 0.1^2) = 5e-7 at most, far inside the tolerance;
# at a norm of 0.006 (seen in 1 of 300 seeds before) it changed them by 4e-5 and lost the case.
MIN_NORM = 0.1


def input_gradient_norms(W1, b1, W2, x_hat):
    """||grad_x f(x_hat_i)||_2 per sample for the harness's critic f(x) = W2 tanh(W1 x + b1) + b2."""
    x = x_hat.reshape(len(x_hat), -1)
    slopes = 1.0 - np.tanh(x @ W1.T + b1) ** 2  # (n, hidden)
    return np.linalg.norm((slopes * W2) @ W1, axis=1)


def penalty_args(rng, shape, hidden):
    """Critic weights and inputs (W1, b1, W2, b2, real, fake, alpha) with no gradient norm below MIN_NORM."""
    features = int(np.prod(shape[1:]))
    while True:
        W1, b1, W2, b2 = critic_weights(rng, features, hidden)
        real, fake, alpha = penalty_inputs(rng, shape)
        if input_gradient_norms(W1, b1, W2, alpha * real + (1 - alpha) * fake).min() >= MIN_NORM:
            return W1, b1, W2, b2, real, fake, alpha


def cases(rng):
    out = []
    n, m = int(rng.integers(5, 12)) | 1, int(rng.integers(3, 9)) | 1
    real, fake = rng.normal(scale=2.0, size=n), rng.normal(scale=2.0, size=m)
    out += [
        Float("discriminator_loss", (real, fake), name="discriminator_loss: random logits, batches of odd, different sizes"),
        Float("discriminator_loss", (extreme_logits(rng, 9), extreme_logits(rng, 7)),
              name="discriminator_loss: logits of +-1000"),
        Float("discriminator_loss", (rng.normal(size=1) + 2.0, rng.normal(size=1) - 1.0),
              name="discriminator_loss: a batch of one sample"),
        Float("generator_loss", (fake,), name="generator_loss: non-saturating, random logits"),
        Float("generator_loss", (fake,), {"non_saturating": False}, name="generator_loss: saturating, random logits"),
        Float("generator_loss", (extreme_logits(rng, 7),), name="generator_loss: non-saturating, logits of +-1000"),
        Float("generator_loss", (extreme_logits(rng, 9),), {"non_saturating": False},
              name="generator_loss: saturating, logits of +-1000"),
        Float("generator_loss", (rng.normal(size=1) - 4.0,), {"non_saturating": False},
              name="generator_loss: saturating, a batch of one poor sample"),
    ]
    n, m = int(rng.integers(4, 10)) | 1, int(rng.integers(2, 8)) | 1
    out += [
        Float("value_function", (rng.uniform(0.05, 0.95, size=n), rng.uniform(0.05, 0.95, size=m)),
              name="value_function: random probabilities, batches of different sizes"),
        Float("value_function", (rng.uniform(0.6, 0.99, size=1), rng.uniform(0.01, 0.4, size=1)),
              name="value_function: a batch of one sample"),
    ]
    shape = (int(rng.integers(2, 5)), int(rng.integers(3, 7)))
    p_data, p_g = rng.uniform(0.01, 2.0, size=shape), rng.uniform(0.01, 2.0, size=shape)
    p_data[0, 0] = 0.0
    out += [
        Float("optimal_discriminator", (p_data, p_g), name="optimal_discriminator: densities on a 2-D grid"),
        Float("optimal_discriminator", (p_g[0], p_g[0].copy()), name="optimal_discriminator: p_g = p_data"),
    ]
    n, m = int(rng.integers(4, 10)) | 1, int(rng.integers(2, 8)) | 1
    real, fake = rng.normal(loc=1.0, scale=3.0, size=n), rng.normal(loc=-0.5, scale=3.0, size=m)
    out += [
        Float("wgan_critic_loss", (real, fake), name="wgan_critic_loss: random scores, batches of different sizes"),
        Float("wgan_critic_loss", (real[:1], fake[:1]), name="wgan_critic_loss: a batch of one sample"),
        Float("wgan_generator_loss", (fake,), name="wgan_generator_loss: random scores"),
        Float("wgan_generator_loss", (real[:1],), name="wgan_generator_loss: a batch of one sample"),
    ]
    d = int(rng.integers(3, 6))
    shape = (int(rng.integers(4, 8)) | 1, d)
    out.append(Float("gradient_penalty", penalty_args(rng, shape, 4), harness=GP,
                     name="gradient_penalty: flat inputs (n, d)"))
    c, h, w = int(rng.integers(1, 4)), int(rng.integers(2, 5)), int(rng.integers(2, 5)) | 1
    shape = (int(rng.integers(3, 6)), c, h, w)
    out.append(Float("gradient_penalty", penalty_args(rng, shape, 5), harness=GP,
                     name="gradient_penalty: image-shaped inputs (n, C, H, W)"))
    shape = (1, 2, 3, 3)
    out.append(Float("gradient_penalty", penalty_args(rng, shape, 3), harness=GP,
                     name="gradient_penalty: a batch of one image"))
    return out
