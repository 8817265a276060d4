"""Known mistakes on the VAE loss, each a small variant of the reference.

Each function replaces the reference function of the same name; its source is appended to
the reference's, so it may use only what reference.py defines or imports (np, LOG_2PI,
_as_float, _per_sample_sum, _features, _softplus and the reference functions).
"""
# ruff: noqa: F811, F821  (each mistake redefines a reference function; it runs in the reference's namespace)
import numpy as np

from dlgrade.spec import MistakeRegistry

from .reference import LOG_2PI, _as_float, _features, _per_sample_sum, _softplus  # noqa: F401

known = MistakeRegistry()


# --- reparameterize ---------------------------------------------------------------------


@known.mistake(
    "reparam_exp_logvar_scale",
    de="In der Reparametrisierung wurde exp(logvar) = σ² als Skala verwendet; ε muss mit der Standardabweichung σ = exp(logvar / 2) multipliziert werden.",
    en="The reparameterization used exp(logvar) = sigma^2 as the scale; eps must be multiplied by the standard deviation sigma = exp(logvar / 2).",
    hint_de="Gl. (93): z = μ + σ ⊙ ε. Der Encoder liefert log σ², nicht log σ.",
    hint_en="Eq. (93): z = mu + sigma ⊙ eps. The encoder outputs log sigma^2, not log sigma.",
)
def reparameterize(mu, logvar, eps):
    mu, logvar, eps = _as_float(mu), _as_float(logvar), _as_float(eps)
    return mu + np.exp(logvar) * eps


@known.mistake(
    "reparam_logvar_scale",
    de="In der Reparametrisierung wurde logvar direkt als Skala verwendet; logvar ist log σ² und kann negativ sein, die Skala ist σ = exp(logvar / 2).",
    en="The reparameterization used logvar itself as the scale; logvar is log sigma^2 and may be negative, the scale is sigma = exp(logvar / 2).",
    hint_de="Gl. (93) und die 'praktische Implementierung' darunter: aus log σ² muss erst σ werden.",
    hint_en="Eq. (93) and the 'practical implementation' below it: log sigma^2 has to be turned into sigma first.",
)
def reparameterize(mu, logvar, eps):
    mu, logvar, eps = _as_float(mu), _as_float(logvar), _as_float(eps)
    return mu + logvar * eps


# --- kl_divergence ----------------------------------------------------------------------


@known.mistake(
    "kl_slide_sign",
    de="Die KL-Divergenz hat das falsche Vorzeichen (sie ist negativ): das ist die Formel von Folie/Gl. (91), die in Wahrheit -D_KL angibt. Eine KL-Divergenz ist nie negativ.",
    en="The KL divergence has the wrong sign (it is negative): that is the formula of slide/eq. (91), which actually gives -D_KL. A KL divergence is never negative.",
    hint_de="Prüfe μ = 0, σ² = 4: D_KL(q‖p) muss ≥ 0 sein. Siehe den Hinweis zu Gl. (91) in der Aufgabenstellung.",
    hint_en="Check mu = 0, sigma^2 = 4: D_KL(q||p) must be >= 0. See the note on eq. (91) in the statement.",
)
def kl_divergence(mu, logvar):
    mu, logvar = _as_float(mu), _as_float(logvar)
    return 0.5 * _per_sample_sum(1.0 + logvar - mu**2 - np.exp(logvar))


@known.mistake(
    "kl_mean_over_latent",
    de="Die KL-Divergenz wurde über die latenten Dimensionen gemittelt statt summiert.",
    en="The KL divergence was averaged over the latent dimensions instead of summed.",
    hint_de="Gl. (91) summiert über j = 1, …, d: die KL-Divergenz unabhängiger Dimensionen addiert sich.",
    hint_en="Eq. (91) sums over j = 1, ..., d: the KL divergence of independent dimensions adds up.",
)
def kl_divergence(mu, logvar):
    mu, logvar = _as_float(mu), _as_float(logvar)
    return 0.5 * np.mean(mu**2 + np.exp(logvar) - 1.0 - logvar, axis=1)


@known.mistake(
    "kl_missing_half",
    de="Der Faktor 1/2 vor der Summe der KL-Divergenz fehlt.",
    en="The factor 1/2 in front of the KL divergence's sum is missing.",
    hint_de="Vergleiche mit dem Vorfaktor in Gl. (91); für μ = 1, σ = 1 ist D_KL = 1/2.",
    hint_en="Compare with the prefactor in eq. (91); for mu = 1, sigma = 1, D_KL = 1/2.",
)
def kl_divergence(mu, logvar):
    mu, logvar = _as_float(mu), _as_float(logvar)
    return _per_sample_sum(mu**2 + np.exp(logvar) - 1.0 - logvar)


