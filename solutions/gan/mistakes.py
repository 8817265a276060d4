"""Known mistakes on the GAN exercise, each a small variant of the reference."""
# ruff: noqa: F811, F821  (each mistake redefines a reference function; it runs in the reference's namespace)
from dlgrade.spec import MistakeRegistry

known = MistakeRegistry()


@known.mistake(
    "unstable_log_sigmoid",
    de="log D und log(1 - D) wurden als log(sigmoid(l)) bzw. log(1 - sigmoid(l)) berechnet. Für große |l| "
       "läuft exp über oder sigmoid rundet auf genau 0 oder 1, und der Verlust wird inf oder nan.",
    en="log D and log(1 - D) were computed as log(sigmoid(l)) and log(1 - sigmoid(l)). For large |l|, exp "
       "overflows or sigmoid rounds to exactly 0 or 1, and the loss becomes inf or nan.",
    hint_de="Schreibe log σ(l) und log(1 - σ(l)) zuerst als Funktion der Logits um (Aufgabentext zu Gl. 96): "
            "welche Funktion von l bleibt für l = ±1000 endlich?",
    hint_en="Rewrite log σ(l) and log(1 - σ(l)) as functions of the logit first (statement, eq. 96): "
            "which function of l stays finite for l = ±1000?",
)
def log_sigmoid(t):
    with np.errstate(over="ignore", divide="ignore"):
        return np.log(1.0 / (1.0 + np.exp(-np.asarray(t, dtype=np.float64))))


@known.mistake(
    "clipped_probabilities",
    de="Die Wahrscheinlichkeiten wurden vor dem Logarithmus auf [ε, 1 - ε] beschnitten. Das ist endlich, aber "
       "falsch: für große |l| ist log D bzw. log(1 - D) viel kleiner als log ε.",
    en="The probabilities were clipped to [ε, 1 - ε] before the logarithm. That is finite but wrong: for "
       "large |l|, log D or log(1 - D) is far below log ε.",
    hint_de="Es braucht kein ε: log σ(l) lässt sich für jedes l exakt und stabil aus dem Logit berechnen "
            "(Aufgabentext zu Gl. 96).",
    hint_en="No ε is needed: log σ(l) can be computed exactly and stably from the logit for every l "
            "(statement, eq. 96).",
)
def log_sigmoid(t):
    with np.errstate(over="ignore"):
        p = 1.0 / (1.0 + np.exp(-np.asarray(t, dtype=np.float64)))
    return np.log(np.clip(p, 1e-7, 1.0 - 1e-7))


@known.mistake(
    "real_fake_swapped",
    de="Echte und erzeugte Daten sind vertauscht: der Diskriminator soll D(x) → 1 für echte und "
       "D(G(z)) → 0 für erzeugte Daten lernen.",
    en="Real and generated data are swapped: the discriminator should learn D(x) → 1 on real data and "
       "D(G(z)) → 0 on generated data.",
    hint_de="Vergleiche Gl. (96): zu welchem Term gehört log D, zu welchem log(1 - D)?",
    hint_en="Compare eq. (96): which term has log D, which has log(1 - D)?",
)
def discriminator_loss(real_logits, fake_logits):
    return float(-np.mean(log_sigmoid(fake_logits)) - np.mean(log_sigmoid(-np.asarray(real_logits, dtype=np.float64))))


