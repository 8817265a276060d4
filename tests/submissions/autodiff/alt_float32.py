"""A correct submission that stores values and gradients as numpy float32 and orders the nodes
by their creation number (a node is always created after its inputs, so sorting by that
number, newest first, is a valid reverse topological order)."""
import itertools

import numpy as np

_counter = itertools.count()
f32 = np.float32


class Value:
    def __init__(self, data, parents=(), grads=()):
        self.data = f32(data)
        self.grad = f32(0.0)
        self.parents = parents
        self.grads = [f32(g) for g in grads]
        self.number = next(_counter)

    def _binary(self, other, data, d_self, d_other):
        return Value(data, (self, other), (d_self, d_other))

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, (self, other), (1, 1))

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    def __sub__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data - other.data, (self, other), (1, -1))

    def __truediv__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data / other.data, (self, other), (1 / other.data, -self.data / (other.data * other.data)))

    def __radd__(self, other):
        return Value(other) + self

    def __rmul__(self, other):
        return Value(other) * self

    def __rsub__(self, other):
        return Value(other) - self

    def __rtruediv__(self, other):
        return Value(other) / self

    def __neg__(self):
        return Value(-self.data, (self,), (-1,))

    def __pow__(self, k):
        k = f32(k)
        return Value(np.power(self.data, k), (self,), (k * np.power(self.data, k - f32(1)),))

    def exp(self):
        e = np.exp(self.data)
        return Value(e, (self,), (e,))

    def log(self):
        return Value(np.log(self.data), (self,), (1 / self.data,))

    def tanh(self):
        t = np.tanh(self.data)
        return Value(t, (self,), (1 - t * t,))

    def sigmoid(self):
        s = 1 / (1 + np.exp(-self.data))
        return Value(s, (self,), (s * (1 - s),))

    def relu(self):
        return Value(np.maximum(self.data, 0), (self,), (np.float32(self.data > 0),))

    def maximum(self, other):
        other = other if isinstance(other, Value) else Value(other)
        take_self = self.data >= other.data
        return Value(np.maximum(self.data, other.data), (self, other), (f32(take_self), f32(not take_self)))

    def backward(self):
        seen, stack = {self}, [self]
        while stack:
            for p in stack.pop().parents:
                if p not in seen:
                    seen.add(p)
                    stack.append(p)
        self.grad = f32(1)
        for node in sorted(seen, key=lambda n: n.number, reverse=True):
            for p, g in zip(node.parents, node.grads):
                p.grad = f32(p.grad + g * node.grad)


def graph_example(x, y, z, w):
    leaves = [Value(v) for v in (x, y, z, w)]
    x, y, z, w = leaves
    f = (x * y + z.maximum(w)) ** 2
    f.backward()
    return [float(f.data)] + [float(v.grad) for v in leaves]
