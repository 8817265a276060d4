"""Exercise: the variational autoencoder's loss (lecture 001, eqs. 89-94).

The encoder outputs mu and logvar = log sigma^2, each of shape (n, d): n samples
(one per row), d latent dimensions. The decoder's output x_mean (Gaussian decoder) or
logits (Bernoulli decoder) and the data x have shape (n, D): D features per sample.
All inputs are float64 numpy arrays; you may return numpy arrays, torch tensors or lists.
Every result is per sample, shape (n,): no mean or sum over the batch.
"""


def reparameterize(mu, logvar, eps):
    """Return z = mu + sigma * eps with sigma = exp(logvar / 2) (eqs. 92-93), shape (n, d).

    mu, logvar, eps: (n, d); eps is the standard normal noise, given so the result is
    deterministic.
    """
    raise NotImplementedError


def kl_divergence(mu, logvar):
    """Return D_KL(q(z|x) || N(0, I)) for every sample, shape (n,).

    q(z|x) = N(mu, diag(exp(logvar))); mu, logvar: (n, d). Summed over the d latent
    dimensions. Never negative (lecture eq. 91 has the sign wrong: see the statement).
    """
    raise NotImplementedError


def gaussian_log_likelihood(x, x_mean, sigma2=1.0):
    """Return log N(x; x_mean, sigma2 * I) for every sample, shape (n,).

    x, x_mean: (n, D); sigma2 > 0 is a float, the decoder's variance. The normalising
    constant is included.
    """
    raise NotImplementedError


def bernoulli_log_likelihood(x, logits):
    """Return sum_i x_i log p_i + (1 - x_i) log(1 - p_i), p = sigmoid(logits), shape (n,).

    x: (n, D) with values in [0, 1]; logits: (n, D), any real numbers. The result must be
    finite and accurate even for logits of +-1000.
    """
    raise NotImplementedError


def elbo(x, x_mean, mu, logvar, sigma2=1.0, beta=1.0):
    """Return the (beta-)ELBO for every sample, shape (n,):

    gaussian_log_likelihood(x, x_mean, sigma2) - beta * kl_divergence(mu, logvar).
    x, x_mean: (n, D); mu, logvar: (n, d); sigma2 > 0 and beta >= 0 are floats.
    """
    raise NotImplementedError
