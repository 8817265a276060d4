# WRONG: Value.tanh: the local derivative is 1 - tanh(x) instead of 1 - tanh(x)**2.
import math


def _wrap(x):
    return x if isinstance(x, Value) else Value(x)


class Value:
    def __init__(self, data, op="leaf", args=(), k=None):
        self.data = float(data)
        self.grad = 0.0
        self.op = op
        self.args = tuple(args)
        self.k = k                      # the exponent for "pow"

    def __add__(self, other):
        other = _wrap(other)
        return Value(self.data + other.data, "add", (self, other))

    def __mul__(self, other):
        other = _wrap(other)
        return Value(self.data * other.data, "mul", (self, other))

    def __sub__(self, other):
        other = _wrap(other)
        return Value(self.data - other.data, "sub", (self, other))

    def __truediv__(self, other):
        other = _wrap(other)
        return Value(self.data / other.data, "div", (self, other))

    def __radd__(self, other):
        return _wrap(other) + self

    def __rmul__(self, other):
        return _wrap(other) * self

    def __rsub__(self, other):
        return _wrap(other) - self

    def __rtruediv__(self, other):
        return _wrap(other) / self

    def __pow__(self, k):
        return Value(self.data ** k, "pow", (self,), k)

    def __neg__(self):
        return Value(-self.data, "neg", (self,))

    def relu(self):
        return Value(self.data if self.data > 0 else 0.0, "relu", (self,))

    def sigmoid(self):
        return Value(1.0 / (1.0 + math.exp(-self.data)), "sigmoid", (self,))

    def tanh(self):
        return Value(math.tanh(self.data), "tanh", (self,))

    def exp(self):
        return Value(math.exp(self.data), "exp", (self,))

    def log(self):
        return Value(math.log(self.data), "log", (self,))

    def maximum(self, other):
        other = _wrap(other)
        return Value(max(self.data, other.data), "max", (self, other))

    def _local(self):
        """d self / d arg for each argument, in the order of self.args"""
        a = self.args
        if self.op == "add":
            return [1.0, 1.0]
        if self.op == "sub":
            return [1.0, -1.0]
        if self.op == "mul":
            return [a[1].data, a[0].data]
        if self.op == "div":
            return [1.0 / a[1].data, -a[0].data / a[1].data ** 2]
        if self.op == "pow":
            return [0.0 if self.k == 0 else self.k * a[0].data ** (self.k - 1)]
        if self.op == "neg":
            return [-1.0]
        if self.op == "relu":
            return [1.0 if a[0].data > 0 else 0.0]
        if self.op == "sigmoid":
            return [self.data * (1.0 - self.data)]
        if self.op == "tanh":
            return [1.0 - self.data]
        if self.op == "exp":
            return [self.data]
        if self.op == "log":
            return [1.0 / a[0].data]
        if self.op == "max":
            return [1.0, 0.0] if a[0].data >= a[1].data else [0.0, 1.0]
        return []

    def backward(self):
        # collect the graph and count, for every node, the edges to the nodes that use it
        nodes, stack, seen = [], [self], {id(self)}
        while stack:
            n = stack.pop()
            nodes.append(n)
            for a in n.args:
                if id(a) not in seen:
                    seen.add(id(a))
                    stack.append(a)
        users = {id(n): 0 for n in nodes}
        for n in nodes:
            n.grad = 0.0
            for a in n.args:
                users[id(a)] += 1
        self.grad = 1.0
        ready = [self]
        while ready:
            n = ready.pop()
            for a, d in zip(n.args, n._local()):
                a.grad += d * n.grad
                users[id(a)] -= 1
                if users[id(a)] == 0:       # every user has passed its gradient on
                    ready.append(a)


def graph_example(x, y, z, w):
    x, y, z, w = Value(x), Value(y), Value(z), Value(w)
    q = z.maximum(w)
    f = (x * y + q) ** 2
    f.backward()
    return f.data, x.grad, y.grad, z.grad, w.grad
