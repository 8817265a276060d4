# WRONG: Value.__truediv__: the derivative with respect to the denominator is +a/b**2 instead of -a/b**2.
import math


def _v(x):
    return x if isinstance(x, Value) else Value(x)


class Value:
    def __init__(self, data, parents=()):
        self.data = float(data)
        self.grad = 0.0
        self.parents = tuple(parents)      # pairs (input node, d self / d input)

    def __add__(self, o):
        o = _v(o)
        return Value(self.data + o.data, [(self, 1.0), (o, 1.0)])

    def __radd__(self, o):
        return _v(o) + self

    def __sub__(self, o):
        o = _v(o)
        return Value(self.data - o.data, [(self, 1.0), (o, -1.0)])

    def __rsub__(self, o):
        return _v(o) - self

    def __mul__(self, o):
        o = _v(o)
        return Value(self.data * o.data, [(self, o.data), (o, self.data)])

    def __rmul__(self, o):
        return _v(o) * self

    def __truediv__(self, o):
        o = _v(o)
        return Value(self.data / o.data, [(self, 1.0 / o.data), (o, self.data / o.data ** 2)])

    def __rtruediv__(self, o):
        return _v(o) / self

    def __pow__(self, n):
        local = 0.0 if n == 0 else n * self.data ** (n - 1)
        return Value(self.data ** n, [(self, local)])

    def __neg__(self):
        return Value(-self.data, [(self, -1.0)])

    def relu(self):
        return Value(max(self.data, 0.0), [(self, 1.0 if self.data > 0 else 0.0)])

    def sigmoid(self):
        s = 1.0 / (1.0 + math.exp(-self.data))
        return Value(s, [(self, s * (1.0 - s))])

    def tanh(self):
        t = math.tanh(self.data)
        return Value(t, [(self, 1.0 - t * t)])

    def exp(self):
        e = math.exp(self.data)
        return Value(e, [(self, e)])

    def log(self):
        return Value(math.log(self.data), [(self, 1.0 / self.data)])

    def maximum(self, other):
        other = _v(other)
        if self.data >= other.data:
            return Value(self.data, [(self, 1.0), (other, 0.0)])
        return Value(other.data, [(self, 0.0), (other, 1.0)])

    def backward(self):
        order, seen = [], set()
        stack = [(self, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)          # all inputs are already in `order`
                continue
            if id(node) in seen:
                continue
            seen.add(id(node))
            stack.append((node, True))
            for p, _ in node.parents:
                if id(p) not in seen:
                    stack.append((p, False))
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            for p, d in node.parents:
                p.grad += d * node.grad


def graph_example(x, y, z, w):
    X, Y, Z, W = Value(x), Value(y), Value(z), Value(w)
    p = X * Y
    q = Z.maximum(W)
    m = p + q
    f = m ** 2
    f.backward()
    return f.data, X.grad, Y.grad, Z.grad, W.grad
