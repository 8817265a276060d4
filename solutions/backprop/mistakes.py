"""Known mistakes on backprop, each a small variant of the reference.

Mistakes in output_delta and hidden_delta propagate into gradients, because the
reference's gradients calls them.
"""
# ruff: noqa: F811, F821  (each mistake redefines a reference function; it runs in the reference's namespace)
from dlgrade.spec import MistakeRegistry

known = MistakeRegistry()


@known.mistake("output_delta_without_sigma_prime")
def output_delta(Z2, A2, Y):
    return 2.0 * (A2 - Y)


@known.mistake("sigma_prime_of_activation")
def output_delta(Z2, A2, Y):
    return 2.0 * (A2 - Y) * sigmoid(A2) * (1.0 - sigmoid(A2))


@known.mistake("sigma_prime_of_activation")
def hidden_delta(D2, W2, Z1, A1):
    return (D2 @ W2) * sigmoid(A1) * (1.0 - sigmoid(A1))


@known.mistake("z_times_one_minus_z")
def output_delta(Z2, A2, Y):
    return 2.0 * (A2 - Y) * Z2 * (1.0 - Z2)


@known.mistake("z_times_one_minus_z")
def hidden_delta(D2, W2, Z1, A1):
    return (D2 @ W2) * Z1 * (1.0 - Z1)


@known.mistake("missing_factor_two")
def output_delta(Z2, A2, Y):
    return (A2 - Y) * A2 * (1.0 - A2)


@known.mistake("mean_over_samples")
def output_delta(Z2, A2, Y):
    return 2.0 * (A2 - Y) * A2 * (1.0 - A2) / Y.shape[0]


@known.mistake("mean_over_all_entries")
def output_delta(Z2, A2, Y):
    return 2.0 * (A2 - Y) * A2 * (1.0 - A2) / Y.size


@known.mistake("mean_in_gradients_only")
def gradients(X, Y, W1, b1, W2, b2):
    Z1, A1, Z2, A2 = forward(X, W1, b1, W2, b2)
    D2 = output_delta(Z2, A2, Y)
    D1 = hidden_delta(D2, W2, Z1, A1)
    n = X.shape[0]
    return {"W1": D1.T @ X / n, "b1": D1.sum(axis=0) / n, "W2": D2.T @ A1 / n, "b2": D2.sum(axis=0) / n}


@known.mistake("target_minus_output")
def output_delta(Z2, A2, Y):
    return 2.0 * (Y - A2) * A2 * (1.0 - A2)


@known.mistake("hidden_delta_without_sigma_prime")
def hidden_delta(D2, W2, Z1, A1):
    return D2 @ W2


@known.mistake("transposed_weight_gradient")
def gradients(X, Y, W1, b1, W2, b2):
    Z1, A1, Z2, A2 = forward(X, W1, b1, W2, b2)
    D2 = output_delta(Z2, A2, Y)
    D1 = hidden_delta(D2, W2, Z1, A1)
    return {"W1": X.T @ D1, "b1": D1.sum(axis=0), "W2": A1.T @ D2, "b2": D2.sum(axis=0)}


@known.mistake("bias_gradient_not_summed")
def gradients(X, Y, W1, b1, W2, b2):
    Z1, A1, Z2, A2 = forward(X, W1, b1, W2, b2)
    D2 = output_delta(Z2, A2, Y)
    D1 = hidden_delta(D2, W2, Z1, A1)
    return {"W1": D1.T @ X, "b1": D1, "W2": D2.T @ A1, "b2": D2}


@known.mistake("output_weights_times_hidden_delta")
def gradients(X, Y, W1, b1, W2, b2):
    Z1, A1, Z2, A2 = forward(X, W1, b1, W2, b2)
    D2 = output_delta(Z2, A2, Y)
    D1 = hidden_delta(D2, W2, Z1, A1)
    return {"W1": D1.T @ X, "b1": D1.sum(axis=0), "W2": D2.T @ D1, "b2": D2.sum(axis=0)}


@known.mistake("weight_gradient_uses_preactivation")
def gradients(X, Y, W1, b1, W2, b2):
    Z1, A1, Z2, A2 = forward(X, W1, b1, W2, b2)
    D2 = output_delta(Z2, A2, Y)
    D1 = hidden_delta(D2, W2, Z1, A1)
    return {"W1": D1.T @ X, "b1": D1.sum(axis=0), "W2": D2.T @ Z1, "b2": D2.sum(axis=0)}
