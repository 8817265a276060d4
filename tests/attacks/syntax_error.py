import numpy as np

def predict(w, b, X)
    return X @ w + b
