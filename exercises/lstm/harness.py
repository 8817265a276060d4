"""Worker-side wrapper for `params_from_torch` called with a real torch.nn.LSTM's Parameters.

`lstm_parameters` builds a one-layer torch.nn.LSTM from plain numpy arrays, calls the function
under test with the layer's own Parameters (torch tensors that require grad, as
`lstm.weight_ih_l0` etc. are in practice) and returns the answer as plain data: tensors
become numpy arrays, the rest is returned as it is, for the grader to compare.

The same code runs in the sandboxed worker (with the student's function) and in the trusted
parent (with the reference), so it may import only the standard library, numpy and torch.
"""
import numpy as np
import torch


def make_lstm(weight_ih, weight_hh, bias_ih, bias_hh, dtype="float32"):
    """torch.nn.LSTM(D, H) in `dtype` ("float32", torch's default, or "float64") with the given layer-0 tensors."""
    weight_ih, weight_hh, bias_ih, bias_hh = (np.asarray(a, dtype=np.float64) for a in (weight_ih, weight_hh, bias_ih, bias_hh))
    torch_dtype = torch.float64 if dtype == "float64" else torch.float32
    lstm = torch.nn.LSTM(weight_ih.shape[1], weight_hh.shape[1], dtype=torch_dtype)
    with torch.no_grad():
        for name, value in zip(("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"),
                               (weight_ih, weight_hh, bias_ih, bias_hh)):
            getattr(lstm, name).copy_(torch.from_numpy(value.copy()))
    return lstm


def _plain(value):
    """Tensors (also inside dicts, lists and tuples) as numpy arrays; anything else unchanged."""
    if isinstance(value, torch.Tensor):
        return value.detach().cpu().numpy().copy()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    return value


def lstm_parameters(fn, weight_ih, weight_hh, bias_ih, bias_hh, dtype="float32"):
    """Call fn(lstm.weight_ih_l0, lstm.weight_hh_l0, lstm.bias_ih_l0, lstm.bias_hh_l0) of a real
    torch.nn.LSTM holding the given numbers; return its answer as plain data."""
    lstm = make_lstm(weight_ih, weight_hh, bias_ih, bias_hh, dtype)
    return _plain(fn(lstm.weight_ih_l0, lstm.weight_hh_l0, lstm.bias_ih_l0, lstm.bias_hh_l0))