@known.mistake(
    "saturating_swapped",
    de="Die beiden Generator-Verluste sind vertauscht: non_saturating=True ist -mean log D(G(z)) (Gl. 98), "
       "non_saturating=False die ursprüngliche Minimax-Form mean log(1 - D(G(z))) (Gl. 97).",
    en="The two generator losses are swapped: non_saturating=True is -mean log D(G(z)) (eq. 98), "
       "non_saturating=False the original minimax form mean log(1 - D(G(z))) (eq. 97).",
    hint_de="Welche der beiden Formen hat für D(G(z)) ≈ 0 (schlechter Generator) einen verschwindenden Gradienten? "
            "Das ist die sättigende.",
    hint_en="Which of the two forms has a vanishing gradient for D(G(z)) ≈ 0 (a poor generator)? "
            "That is the saturating one.",
)
def generator_loss(fake_logits, non_saturating=True):
    fake_logits = np.asarray(fake_logits, dtype=np.float64)
    if not non_saturating:
        return float(-np.mean(log_sigmoid(fake_logits)))
    return float(np.mean(log_sigmoid(-fake_logits)))


@known.mistake(
    "saturating_sign",
    de="Der sättigende Generator-Verlust hat das falsche Vorzeichen: Gl. (97) ist mean log(1 - D(G(z))) ≤ 0; "
       "der Generator minimiert ihn, also den zweiten Term von V(D, G).",
    en="The saturating generator loss has the wrong sign: eq. (97) is mean log(1 - D(G(z))) <= 0; the "
       "generator minimises it, i.e. the second term of V(D, G).",
    hint_de="Im Minimax-Spiel (95) minimiert G dasselbe V, das D maximiert; kein zusätzliches Minuszeichen.",
    hint_en="In the minimax game (95), G minimises the same V that D maximises; no extra minus sign.",
)
def generator_loss(fake_logits, non_saturating=True):
    fake_logits = np.asarray(fake_logits, dtype=np.float64)
    if non_saturating:
        return float(-np.mean(log_sigmoid(fake_logits)))
    return float(-np.mean(log_sigmoid(-fake_logits)))


_SUM_DE = "Es wurde über den Batch summiert statt gemittelt; jeder Verlust ist ein Mittelwert (Erwartungswert)."
_SUM_EN = "The batch was summed instead of averaged; every loss is a mean (an expectation)."


@known.mistake(
    "sum_not_mean", de=_SUM_DE, en=_SUM_EN,
    hint_de="In Gl. (95)-(98) stehen Erwartungswerte E[...]; geschätzt werden sie durch den Mittelwert über den Batch.",
    hint_en="Eqs. (95)-(98) contain expectations E[...]; they are estimated by the mean over the batch.",
)
def discriminator_loss(real_logits, fake_logits):
    return float(-np.sum(log_sigmoid(real_logits)) - np.sum(log_sigmoid(-np.asarray(fake_logits, dtype=np.float64))))


@known.mistake("sum_not_mean", de=_SUM_DE, en=_SUM_EN)
def generator_loss(fake_logits, non_saturating=True):
    fake_logits = np.asarray(fake_logits, dtype=np.float64)
    if non_saturating:
        return float(-np.sum(log_sigmoid(fake_logits)))
    return float(np.sum(log_sigmoid(-fake_logits)))


@known.mistake("sum_not_mean", de=_SUM_DE, en=_SUM_EN)
def value_function(d_real, d_fake):
    d_real, d_fake = np.asarray(d_real, dtype=np.float64), np.asarray(d_fake, dtype=np.float64)
    return float(np.sum(np.log(d_real)) + np.sum(np.log1p(-d_fake)))


@known.mistake("sum_not_mean", de=_SUM_DE, en=_SUM_EN)
def wgan_critic_loss(real_scores, fake_scores):
    return float(np.sum(np.asarray(fake_scores, dtype=np.float64)) - np.sum(np.asarray(real_scores, dtype=np.float64)))


@known.mistake("sum_not_mean", de=_SUM_DE, en=_SUM_EN)
def wgan_generator_loss(fake_scores):
    return float(-np.sum(np.asarray(fake_scores, dtype=np.float64)))


@known.mistake("sum_not_mean", de=_SUM_DE, en=_SUM_EN)
def gradient_penalty(critic, real, fake, alpha):
    x_hat = (alpha * real + (1 - alpha) * fake).detach().requires_grad_(True)
    scores = critic(x_hat)
    (grad,) = torch.autograd.grad(scores, x_hat, grad_outputs=torch.ones_like(scores), create_graph=True)
    norms = grad.reshape(grad.shape[0], -1).norm(2, dim=1)
    return ((norms - 1) ** 2).sum()


