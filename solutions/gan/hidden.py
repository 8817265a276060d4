"""Hidden cases for the GAN exercise, generated from the per-submission seed."""
import numpy as np

from dlgrade.spec import Case

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


def cases(rng):
    out = []
    n, m = int(rng.integers(5, 12)) | 1, int(rng.integers(3, 9)) | 1
    real, fake = rng.normal(scale=2.0, size=n), rng.normal(scale=2.0, size=m)
    out += [
        Case("discriminator_loss", (real, fake), name="discriminator_loss: random logits, batches of odd, different sizes"),
        Case("discriminator_loss", (extreme_logits(rng, 9), extreme_logits(rng, 7)),
             name="discriminator_loss: logits of +-1000"),
        Case("discriminator_loss", (rng.normal(size=1) + 2.0, rng.normal(size=1) - 1.0),
             name="discriminator_loss: a batch of one sample"),
        Case("generator_loss", (fake,), name="generator_loss: non-saturating, random logits"),
        Case("generator_loss", (fake,), {"non_saturating": False}, name="generator_loss: saturating, random logits"),
        Case("generator_loss", (extreme_logits(rng, 7),), name="generator_loss: non-saturating, logits of +-1000"),
        Case("generator_loss", (extreme_logits(rng, 9),), {"non_saturating": False},
             name="generator_loss: saturating, logits of +-1000"),
        Case("generator_loss", (rng.normal(size=1) - 4.0,), {"non_saturating": False},
             name="generator_loss: saturating, a batch of one poor sample"),
    ]
    n, m = int(rng.integers(4, 10)) | 1, int(rng.integers(2, 8)) | 1
    out += [
        Case("value_function", (rng.uniform(0.05, 0.95, size=n), rng.uniform(0.05, 0.95, size=m)),
             name="value_function: random probabilities, batches of different sizes"),
        Case("value_function", (rng.uniform(0.6, 0.99, size=1), rng.uniform(0.01, 0.4, size=1)),
             name="value_function: a batch of one sample"),
    ]
    shape = (int(rng.integers(2, 5)), int(rng.integers(3, 7)))
    p_data, p_g = rng.uniform(0.01, 2.0, size=shape), rng.uniform(0.01, 2.0, size=shape)
    p_data[0, 0] = 0.0
    out += [
        Case("optimal_discriminator", (p_data, p_g), name="optimal_discriminator: densities on a 2-D grid"),
        Case("optimal_discriminator", (p_g[0], p_g[0].copy()), name="optimal_discriminator: p_g = p_data"),
    ]
    n, m = int(rng.integers(4, 10)) | 1, int(rng.integers(2, 8)) | 1
    real, fake = rng.normal(loc=1.0, scale=3.0, size=n), rng.normal(loc=-0.5, scale=3.0, size=m)
    out += [
        Case("wgan_critic_loss", (real, fake), name="wgan_critic_loss: random scores, batches of different sizes"),
        Case("wgan_critic_loss", (real[:1], fake[:1]), name="wgan_critic_loss: a batch of one sample"),
        Case("wgan_generator_loss", (fake,), name="wgan_generator_loss: random scores"),
        Case("wgan_generator_loss", (real[:1],), name="wgan_generator_loss: a batch of one sample"),
    ]
    d = int(rng.integers(3, 6))
    shape = (int(rng.integers(4, 8)) | 1, d)
    out.append(Case("gradient_penalty", critic_weights(rng, d, 4) + penalty_inputs(rng, shape), harness=GP,
                    name="gradient_penalty: flat inputs (n, d)"))
    c, h, w = int(rng.integers(1, 4)), int(rng.integers(2, 5)), int(rng.integers(2, 5)) | 1
    shape = (int(rng.integers(3, 6)), c, h, w)
    out.append(Case("gradient_penalty", critic_weights(rng, c * h * w, 5) + penalty_inputs(rng, shape), harness=GP,
                    name="gradient_penalty: image-shaped inputs (n, C, H, W)"))
    shape = (1, 2, 3, 3)
    out.append(Case("gradient_penalty", critic_weights(rng, 18, 3) + penalty_inputs(rng, shape), harness=GP,
                    name="gradient_penalty: a batch of one image"))
    return out
