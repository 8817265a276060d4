"""Known mistakes on backprop, each a small variant of the reference.

Mistakes in output_delta and hidden_delta propagate into gradients, because the
reference's gradients calls them.
"""
# ruff: noqa: F811, F821  (each mistake redefines a reference function; it runs in the reference's namespace)
from dlgrade.spec import MistakeRegistry

# A mistake made in two functions is registered twice under one id; the registry keeps the
# texts of the last registration, so both pass the same texts.

known = MistakeRegistry()


@known.mistake(
    "output_delta_without_sigma_prime",
    de="Im Fehlerterm der Ausgabeschicht fehlt der Faktor σ'(z^(2)): berechnet wurde nur ∂L/∂a^(2) = 2(a^(2) − y), "
       "nicht ∂L/∂z^(2).",
    en="The output delta lacks the factor σ'(z^(2)): it is only ∂L/∂a^(2) = 2(a^(2) − y), not ∂L/∂z^(2).",
    hint_de="δ ist die Ableitung nach der Voraktivierung z, nicht nach der Aktivierung (Gl. 45, 53). "
            "Wende die Kettenregel (52) über a = σ(z) an, siehe Gl. (46) und (54).",
    hint_en="δ is the derivative with respect to the pre-activation z, not the activation (eqs. 45, 53). "
            "Apply the chain rule (52) through a = σ(z), see eqs. (46) and (54).",
)
def output_delta(Z2, A2, Y):
    return 2.0 * (A2 - Y)


SIGMA_PRIME_OF_ACTIVATION = dict(
    de="σ' wurde auf die Aktivierung angewendet (σ'(a) = σ(a)(1 − σ(a))) statt auf die Voraktivierung z; "
       "damit wird σ doppelt angewendet.",
    en="σ' was applied to the activation (σ'(a) = σ(a)(1 − σ(a))) instead of the pre-activation z, "
       "so σ is applied twice.",
    hint_de="In Gl. (46), (54) und (58) wird σ' an der Voraktivierung z ausgewertet. Schreibe σ'(z) mit Gl. (51) "
            "über σ(z) aus: welche Größe des Vorwärtsdurchlaufs ist σ(z)?",
    hint_en="Eqs. (46), (54) and (58) evaluate σ' at the pre-activation z. Write σ'(z) in terms of σ(z) with "
            "eq. (51): which quantity of the forward pass is σ(z)?",
)


@known.mistake("sigma_prime_of_activation", **SIGMA_PRIME_OF_ACTIVATION)
def output_delta(Z2, A2, Y):
    return 2.0 * (A2 - Y) * sigmoid(A2) * (1.0 - sigmoid(A2))


@known.mistake("sigma_prime_of_activation", **SIGMA_PRIME_OF_ACTIVATION)
def hidden_delta(D2, W2, Z1, A1):
    return (D2 @ W2) * sigmoid(A1) * (1.0 - sigmoid(A1))


Z_TIMES_ONE_MINUS_Z = dict(
    de="σ'(z) wurde als z(1 − z) mit der Voraktivierung z berechnet. In Gl. (55) und (59) bezeichnen z_k und y_j "
       "aber die Ausgaben der Neuronen (nach σ), nicht die Voraktivierungen.",
    en="σ'(z) was computed as z(1 − z) with the pre-activation z. In eqs. (55) and (59), however, z_k and y_j "
       "are the neurons' outputs (after σ), not the pre-activations.",
    hint_de="Vergleiche die Bezeichnungen nach Gl. (43) (x_i, y_j, z_k sind Werte nach den Schichten) mit "
            "Gl. (35)-(38) (z ist die Voraktivierung), und lies Gl. (51) noch einmal.",
    hint_en="Compare the names after eq. (43) (x_i, y_j, z_k are values after the layers) with eqs. (35)-(38) "
            "(z is the pre-activation), and read eq. (51) again.",
)


@known.mistake("z_times_one_minus_z", **Z_TIMES_ONE_MINUS_Z)
def output_delta(Z2, A2, Y):
    return 2.0 * (A2 - Y) * Z2 * (1.0 - Z2)


@known.mistake("z_times_one_minus_z", **Z_TIMES_ONE_MINUS_Z)
def hidden_delta(D2, W2, Z1, A1):
    return (D2 @ W2) * Z1 * (1.0 - Z1)