@known.mistake(
    "value_is_loss",
    de="value_function gibt -V zurück (den Diskriminator-Verlust aus Wahrscheinlichkeiten) statt V aus Gl. (95). "
       "V ist nie positiv, denn beide Logarithmen sind ≤ 0.",
    en="value_function returns -V (the discriminator loss from probabilities) instead of V of eq. (95). "
       "V is never positive: both logarithms are <= 0.",
    hint_de="Vergleiche Gl. (95) mit Gl. (96): L_D = -V.",
    hint_en="Compare eq. (95) with eq. (96): L_D = -V.",
)
def value_function(d_real, d_fake):
    d_real, d_fake = np.asarray(d_real, dtype=np.float64), np.asarray(d_fake, dtype=np.float64)
    return float(-np.mean(np.log(d_real)) - np.mean(np.log1p(-d_fake)))


@known.mistake(
    "optimal_discriminator_inverted",
    de="Der optimale Diskriminator ist invertiert: D*(x) ist die Wahrscheinlichkeit, dass x echt ist, "
       "also p_data im Zähler, nicht p_g.",
    en="The optimal discriminator is inverted: D*(x) is the probability that x is real, so p_data is in "
       "the numerator, not p_g.",
    hint_de="Gl. (99): wo nur echte Daten vorkommen (p_g(x) = 0), muss D*(x) = 1 sein.",
    hint_en="Eq. (99): where only real data occur (p_g(x) = 0), D*(x) must be 1.",
)
def optimal_discriminator(p_data, p_g):
    p_data, p_g = np.asarray(p_data, dtype=np.float64), np.asarray(p_g, dtype=np.float64)
    return p_g / (p_data + p_g)


_WSIGN_DE = ("Das Vorzeichen der WGAN-Verluste ist vertauscht. Hier gilt: der Kritiker minimiert "
             "mean f(G(z)) - mean f(x), der Generator minimiert -mean f(G(z)).")
_WSIGN_EN = ("The WGAN losses have the wrong sign. The convention here: the critic minimises "
             "mean f(G(z)) - mean f(x), the generator minimises -mean f(G(z)).")


@known.mistake(
    "wgan_sign_flipped", de=_WSIGN_DE, en=_WSIGN_EN,
    hint_de="Der Kritiker soll echten Daten hohe und erzeugten niedrige Werte geben (er maximiert die "
            "Wasserstein-Schätzung); ein Optimierer minimiert aber immer. Siehe WGAN-Abschnitt nach Gl. (99).",
    hint_en="The critic should score real data high and generated data low (it maximises the Wasserstein "
            "estimate); an optimiser always minimises, though. See the WGAN section after eq. (99).",
)
def wgan_critic_loss(real_scores, fake_scores):
    return float(np.mean(np.asarray(real_scores, dtype=np.float64)) - np.mean(np.asarray(fake_scores, dtype=np.float64)))


@known.mistake("wgan_sign_flipped", de=_WSIGN_DE, en=_WSIGN_EN)
def wgan_generator_loss(fake_scores):
    return float(np.mean(np.asarray(fake_scores, dtype=np.float64)))


