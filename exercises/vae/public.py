"""Public cases: run them yourself; the grader runs these and hidden ones like them.

Every expected value below was checked against torch.distributions (Normal.log_prob,
kl_divergence) and torch.nn.functional.binary_cross_entropy_with_logits.
"""
from functools import partial

import numpy as np

from dlgrade.spec import Case, Check

# Values here and in the hidden cases range from about 0.01 to 5000 (Bernoulli terms of logits of
# +-1000); a correct answer computed in float32 (torch's default) is within 3e-7 + 1e-5 |expected|
# of the reference (measured over 200 seeds of the hidden cases), every known mistake off by 0.01
# or more: rtol = atol = 1e-5 accepts the one and rejects the other.
FLOAT32 = Check(rtol=1e-5, atol=1e-5)
Float = partial(Case, check=FLOAT32)  # every case of this exercise is compared with FLOAT32

LOG4 = np.log(4.0)  # logvar of sigma^2 = 4, i.e. sigma = 2

CASES = [
    # z = mu + exp(logvar / 2) * eps: sigma = 1 and sigma = 2.
    Float("reparameterize", (np.array([[1.0, -1.0]]), np.array([[0.0, LOG4]]), np.array([[0.5, 1.0]])),
          expected=np.array([[1.5, 1.0]]), name="reparameterize: sigma = 1 and sigma = 2"),
    Float("reparameterize", (np.array([[0.0, 0.0], [2.0, 0.0]]), np.zeros((2, 2)), np.array([[1.0, -1.0], [0.5, 0.0]])),
          expected=np.array([[1.0, -1.0], [2.5, 0.0]]), name="reparameterize: a batch of two, logvar = 0"),
    # KL(N(0, 1) || N(0, 1)) = 0: q equal to the prior costs nothing.
    Float("kl_divergence", (np.array([[0.0]]), np.array([[0.0]])),
          expected=np.array([0.0]), name="kl_divergence: KL(N(0,1) || N(0,1)) = 0"),
    # sigma = 1: only the mean costs, 0.5 * (1 + 1 + 4) = 3.
    Float("kl_divergence", (np.array([[1.0, -1.0, 2.0]]), np.zeros((1, 3))),
          expected=np.array([3.0]), name="kl_divergence: mu = (1, -1, 2), sigma = 1"),
    # Row 2: sigma^2 = 4 -> 0.5 * (4 - 1 - log 4) = 1.5 - log 2.
    Float("kl_divergence", (np.zeros((2, 2)), np.array([[0.0, 0.0], [LOG4, 0.0]])),
          expected=np.array([0.0, 0.8068528194400547]), name="kl_divergence: sigma^2 = 4 in one dimension, per sample"),
    # sigma^2 = 1/4 -> 0.5 * (1/4 - 1 + log 4): positive although logvar < 0.
    Float("kl_divergence", (np.array([[0.0]]), np.array([[-LOG4]])),
          expected=np.array([0.3181471805599453]), name="kl_divergence: sigma^2 = 1/4 (never negative)"),
    # -D/2 log(2 pi sigma^2) - ||x - x_mean||^2 / (2 sigma^2).
    Float("gaussian_log_likelihood", (np.zeros((1, 2)), np.zeros((1, 2))),
          expected=np.array([-1.8378770664093453]),
          name="gaussian_log_likelihood: x = x_mean, D = 2 (only the constant -log 2 pi)"),
    Float("gaussian_log_likelihood", (np.array([[1.0, 2.0]]), np.zeros((1, 2))),
          expected=np.array([-4.337877066409345]), name="gaussian_log_likelihood: -log 2 pi - 5/2"),
    Float("gaussian_log_likelihood", (np.array([[2.0]]), np.array([[0.0]])), {"sigma2": 2.0},
          expected=np.array([-2.265512123484645]), name="gaussian_log_likelihood: sigma2 = 2, -log(4 pi)/2 - 1"),
    Float("bernoulli_log_likelihood", (np.array([[1.0, 0.0]]), np.array([[0.0, 0.0]])),
          expected=np.array([-1.3862943611198906]), name="bernoulli_log_likelihood: logits 0, p = 1/2, 2 log(1/2)"),
    Float("bernoulli_log_likelihood", (np.array([[1.0]]), np.array([[np.log(3.0)]])),
          expected=np.array([-0.2876820724517809]), name="bernoulli_log_likelihood: logit log 3, p = 3/4"),
    # Right with certainty costs 0, wrong with certainty costs exactly -1000: no inf, no nan.
    Float("bernoulli_log_likelihood", (np.array([[1.0, 0.0, 1.0]]), np.array([[1000.0, -1000.0, -1000.0]])),
          expected=np.array([-1000.0]), name="bernoulli_log_likelihood: logits +-1000 stay finite"),
    # log-likelihood -log 2 pi - 5/2 minus KL 1/2.
    Float("elbo", (np.array([[1.0, 2.0]]), np.zeros((1, 2)), np.array([[1.0, 0.0]]), np.zeros((1, 2))),
          expected=np.array([-4.837877066409345]), name="elbo: sigma2 = 1, beta = 1"),
    # log-likelihood -log(4 pi)/2 - 1 minus 2 * KL 2 (mu = 2: a KL without its -1, 5/2, and one
    # without its 1/2, 4, give different answers).
    Float("elbo", (np.array([[2.0]]), np.array([[0.0]]), np.array([[2.0]]), np.array([[0.0]])),
          {"sigma2": 2.0, "beta": 2.0},
          expected=np.array([-6.265512123484646]), name="elbo: sigma2 = 2, beta = 2"),
]