@known.mistake(
    "kl_summed_over_batch",
    de="Die KL-Divergenz wurde über den ganzen Batch summiert (eine Zahl) statt pro Stichprobe zurückgegeben (Form (n,)).",
    en="The KL divergence was summed over the whole batch (one number) instead of returned per sample (shape (n,)).",
    hint_de="Summiere nur über die latenten Dimensionen j (Gl. 91), nicht über die Zeilen des Batches.",
    hint_en="Sum only over the latent dimensions j (eq. 91), not over the rows of the batch.",
)
def kl_divergence(mu, logvar):
    mu, logvar = _as_float(mu), _as_float(logvar)
    return float(0.5 * np.sum(mu**2 + np.exp(logvar) - 1.0 - logvar))


@known.mistake(
    "kl_logvar_as_log_sigma",
    de="logvar wurde in der KL-Divergenz als log σ gelesen (σ² = exp(2·logvar)); der Encoder liefert aber log σ².",
    en="logvar was read as log sigma in the KL divergence (sigma^2 = exp(2 logvar)); the encoder outputs log sigma^2.",
    hint_de="In Gl. (91) stehen σ_j² und log σ_j²; beides folgt direkt aus logvar = log σ².",
    hint_en="Eq. (91) uses sigma_j^2 and log sigma_j^2; both follow directly from logvar = log sigma^2.",
)
def kl_divergence(mu, logvar):
    mu, logvar = _as_float(mu), _as_float(logvar)
    return 0.5 * _per_sample_sum(mu**2 + np.exp(2.0 * logvar) - 1.0 - 2.0 * logvar)


# --- gaussian_log_likelihood ------------------------------------------------------------


@known.mistake(
    "gaussian_constant_missing",
    de="Der Normierungsterm -(D/2)·log(2πσ²) der Gauß-Log-Likelihood fehlt; gefragt ist log N(x; x_mean, σ²I) mit allen Konstanten.",
    en="The normalising term -(D/2) log(2 pi sigma^2) of the Gaussian log-likelihood is missing; the task asks for log N(x; x_mean, sigma^2 I) with all constants.",
    hint_de="Schreibe die Dichte der Normalverteilung des Decoders p_θ(x|z) = N(μ_θ(z), σ²I) (Folie 'Mathematische Grundlagen') vollständig hin und logarithmiere sie.",
    hint_en="Write out the full density of the decoder's normal distribution p_theta(x|z) = N(mu_theta(z), sigma^2 I) ('mathematical foundations' slide) and take its logarithm.",
)
def gaussian_log_likelihood(x, x_mean, sigma2=1.0):
    x, x_mean = _as_float(x), _as_float(x_mean)
    return -0.5 * _per_sample_sum((x - x_mean) ** 2) / sigma2


@known.mistake(
    "gaussian_log_sigma2_missing",
    de="Im Normierungsterm fehlt -(D/2)·log σ²: nur -(D/2)·log(2π) wurde abgezogen. Für σ² ≠ 1 ist das falsch.",
    en="The normalising term lacks -(D/2) log sigma^2: only -(D/2) log(2 pi) was subtracted. That is wrong for sigma^2 != 1.",
    hint_de="Die Normierung der Dichte von N(μ, σ²) ist 1/√(2πσ²) je Merkmal, nicht 1/√(2π).",
    hint_en="The normalisation of the density of N(mu, sigma^2) is 1/sqrt(2 pi sigma^2) per feature, not 1/sqrt(2 pi).",
)
def gaussian_log_likelihood(x, x_mean, sigma2=1.0):
    x, x_mean = _as_float(x), _as_float(x_mean)
    return -0.5 * (_features(x) * LOG_2PI + _per_sample_sum((x - x_mean) ** 2) / sigma2)


@known.mistake(
    "gaussian_constant_once",
    de="Der Normierungsterm -½·log(2πσ²) wurde nur einmal statt D-mal (einmal je Merkmal) abgezogen.",
    en="The normalising term -1/2 log(2 pi sigma^2) was subtracted once instead of D times (once per feature).",
    hint_de="N(x; μ, σ²I) ist ein Produkt von D eindimensionalen Dichten; der Logarithmus macht daraus eine Summe von D Termen.",
    hint_en="N(x; mu, sigma^2 I) is a product of D one-dimensional densities; the logarithm turns it into a sum of D terms.",
)
def gaussian_log_likelihood(x, x_mean, sigma2=1.0):
    x, x_mean = _as_float(x), _as_float(x_mean)
    return -0.5 * (LOG_2PI + np.log(sigma2) + _per_sample_sum((x - x_mean) ** 2) / sigma2)