@known.mistake(
    "penalty_norm_over_batch",
    de="Die Gradientennorm wurde über den ganzen Batch genommen statt pro Sample; die Lipschitz-Bedingung "
       "gilt für jeden Punkt x̂_i einzeln.",
    en="The gradient norm was taken over the whole batch instead of per sample; the Lipschitz condition "
       "holds at every point x̂_i separately.",
    hint_de="Der Strafterm (Aufgabentext, WGAN-GP) ist ein Mittelwert über die Samples i von (||∇f(x̂_i)||₂ - 1)²: "
            "über welche Einträge läuft die Norm für ein einzelnes Sample?",
    hint_en="The penalty (statement, WGAN-GP) is a mean over samples i of (||∇f(x̂_i)||₂ - 1)²: "
            "over which entries does the norm of one sample run?",
)
def gradient_penalty(critic, real, fake, alpha):
    x_hat = (alpha * real + (1 - alpha) * fake).detach().requires_grad_(True)
    scores = critic(x_hat)
    (grad,) = torch.autograd.grad(scores, x_hat, grad_outputs=torch.ones_like(scores), create_graph=True)
    return (grad.norm(2) - 1) ** 2


@known.mistake(
    "penalty_no_create_graph",
    de="Der Gradient ∇f(x̂) wurde ohne create_graph=True berechnet: der Strafterm hat dann keinen Graphen "
       "zurück zu den Parametern des Kritikers und ändert dessen Training nicht.",
    en="The gradient ∇f(x̂) was computed without create_graph=True: the penalty then has no graph back to "
       "the critic's parameters and does not change its training.",
    hint_de="Der Strafterm wird selbst nach den Parametern abgeleitet (eine zweite Ableitung); "
            "dafür muss torch.autograd.grad den Graphen der ersten Ableitung aufbauen.",
    hint_en="The penalty is itself differentiated with respect to the parameters (a second derivative); "
            "for that, torch.autograd.grad must build the graph of the first derivative.",
)
def gradient_penalty(critic, real, fake, alpha):
    x_hat = (alpha * real + (1 - alpha) * fake).detach().requires_grad_(True)
    scores = critic(x_hat)
    (grad,) = torch.autograd.grad(scores, x_hat, grad_outputs=torch.ones_like(scores))
    norms = grad.reshape(grad.shape[0], -1).norm(2, dim=1)
    return ((norms - 1) ** 2).mean()


@known.mistake(
    "penalty_squared_norm",
    de="Der Strafterm verwendet die quadrierte Norm ||∇f(x̂)||² statt der Norm ||∇f(x̂)||₂.",
    en="The penalty uses the squared norm ||∇f(x̂)||² instead of the norm ||∇f(x̂)||₂.",
    hint_de="Bestraft wird die Abweichung der Gradientennorm (der Lipschitz-Konstante) von 1.",
    hint_en="What is penalised is how far the gradient norm (the Lipschitz constant) is from 1.",
)
def gradient_penalty(critic, real, fake, alpha):
    x_hat = (alpha * real + (1 - alpha) * fake).detach().requires_grad_(True)
    scores = critic(x_hat)
    (grad,) = torch.autograd.grad(scores, x_hat, grad_outputs=torch.ones_like(scores), create_graph=True)
    sq_norms = (grad.reshape(grad.shape[0], -1) ** 2).sum(dim=1)
    return ((sq_norms - 1) ** 2).mean()


@known.mistake(
    "interpolation_swapped",
    de="Die Interpolation ist vertauscht: x̂ = α·real + (1 - α)·fake, nicht α·fake + (1 - α)·real.",
    en="The interpolation is swapped: x̂ = α·real + (1 - α)·fake, not α·fake + (1 - α)·real.",
    hint_de="Vergleiche die Definition von x̂ im Aufgabentext (vgl. Gl. 94): α gewichtet die echten Daten.",
    hint_en="Compare the definition of x̂ in the statement (cf. eq. 94): α weights the real data.",
)
def gradient_penalty(critic, real, fake, alpha):
    x_hat = (alpha * fake + (1 - alpha) * real).detach().requires_grad_(True)
    scores = critic(x_hat)
    (grad,) = torch.autograd.grad(scores, x_hat, grad_outputs=torch.ones_like(scores), create_graph=True)
    norms = grad.reshape(grad.shape[0], -1).norm(2, dim=1)
    return ((norms - 1) ** 2).mean()
