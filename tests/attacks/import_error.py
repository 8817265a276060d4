import numpy as np
import this_module_does_not_exist_anywhere

def predict(w, b, X):
    return np.where(X @ w + b >= 0, 1, -1)
