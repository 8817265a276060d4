{CORRECT}

import sys

_correct_predict = predict


def predict(w, b, X):
    sys.stdin.read()
    try:
        input("answer? ")
    except EOFError:
        pass
    return _correct_predict(w, b, X)
