{CORRECT}


def predict(w, b, X):
    hog = np.ones((12 << 30) // 8)  # 12 GiB, touched
    return np.where(np.asarray(X) @ w + b >= 0, 1, -1) + hog[:1] * 0