@known.mistake(
    "missing_factor_two",
    de="Im Fehlerterm der Ausgabeschicht fehlt der Faktor 2. Das wäre richtig für den Verlust ½ Σ (a − y)², "
       "in dieser Aufgabe ist der Verlust aber Σ (a − y)² ohne ½.",
    en="The output delta lacks the factor 2. That would be right for the loss ½ Σ (a − y)², "
       "but in this exercise the loss is Σ (a − y)² without the ½.",
    hint_de="Leite (a − y)² nach a ab; vergleiche Gl. (54). Die Formel vor Gl. (61) gehört zu einem Verlust mit ½.",
    hint_en="Differentiate (a − y)² with respect to a; compare eq. (54). The formula before eq. (61) belongs to a loss with ½.",
)
def output_delta(Z2, A2, Y):
    return (A2 - Y) * A2 * (1.0 - A2)


@known.mistake(
    "mean_over_samples",
    de="Der Verlust wurde über die Stichproben gemittelt (1/n wie im MSE von Gl. 39); in dieser Aufgabe ist er "
       "eine Summe, und der Batch-Gradient ist die Summe der Gradienten der einzelnen Stichproben.",
    en="The loss was averaged over the samples (1/n as in the MSE of eq. 39); in this exercise it is a sum, "
       "and the batch gradient is the sum of the per-sample gradients.",
    hint_de="Siehe Gl. (40) und (50) und die Konventionen in der Aufgabenstellung: kein 1/n.",
    hint_en="See eqs. (40) and (50) and the conventions in the statement: no 1/n.",
)
def output_delta(Z2, A2, Y):
    return 2.0 * (A2 - Y) * A2 * (1.0 - A2) / Y.shape[0]


@known.mistake(
    "mean_over_all_entries",
    de="Der Verlust wurde über alle Einträge gemittelt (wie np.mean oder torch.nn.MSELoss), also durch n·k geteilt; "
       "in dieser Aufgabe ist er eine Summe.",
    en="The loss was averaged over all entries (like np.mean or torch.nn.MSELoss), i.e. divided by n·k; "
       "in this exercise it is a sum.",
    hint_de="Siehe Gl. (40) und (50) und die Konventionen in der Aufgabenstellung: weder 1/n noch 1/k. "
            "Mit torch: reduction='sum'.",
    hint_en="See eqs. (40) and (50) and the conventions in the statement: neither 1/n nor 1/k. "
            "With torch: reduction='sum'.",
)
def output_delta(Z2, A2, Y):
    return 2.0 * (A2 - Y) * A2 * (1.0 - A2) / Y.size


@known.mistake(
    "target_minus_output",
    de="Das Vorzeichen ist vertauscht: (y − a) statt (a − y). Das ist die Richtung des Abstiegs, nicht der Gradient.",
    en="The sign is flipped: (y − a) instead of (a − y). That is the descent direction, not the gradient.",
    hint_de="Leite (a − y)² nach a ab (Gl. 54); das Minus des Gradientenabstiegs kommt erst im Update (41), (42), (61).",
    hint_en="Differentiate (a − y)² with respect to a (eq. 54); the minus of gradient descent belongs in the update (41), (42), (61).",
)
def output_delta(Z2, A2, Y):
    return 2.0 * (Y - A2) * A2 * (1.0 - A2)


@known.mistake(
    "hidden_delta_without_sigma_prime",
    de="Im Fehlerterm der versteckten Schicht fehlt der Faktor σ'(z^(1)): zurückpropagiert wurde nur Σ_k δ_k w_kj.",
    en="The hidden delta lacks the factor σ'(z^(1)): only Σ_k δ_k w_kj was propagated back.",
    hint_de="Auch die versteckte Schicht hat eine Aktivierungsfunktion; siehe Gl. (47) und (58).",
    hint_en="The hidden layer has an activation function too; see eqs. (47) and (58).",
)
def hidden_delta(D2, W2, Z1, A1):
    return D2 @ W2


