{CORRECT}

import sys

_correct_predict = predict


def predict(w, b, X):
    line = "x" * 1023 + "\n"
    for _ in range(300 * 1024):  # 300 MB
        sys.stdout.write(line)
    return _correct_predict(w, b, X)
