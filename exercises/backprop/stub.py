"""Exercise: backpropagation in a two-layer sigmoid network (lecture eqs. 35-61, notes 003).

Batches are rows: one sample per row.
    X  (n, d)   inputs            Y  (n, k)   targets
    W1 (h, d)   hidden weights    b1 (h,)     hidden biases
    W2 (k, h)   output weights    b2 (k,)     output biases
Forward pass (eqs. 35-38, one row per sample):
    Z1 = X @ W1.T + b1,  A1 = sigmoid(Z1),  Z2 = A1 @ W2.T + b2,  A2 = sigmoid(Z2)
Loss: L = sum over all samples and outputs of (A2 - Y)**2   (a SUM: no 1/2, no mean).
sigmoid(z) = 1 / (1 + exp(-z)), sigmoid'(z) = sigmoid(z) * (1 - sigmoid(z))   (eq. 51).
Inputs are float64; float32 (torch's default) is precise enough (the grader compares with
rtol = atol = 1e-5).
"""


def forward(X, W1, b1, W2, b2):
    """Return (Z1, A1, Z2, A2), the pre-activations and activations of both layers.

    Shapes: Z1 and A1 (n, h), Z2 and A2 (n, k).
    """
    raise NotImplementedError


def output_delta(Z2, A2, Y):
    """Return D2 = dL/dZ2, shape (n, k): the output-layer deltas (eqs. 53-55), one row per sample.

    Z2 (n, k) are the output pre-activations, A2 = sigmoid(Z2) (n, k) the outputs, Y (n, k) the targets.
    """
    raise NotImplementedError


def hidden_delta(D2, W2, Z1, A1):
    """Return D1 = dL/dZ1, shape (n, h): the hidden-layer deltas (eqs. 57-59), one row per sample.

    D2 (n, k) are the output deltas, W2 (k, h) the output weights, Z1 (n, h) the hidden
    pre-activations and A1 = sigmoid(Z1) (n, h) the hidden activations.
    """
    raise NotImplementedError


def gradients(X, Y, W1, b1, W2, b2):
    """Return the gradient of L as a dict {"W1": (h, d), "b1": (h,), "W2": (k, h), "b2": (k,)}.

    Each gradient has its parameter's shape and is summed over the batch (eqs. 48-50, 56, 60).
    """
    raise NotImplementedError