@known.mistake(
    "transposed_weight_gradient",
    de="Die Gewichtsgradienten sind transponiert: sie müssen dieselbe Form wie W1 (h, d) und W2 (k, h) haben.",
    en="The weight gradients are transposed: they must have the same shape as W1 (h, d) and W2 (k, h).",
    hint_de="Nach Gl. (48) gehört δ_j zur Zeile j (dem Neuron, in das das Gewicht führt) und a_i zur Spalte i, "
            "wie in z^(1) = W^(1) x (Gl. 35).",
    hint_en="By eq. (48), δ_j belongs to row j (the neuron the weight leads into) and a_i to column i, "
            "as in z^(1) = W^(1) x (eq. 35).",
)
def gradients(X, Y, W1, b1, W2, b2):
    Z1, A1, Z2, A2 = forward(X, W1, b1, W2, b2)
    D2 = output_delta(Z2, A2, Y)
    D1 = hidden_delta(D2, W2, Z1, A1)
    return {"W1": X.T @ D1, "b1": D1.sum(axis=0), "W2": A1.T @ D2, "b2": D2.sum(axis=0)}


@known.mistake(
    "bias_gradient_not_summed",
    de="Die Bias-Gradienten wurden nicht über den Batch summiert: sie haben die Form (n, h) bzw. (n, k) statt (h,) bzw. (k,).",
    en="The bias gradients were not summed over the batch: they have shape (n, h) and (n, k) instead of (h,) and (k,).",
    hint_de="Gl. (49) gilt für eine Stichprobe; der Batch-Gradient ist nach Gl. (50) die Summe über die Stichproben.",
    hint_en="Eq. (49) holds for one sample; by eq. (50) the batch gradient is the sum over the samples.",
)
def gradients(X, Y, W1, b1, W2, b2):
    Z1, A1, Z2, A2 = forward(X, W1, b1, W2, b2)
    D2 = output_delta(Z2, A2, Y)
    D1 = hidden_delta(D2, W2, Z1, A1)
    return {"W1": D1.T @ X, "b1": D1, "W2": D2.T @ A1, "b2": D2}


@known.mistake(
    "output_weights_times_hidden_delta",
    de="Der Gradient von W2 wurde als δ_k · γ_j (Fehlerterm mal Fehlerterm) berechnet, wie er in der handschriftlichen "
       "Mitschrift (003, [4]) verschrieben steht; richtig ist δ_k mal die Aktivierung a_j^(1) der versteckten Schicht.",
    en="The gradient of W2 was computed as δ_k · γ_j (delta times delta), as the handwritten notes (003, [4]) have it "
       "by a slip; it is δ_k times the hidden activation a_j^(1).",
    hint_de="Vergleiche Gl. (48) und (56): der Faktor neben δ ist der Eingang des Gewichts, also die Aktivierung der Schicht davor.",
    hint_en="Compare eqs. (48) and (56): the factor next to δ is the weight's input, the activation of the layer before.",
)
def gradients(X, Y, W1, b1, W2, b2):
    Z1, A1, Z2, A2 = forward(X, W1, b1, W2, b2)
    D2 = output_delta(Z2, A2, Y)
    D1 = hidden_delta(D2, W2, Z1, A1)
    return {"W1": D1.T @ X, "b1": D1.sum(axis=0), "W2": D2.T @ D1, "b2": D2.sum(axis=0)}


@known.mistake(
    "weight_gradient_uses_preactivation",
    de="Der Gradient von W2 verwendet die Voraktivierung z^(1) statt der Aktivierung a^(1) = σ(z^(1)) der versteckten Schicht.",
    en="The gradient of W2 uses the pre-activation z^(1) instead of the hidden activation a^(1) = σ(z^(1)).",
    hint_de="In Gl. (37) multipliziert W^(2) die Aktivierung a^(1); vergleiche Gl. (48) und (56).",
    hint_en="In eq. (37), W^(2) multiplies the activation a^(1); compare eqs. (48) and (56).",
)
def gradients(X, Y, W1, b1, W2, b2):
    Z1, A1, Z2, A2 = forward(X, W1, b1, W2, b2)
    D2 = output_delta(Z2, A2, Y)
    D1 = hidden_delta(D2, W2, Z1, A1)
    return {"W1": D1.T @ X, "b1": D1.sum(axis=0), "W2": D2.T @ Z1, "b2": D2.sum(axis=0)}
