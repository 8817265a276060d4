"""Known mistakes on the perceptron, each a small variant of the reference."""
# ruff: noqa: F811, F821  (each mistake redefines a reference function; it runs in the reference's namespace)
from dlgrade.spec import MistakeRegistry

known = MistakeRegistry()


@known.mistake(
    "boundary_counts_as_correct",
    de="Punkte genau auf der Entscheidungsgrenze (y_i (w·x_i + b) = 0) wurden als richtig klassifiziert gezählt.",
    en="Points exactly on the decision boundary (y_i (w·x_i + b) = 0) were counted as correctly classified.",
    hint_de="Die Menge M in der Vorlesung (nach Gl. 21) verwendet ≤ 0, nicht < 0. Sonst kommt das Training bei w = 0 nie in Gang.",
    hint_en="The set M in the lecture (after eq. 21) uses <= 0, not < 0. Otherwise training never starts from w = 0.",
)
def misclassified(w, b, X, y):
    return margins(w, b, X, y) < 0


@known.mistake(
    "boundary_predicts_negative",
    de="Für X @ w + b = 0 wurde -1 vorhergesagt; laut Gl. (18) gilt dort f(x) = +1 (≥, nicht >).",
    en="For X @ w + b = 0 the prediction was -1; by eq. (18) it is +1 there (>=, not >).",
    hint_de="Vergleiche Gl. (18): die Bedingung ist w^T x + b ≥ θ.",
    hint_en="Compare eq. (18): the condition is w^T x + b >= theta.",
)
def predict(w, b, X):
    return np.where(np.asarray(X) @ w + b > 0, 1, -1)


@known.mistake(
    "labels_zero_one",
    de="Die Vorhersage verwendet die Labels {0, 1} aus Gl. (18); in dieser Aufgabe sind die Labels {-1, +1}.",
    en="The prediction uses the labels {0, 1} of eq. (18); in this exercise the labels are {-1, +1}.",
    hint_de="Die Lernregel (21) braucht y_i ∈ {-1, +1}, damit y_i x_i in die richtige Richtung zeigt.",
    hint_en="The learning rule (21) needs y_i in {-1, +1} so that y_i x_i points the right way.",
)
def predict(w, b, X):
    return np.where(np.asarray(X) @ w + b >= 0, 1, 0)


@known.mistake(
    "loss_sign",
    de="Das Vorzeichen des Verlusts ist vertauscht: der Perzeptron-Verlust (22) ist nie negativ.",
    en="The loss has the wrong sign: the perceptron loss (22) is never negative.",
    hint_de="In Gl. (22) steht -y_i (w^T x_i + b); für Punkte in M ist y_i (w^T x_i + b) ≤ 0.",
    hint_en="Eq. (22) sums -y_i (w^T x_i + b); for points in M, y_i (w^T x_i + b) <= 0.",
)
def perceptron_loss(w, b, X, y):
    m = margins(w, b, X, y)
    return float(m[m <= 0].sum())


@known.mistake(
    "loss_over_all_samples",
    de="Der Verlust summiert über alle Stichproben statt nur über die Menge M der Fehlklassifizierten.",
    en="The loss sums over all samples instead of only over the set M of misclassified ones.",
    hint_de="Gl. (22) summiert nur über (x_i, y_i) ∈ M.",
    hint_en="Eq. (22) sums only over (x_i, y_i) in M.",
)
def perceptron_loss(w, b, X, y):
    return float(-margins(w, b, X, y).sum())


@known.mistake(
    "bias_not_updated",
    de="Der Bias wird im Lernschritt nicht aktualisiert; der Schwellwert ist im Bias enthalten und lernt mit (b + η Σ_M y_i).",
    en="The bias is not updated in the step; the threshold is folded into the bias and is learned too (b + eta sum_M y_i).",
    hint_de="Behandle b wie ein Gewicht zu einem konstanten Eingang 1 und wende Gl. (21) darauf an.",
    hint_en="Treat b as the weight of a constant input 1 and apply eq. (21) to it.",
)
def perceptron_step(w, b, X, y, eta):
    X, y = np.asarray(X), np.asarray(y)
    M = misclassified(w, b, X, y)
    return w + eta * (y[M] @ X[M]), b


@known.mistake(
    "step_over_all_samples",
    de="Der Lernschritt summiert y_i x_i über alle Stichproben statt nur über die Menge M.",
    en="The step sums y_i x_i over all samples instead of only over the set M.",
    hint_de="Gl. (21) summiert über M^(t), die zum Zeitpunkt t falsch klassifizierten Punkte.",
    hint_en="Eq. (21) sums over M^(t), the points misclassified at time t.",
)
def perceptron_step(w, b, X, y, eta):
    X, y = np.asarray(X), np.asarray(y)
    return w + eta * (y @ X), b + eta * y.sum()


@known.mistake(
    "online_updates",
    de="Das Training aktualisiert nach jedem einzelnen Punkt (online) statt einmal pro Schritt mit der ganzen Menge M (Batch).",
    en="Training updates after every single point (online) instead of once per step with the whole set M (batch).",
    hint_de="Ein Schritt ist genau ein Aufruf von perceptron_step auf allen Daten, Gl. (21).",
    hint_en="One step is exactly one call of perceptron_step on all the data, eq. (21).",
)
def train_perceptron(X, y, eta=1.0, max_epochs=1000):
    X = np.asarray(X, dtype=float)
    w, b, steps = np.zeros(X.shape[1]), 0.0, 0
    while steps < max_epochs and misclassified(w, b, X, y).any():
        for i in range(len(y)):
            w, b = perceptron_step(w, b, X[i : i + 1], np.asarray(y)[i : i + 1], eta)
        steps += 1
    return w, float(b), steps


@known.mistake(
    "max_epochs_off_by_one",
    de="Die Schleife macht einen Schritt zu viel: nach max_epochs Schritten muss das Training aufhören.",
    en="The loop makes one step too many: training must stop after max_epochs steps.",
    hint_de="Zähle die Schritte und prüfe die Bedingung 'steps < max_epochs' vor jedem Schritt.",
    hint_en="Count the steps and check 'steps < max_epochs' before every step.",
)
def train_perceptron(X, y, eta=1.0, max_epochs=1000):
    X = np.asarray(X, dtype=float)
    w, b, steps = np.zeros(X.shape[1]), 0.0, 0
    while steps <= max_epochs and misclassified(w, b, X, y).any():
        w, b = perceptron_step(w, b, X, y, eta)
        steps += 1
    return w, float(b), steps