@known.mistake(
    "sigma2_ignored",
    de="Die Varianz sigma2 des Decoders wurde ignoriert (als wäre σ² = 1).",
    en="The decoder's variance sigma2 was ignored (as if sigma^2 = 1).",
    hint_de="Der Decoder ist p_θ(x|z) = N(μ_θ(z), σ²I): σ² steht sowohl im quadratischen Term als auch in der Normierung.",
    hint_en="The decoder is p_theta(x|z) = N(mu_theta(z), sigma^2 I): sigma^2 appears in the squared term and in the normalisation.",
)
def gaussian_log_likelihood(x, x_mean, sigma2=1.0):
    x, x_mean = _as_float(x), _as_float(x_mean)
    return -0.5 * (_features(x) * LOG_2PI + _per_sample_sum((x - x_mean) ** 2))


@known.mistake(
    "sigma2_as_std",
    de="sigma2 wurde als Standardabweichung σ behandelt (Varianz sigma2²); sigma2 ist bereits die Varianz σ².",
    en="sigma2 was treated as the standard deviation sigma (variance sigma2^2); sigma2 already is the variance sigma^2.",
    hint_de="Im Decoder N(μ_θ(z), σ²I) ist der Parameter sigma2 = σ², also die Varianz.",
    hint_en="In the decoder N(mu_theta(z), sigma^2 I) the parameter sigma2 = sigma^2, the variance.",
)
def gaussian_log_likelihood(x, x_mean, sigma2=1.0):
    x, x_mean = _as_float(x), _as_float(x_mean)
    var = sigma2**2
    return -0.5 * (_features(x) * (LOG_2PI + np.log(var)) + _per_sample_sum((x - x_mean) ** 2) / var)


# --- bernoulli_log_likelihood -----------------------------------------------------------


@known.mistake(
    "bernoulli_unstable_log_sigmoid",
    de="log(sigmoid(ℓ)) und log(1 - sigmoid(ℓ)) wurden direkt berechnet: für große |ℓ| rundet sigmoid auf 0 oder 1, log 0 = -∞ und 0·(-∞) = nan.",
    en="log(sigmoid(l)) and log(1 - sigmoid(l)) were computed directly: for large |l| sigmoid rounds to 0 or 1, log 0 = -inf and 0 * (-inf) = nan.",
    hint_de="Schreibe log σ(ℓ) und log(1 - σ(ℓ)) mit der Softplus-Funktion log(1 + e^t) und werte diese stabil aus (siehe Aufgabenstellung).",
    hint_en="Write log sigma(l) and log(1 - sigma(l)) with the softplus function log(1 + e^t) and evaluate that stably (see the statement).",
)
def bernoulli_log_likelihood(x, logits):
    x, logits = _as_float(x), _as_float(logits)
    with np.errstate(all="ignore"):
        p = 1.0 / (1.0 + np.exp(-logits))
        return _per_sample_sum(x * np.log(p) + (1.0 - x) * np.log(1.0 - p))


@known.mistake(
    "bernoulli_clipped_probabilities",
    de="Die Wahrscheinlichkeiten wurden auf [1e-7, 1 - 1e-7] beschnitten, um log 0 zu vermeiden: das bleibt endlich, ist für große |ℓ| aber falsch (log(1e-7) ≈ -16 statt -1000).",
    en="The probabilities were clipped to [1e-7, 1 - 1e-7] to avoid log 0: that stays finite but is wrong for large |l| (log(1e-7) ~ -16 instead of -1000).",
    hint_de="Ein Abschneiden ändert den Wert. Exakt und stabil ist die Softplus-Form von log σ(ℓ) (siehe Aufgabenstellung).",
    hint_en="Clipping changes the value. The softplus form of log sigma(l) is exact and stable (see the statement).",
)
def bernoulli_log_likelihood(x, logits):
    x, logits = _as_float(x), _as_float(logits)
    with np.errstate(all="ignore"):
        p = np.clip(1.0 / (1.0 + np.exp(-logits)), 1e-7, 1.0 - 1e-7)
    return _per_sample_sum(x * np.log(p) + (1.0 - x) * np.log(1.0 - p))


