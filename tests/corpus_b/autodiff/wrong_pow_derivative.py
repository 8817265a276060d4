# WRONG: Value.__pow__: the local derivative is n * x**n instead of n * x**(n - 1).
import math


class Value:
    def __init__(self, data, _children=()):
        self.data = float(data)
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = set(_children)

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other))

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other))

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, n):
        assert isinstance(n, (int, float)), "only number exponents"
        out = Value(self.data ** n, (self,))

        def _backward():
            self.grad += n * self.data ** n * out.grad
        out._backward = _backward
        return out

    def __neg__(self):
        return self * -1

    def __radd__(self, other):
        return self + other

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return other + (-self)

    def __rmul__(self, other):
        return self * other

    def __truediv__(self, other):
        return self * other ** -1

    def __rtruediv__(self, other):
        return other * self ** -1

    def _unary(self, value, local):
        out = Value(value, (self,))

        def _backward():
            self.grad += local * out.grad
        out._backward = _backward
        return out

    def relu(self):
        return self._unary(self.data if self.data > 0 else 0.0, 1.0 if self.data > 0 else 0.0)

    def sigmoid(self):
        s = 1 / (1 + math.exp(-self.data))
        return self._unary(s, s * (1 - s))

    def tanh(self):
        t = math.tanh(self.data)
        return self._unary(t, 1 - t ** 2)

    def exp(self):
        e = math.exp(self.data)
        return self._unary(e, e)

    def log(self):
        return self._unary(math.log(self.data), 1 / self.data)

    def maximum(self, other):
        other = other if isinstance(other, Value) else Value(other)
        take_self = self.data >= other.data
        out = Value(self.data if take_self else other.data, (self, other))

        def _backward():
            if take_self:
                self.grad += out.grad
            else:
                other.grad += out.grad
        out._backward = _backward
        return out

    def backward(self):
        topo = []
        visited = set()

        def build_topo(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build_topo(child)
                topo.append(v)
        build_topo(self)
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()


def graph_example(x, y, z, w):
    x, y, z, w = Value(x), Value(y), Value(z), Value(w)
    q = z.maximum(w)
    f = (x * y + q) ** 2
    f.backward()
    return f.data, x.grad, y.grad, z.grad, w.grad
