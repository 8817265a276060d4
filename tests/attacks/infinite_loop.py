{CORRECT}


def train_perceptron(X, y, eta=1.0, max_epochs=1000):
    while True:
        pass
