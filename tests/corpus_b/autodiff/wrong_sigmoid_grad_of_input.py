# WRONG: Value.sigmoid: the local derivative uses the input x in the formula s(1 - s), i.e. x * (1 - x), instead of the sigmoid output.
import math


def _v(x):
    return x if isinstance(x, Value) else Value(x)


class Value:
    def __init__(self, data, parents=()):
        self.data = float(data)
        self.grad = 0.0
        self._parents = tuple(parents)   # pairs (node, d self / d node)

    def __repr__(self):
        return "Value(data=%g, grad=%g)" % (self.data, self.grad)

    def __add__(self, other):
        other = _v(other)
        return Value(self.data + other.data, [(self, 1.0), (other, 1.0)])

    def __radd__(self, other):
        return _v(other) + self

    def __mul__(self, other):
        other = _v(other)
        return Value(self.data * other.data, [(self, other.data), (other, self.data)])

    def __rmul__(self, other):
        return _v(other) * self

    def __neg__(self):
        return Value(-self.data, [(self, -1.0)])

    def __sub__(self, other):
        other = _v(other)
        return Value(self.data - other.data, [(self, 1.0), (other, -1.0)])

    def __rsub__(self, other):
        return _v(other) - self

    def __truediv__(self, other):
        other = _v(other)
        q = self.data / other.data
        return Value(q, [(self, 1.0 / other.data), (other, -q / other.data)])

    def __rtruediv__(self, other):
        return _v(other) / self

    def __pow__(self, k):
        if isinstance(k, Value):
            raise TypeError("only number exponents are supported")
        return Value(self.data ** k, [(self, k * self.data ** (k - 1))])

    def relu(self):
        return Value(max(self.data, 0.0), [(self, 1.0 if self.data > 0 else 0.0)])

    def sigmoid(self):
        s = 1.0 / (1.0 + math.exp(-self.data))
        x = self.data
        return Value(s, [(self, x * (1.0 - x))])


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
        if self.data >= other.data:      # a tie goes to self
            return Value(self.data, [(self, 1.0), (other, 0.0)])
        return Value(other.data, [(self, 0.0), (other, 1.0)])

    def backward(self):
        order, seen = [], set()
        stack = [(self, False)]
        while stack:
            node, finished = stack.pop()
            if finished:
                order.append(node)
                continue
            if id(node) in seen:
                continue
            seen.add(id(node))
            stack.append((node, True))
            for parent, _ in node._parents:
                if id(parent) not in seen:
                    stack.append((parent, False))
        self.grad = 1.0
        for node in reversed(order):
            for parent, local in node._parents:
                parent.grad += local * node.grad


def graph_example(x, y, z, w):
    x, y, z, w = Value(x), Value(y), Value(z), Value(w)
    f = (x * y + z.maximum(w)) ** 2
    f.backward()
    return f.data, x.grad, y.grad, z.grad, w.grad
