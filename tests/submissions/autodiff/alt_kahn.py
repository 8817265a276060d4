"""A correct submission: every node stores its inputs and the local derivatives in lists, and
backward() orders the nodes with Kahn's algorithm (a node is processed once all of its users
are). sigmoid is written through tanh, tanh and the divisions through exp and powers."""
import math
from collections import deque


class Value:
    def __init__(self, data, inputs=None, derivs=None):
        self.data = float(data)
        self.grad = 0.0
        self.inputs = inputs or []
        self.derivs = derivs or []

    @staticmethod
    def wrap(x):
        if isinstance(x, Value):
            return x
        return Value(x)

    def __add__(self, other):
        other = Value.wrap(other)
        return Value(self.data + other.data, [self, other], [1.0, 1.0])

    def __radd__(self, other):
        return Value.wrap(other) + self

    def __neg__(self):
        return Value(-self.data, [self], [-1.0])

    def __sub__(self, other):
        other = Value.wrap(other)
        return Value(self.data - other.data, [self, other], [1.0, -1.0])

    def __rsub__(self, other):
        return Value.wrap(other) - self

    def __mul__(self, other):
        other = Value.wrap(other)
        return Value(self.data * other.data, [self, other], [other.data, self.data])

    def __rmul__(self, other):
        return Value.wrap(other) * self

    def __pow__(self, n):
        if n == 0:
            return Value(1.0, [self], [0.0])
        return Value(self.data ** n, [self], [n * self.data ** n / self.data if self.data != 0 else n * 0.0 ** (n - 1)])

    def __truediv__(self, other):
        other = Value.wrap(other)
        # quotient rule: d(a/b)/da = 1/b, d(a/b)/db = -a/b^2
        q = self.data / other.data
        return Value(q, [self, other], [1.0 / other.data, -q / other.data])

    def __rtruediv__(self, other):
        return Value.wrap(other) / self

    def exp(self):
        e = math.exp(self.data)
        return Value(e, [self], [e])

    def log(self):
        return Value(math.log(self.data), [self], [1.0 / self.data])

    def tanh(self):
        # tanh(x) = (1 - e^(-2|x|)) / (1 + e^(-2|x|)) * sign(x), never overflows
        e = math.exp(-2.0 * abs(self.data))
        t = math.copysign((1.0 - e) / (1.0 + e), self.data)
        # tanh'(x) = 1 - tanh^2 = 4 e / (1 + e)^2
        return Value(t, [self], [4.0 * e / (1.0 + e) ** 2])

    def sigmoid(self):
        # sigma(x) = (1 + tanh(x/2)) / 2, so sigma'(x) = (1 - tanh^2(x/2)) / 4
        t = math.tanh(self.data / 2.0)
        return Value((1.0 + t) / 2.0, [self], [(1.0 - t * t) / 4.0])

    def relu(self):
        if self.data > 0:
            return Value(self.data, [self], [1.0])
        return Value(0.0, [self], [0.0])

    def maximum(self, other):
        other = Value.wrap(other)
        if other.data > self.data:
            return Value(other.data, [self, other], [0.0, 1.0])
        return Value(self.data, [self, other], [1.0, 0.0])

    def backward(self):
        # find every node reachable from self and count how many times each is used
        users = {id(self): 0}
        nodes = {id(self): self}
        todo = [self]
        while todo:
            node = todo.pop()
            for inp in node.inputs:
                if id(inp) not in nodes:
                    nodes[id(inp)] = inp
                    users[id(inp)] = 0
                    todo.append(inp)
                users[id(inp)] += 1
        # Kahn: start with the output, release a node when all of its users are done
        self.grad = 1.0
        ready = deque([self])
        while ready:
            node = ready.popleft()
            for inp, d in zip(node.inputs, node.derivs):
                inp.grad += d * node.grad
                users[id(inp)] -= 1
                if users[id(inp)] == 0:
                    ready.append(inp)


def graph_example(x, y, z, w):
    vx, vy, vz, vw = Value(x), Value(y), Value(z), Value(w)
    f = (vx * vy + vz.maximum(vw)) ** 2
    f.backward()
    return (f.data, vx.grad, vy.grad, vz.grad, vw.grad)