@known.mistake(
    "bernoulli_mean_over_features",
    de="Die Bernoulli-Log-Likelihood wurde über die Merkmale gemittelt statt summiert (wie reduction='mean' in PyTorch).",
    en="The Bernoulli log-likelihood was averaged over the features instead of summed (like reduction='mean' in PyTorch).",
    hint_de="Die Merkmale sind gegeben z unabhängig: log p_θ(x|z) ist die Summe über alle D Merkmale.",
    hint_en="The features are independent given z: log p_theta(x|z) is the sum over all D features.",
)
def bernoulli_log_likelihood(x, logits):
    x, logits = _as_float(x), _as_float(logits)
    return -np.mean(x * _softplus(-logits) + (1.0 - x) * _softplus(logits), axis=1)


@known.mistake(
    "bernoulli_returns_bce",
    de="Zurückgegeben wurde die binäre Kreuzentropie (ein Verlust ≥ 0) statt der Log-Likelihood (≤ 0): das Vorzeichen ist vertauscht.",
    en="The binary cross-entropy (a loss >= 0) was returned instead of the log-likelihood (<= 0): the sign is flipped.",
    hint_de="Gefragt ist log p_θ(x|z), der Rekonstruktionsterm von Gl. (90), nicht der Verlust -log p_θ(x|z).",
    hint_en="The task asks for log p_theta(x|z), the reconstruction term of eq. (90), not the loss -log p_theta(x|z).",
)
def bernoulli_log_likelihood(x, logits):
    x, logits = _as_float(x), _as_float(logits)
    return _per_sample_sum(x * _softplus(-logits) + (1.0 - x) * _softplus(logits))


# --- elbo -------------------------------------------------------------------------------


@known.mistake(
    "elbo_kl_added",
    de="Im ELBO wurde die KL-Divergenz addiert statt abgezogen.",
    en="The KL divergence was added to the ELBO instead of subtracted.",
    hint_de="Gl. (90): Rekonstruktionsterm minus D_KL. Der KL-Term bestraft, dass q von der Priori abweicht.",
    hint_en="Eq. (90): the reconstruction term minus D_KL. The KL term penalises q for straying from the prior.",
)
def elbo(x, x_mean, mu, logvar, sigma2=1.0, beta=1.0):
    return gaussian_log_likelihood(x, x_mean, sigma2) + beta * kl_divergence(mu, logvar)


@known.mistake(
    "elbo_beta_on_reconstruction",
    de="β multipliziert den Rekonstruktionsterm statt der KL-Divergenz.",
    en="beta multiplies the reconstruction term instead of the KL divergence.",
    hint_de="Beim β-VAE (Folie 'Varianten') wird nur der Regularisierungsterm gewichtet: β·D_KL.",
    hint_en="In the beta-VAE ('variants' slide) only the regularisation term is weighted: beta * D_KL.",
)
def elbo(x, x_mean, mu, logvar, sigma2=1.0, beta=1.0):
    return beta * gaussian_log_likelihood(x, x_mean, sigma2) - kl_divergence(mu, logvar)


@known.mistake(
    "elbo_beta_ignored",
    de="Der Gewichtsfaktor β der KL-Divergenz wurde ignoriert (als wäre β = 1).",
    en="The KL weight beta was ignored (as if beta = 1).",
    hint_de="Beim β-VAE (Folie 'Varianten') steht β·D_KL im ELBO.",
    hint_en="In the beta-VAE ('variants' slide) the ELBO contains beta * D_KL.",
)
def elbo(x, x_mean, mu, logvar, sigma2=1.0, beta=1.0):
    return gaussian_log_likelihood(x, x_mean, sigma2) - kl_divergence(mu, logvar)


@known.mistake(
    "elbo_returns_loss",
    de="Zurückgegeben wurde der Verlust -ELBO statt des ELBO selbst: das Vorzeichen ist vertauscht.",
    en="The loss -ELBO was returned instead of the ELBO itself: the sign is flipped.",
    hint_de="Gl. (90) ist eine untere Schranke für log p(x); gefragt ist diese Schranke, die beim Training maximiert wird.",
    hint_en="Eq. (90) is a lower bound on log p(x); the task asks for that bound, which training maximises.",
)
def elbo(x, x_mean, mu, logvar, sigma2=1.0, beta=1.0):
    return beta * kl_divergence(mu, logvar) - gaussian_log_likelihood(x, x_mean, sigma2)
