"""Public cases: run them yourself; the grader runs these and hidden ones like them."""
import math
from functools import partial

import numpy as np

from dlgrade.spec import Case, Check

# Losses range from about 0.01 to 1000 (logits of +-1000), penalties and their gradients are of
# order 0.01 to 20. A correct answer in float32 (torch's default) is within 2e-7 + 1e-5 |expected|
# of the reference, a penalty with the common sqrt(sum g^2 + 1e-8) within 1e-8 + 1e-5 |expected|
# (measured over 300 seeds of the hidden cases, whose gradient norms are at least 0.1); every known
# mistake is off by 0.01 or more.
FLOAT32 = Check(rtol=1e-5, atol=1e-5)
Float = partial(Case, check=FLOAT32)  # every case of this exercise is compared with FLOAT32

LOG4 = math.log(4.0)

# Gradient penalty, worked example of the statement: the critic
#   f(x) = W2 tanh(W1 x + b1) + b2   with W1 = [[1, 0]], b1 = 0, W2 = [[3]], b2 = 0
# and x_hat = 0.5 * real + 0.5 * fake = 0 for both samples, where tanh'(0) = 1: the gradient
# of f at x_hat is 3 * (1, 0), its norm 3, the penalty (3 - 1)^2 = 4 for every sample. The
# gradients of the penalty with respect to the critic's parameters, in the order
# W1, b1, W2, b2: 2 (3 - 1) * (3, 0) = (12, 0), 0, 2 (3 - 1) * 1 = 4, 0.
GP_WEIGHTS = (np.array([[1.0, 0.0]]), np.zeros(1), np.array([[3.0]]), np.zeros(1))
GP_REAL = np.array([[1.0, 0.0], [2.0, 0.0]])
GP_FAKE = np.array([[-1.0, 0.0], [-2.0, 0.0]])
GP_ALPHA = np.array([[0.5], [0.5]])

# A critic whose gradient at x_hat = 0 has norm exactly 1 (0.6^2 + 0.8^2 = 1) pays no
# penalty; the inputs are image-shaped (n, C, H, W) = (2, 1, 1, 2), alpha is (n, 1, 1, 1).
GP_UNIT_WEIGHTS = (np.array([[0.6, 0.8]]), np.array([0.0]), np.array([[1.0]]), np.array([0.5]))
GP_UNIT_REAL = np.array([[[[0.25, -1.0]]], [[[3.0, 2.0]]]])
GP_UNIT_FAKE = np.array([[[[-0.25, 1.0]]], [[[-1.0, -2.0 / 3.0]]]])
GP_UNIT_ALPHA = np.array([[[[0.5]]], [[[0.25]]]])

CASES = [
    Float("discriminator_loss", (np.array([0.0]), np.array([0.0])), expected=2 * math.log(2.0),
          name="discriminator_loss: D = 1/2 everywhere gives 2 log 2"),
    Float("discriminator_loss", (np.array([1000.0, -1000.0]), np.array([-1000.0, 1000.0])), expected=1000.0,
          name="discriminator_loss: logits of +-1000 stay finite"),
    Float("discriminator_loss", (np.array([2.0, -1.0, 0.5]), np.array([-3.0])), expected=0.6866762458208427,
          name="discriminator_loss: real and fake batches of different sizes"),
    Float("generator_loss", (np.array([0.0, 0.0]),), expected=math.log(2.0),
          name="generator_loss: non-saturating, D = 1/2"),
    Float("generator_loss", (np.array([0.0, 0.0]),), {"non_saturating": False}, expected=-math.log(2.0),
          name="generator_loss: saturating (minimax), D = 1/2"),
    Float("generator_loss", (np.array([1000.0, -1000.0]),), expected=500.0,
          name="generator_loss: non-saturating, logits of +-1000"),
    Float("generator_loss", (np.array([1000.0, -1000.0]),), {"non_saturating": False}, expected=-500.0,
          name="generator_loss: saturating, logits of +-1000"),
    Float("value_function", (np.array([0.5, 0.5]), np.array([0.5])), expected=-LOG4,
          name="value_function: V(D*, G) = -log 4 at p_g = p_data"),
    Float("value_function", (np.array([0.8]), np.array([0.2])), expected=2 * math.log(0.8),
          name="value_function: D(x) = 0.8, D(G(z)) = 0.2"),
    Float("optimal_discriminator", (np.array([0.2, 0.5, 0.0]), np.array([0.2, 0.1, 0.3])),
          expected=np.array([0.5, 5.0 / 6.0, 0.0]), name="optimal_discriminator: eq. 99 elementwise"),
    Float("wgan_critic_loss", (np.array([1.0, 3.0]), np.array([0.5])), expected=-1.5,
          name="wgan_critic_loss: mean(fake) - mean(real)"),
    Float("wgan_generator_loss", (np.array([0.5, -1.5]),), expected=0.5,
          name="wgan_generator_loss: -mean(fake)"),
    Float("gradient_penalty", GP_WEIGHTS + (GP_REAL, GP_FAKE, GP_ALPHA), harness="gradient_penalty_case",
          expected={"value": 4.0, "is_tensor": True,
                    "grads": [np.array([[12.0, 0.0]]), np.array([0.0]), np.array([[4.0]]), np.array([0.0])]},
          name="gradient_penalty: gradient norm 3 per sample, the worked example"),
    Float("gradient_penalty", GP_UNIT_WEIGHTS + (GP_UNIT_REAL, GP_UNIT_FAKE, GP_UNIT_ALPHA),
          harness="gradient_penalty_case",
          expected={"value": 0.0, "is_tensor": True,
                    "grads": [np.zeros((1, 2)), np.zeros(1), np.zeros((1, 1)), np.zeros(1)]},
          name="gradient_penalty: gradient norm exactly 1, image-shaped input"),
]
