# Text that cannot be written as UTF-8: lone surrogates (they cross the pipe as \ud800 escapes in
# JSON) in an exception message, in a dict answer's keys and values, and in a cell's note.
{CORRECT}


def predict(w, b, X):
    raise ValueError("lone \ud800 surrogate \udcff and \udfff")


def perceptron_loss(w, b, X, y):
    return {"\udc80key": "\ud800value"}


raise RuntimeError("the last line \udcff fails")
