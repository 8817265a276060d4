"""Reference solution: scalar reverse-mode automatic differentiation (notes 004, backpropagation).

Every `Value` remembers the Values it was computed from (its parents) and, for each parent, the
local derivative d(node)/d(parent) at the values of the forward pass, like the gates of the
worked example f = (xy + max(z, w))^2 (p = xy, q = max(z, w), m = p + q, f = m^2).
`backward()` seeds df/df = 1 and visits the nodes in reverse topological order; each node hands
its gradient on with the chain rule,

    parent.grad += d(node)/d(parent) * node.grad,

so that a node reached on several paths (v * v, x*y + x) gets the sum over all of them.
"""
import math


def as_value(x):
    """A Value for a number; a Value stays as it is."""
    return x if isinstance(x, Value) else Value(x)


def topological_order(root):
    """Every node that `root` depends on (itself included), each after all of its parents.

    An iterative depth-first search: a node is appended once all of its parents are, and no
    recursion means no limit on the depth of the graph.
    """
    order, visited = [], set()
    stack = [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
        elif node not in visited:
            visited.add(node)
            stack.append((node, True))
            stack.extend((parent, False) for parent in node._parents if parent not in visited)
    return order


class Value:
    """A scalar node of a computational graph: its value `.data` and, after backward(), `.grad`."""

    def __init__(self, data, parents=(), local_grads=()):
        self.data = float(data)
        self.grad = 0.0
        self._parents = tuple(parents)  # the Values this node was computed from
        self._local_grads = tuple(local_grads)  # d(self)/d(parent) for each parent

    def __repr__(self):
        return f"Value(data={self.data!r}, grad={self.grad!r})"

    # ---- operators (a number on either side becomes a constant Value) ----
    def __add__(self, other):
        other = as_value(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0))

    def __sub__(self, other):
        other = as_value(other)
        return Value(self.data - other.data, (self, other), (1.0, -1.0))

    def __mul__(self, other):
        other = as_value(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    def __truediv__(self, other):
        other = as_value(other)
        return Value(self.data / other.data, (self, other), (1.0 / other.data, -self.data / other.data**2))

    def __pow__(self, exponent):
        """self ** exponent for a number exponent: d/dx x^n = n x^(n-1)."""
        return Value(self.data**exponent, (self,), (exponent * self.data ** (exponent - 1),))

    def __neg__(self):
        return Value(-self.data, (self,), (-1.0,))

    def __radd__(self, other):  # other + self
        return self + other

    def __rmul__(self, other):  # other * self
        return self * other

    def __rsub__(self, other):  # other - self
        return as_value(other) - self

    def __rtruediv__(self, other):  # other / self
        return as_value(other) / self

    # ---- elementary functions ----
    def relu(self):
        """max(x, 0) with derivative 1 for x > 0 and 0 for x <= 0 (0 at x = 0)."""
        return Value(max(self.data, 0.0), (self,), (1.0 if self.data > 0 else 0.0,))

    def sigmoid(self):
        s = 1.0 / (1.0 + math.exp(-self.data))
        return Value(s, (self,), (s * (1.0 - s),))

    def tanh(self):
        t = math.tanh(self.data)
        return Value(t, (self,), (1.0 - t * t,))

    def exp(self):
        e = math.exp(self.data)
        return Value(e, (self,), (e,))

    def log(self):
        return Value(math.log(self.data), (self,), (1.0 / self.data,))

    def maximum(self, other):
        """max(self, other); on a tie the whole gradient goes to self."""
        other = as_value(other)
        if self.data >= other.data:
            return Value(self.data, (self, other), (1.0, 0.0))
        return Value(other.data, (self, other), (0.0, 1.0))

    # ---- reverse mode ----
    def backward(self):
        """Set .grad of every node this one depends on to d(self)/d(node)."""
        self.grad = 1.0
        for node in reversed(topological_order(self)):
            for parent, local in zip(node._parents, node._local_grads):
                parent.grad += local * node.grad


def graph_example(x, y, z, w):
    """f = (x*y + max(z, w))**2 and its partial derivatives (notes 004), computed with Value."""
    x, y, z, w = Value(x), Value(y), Value(z), Value(w)
    f = (x * y + z.maximum(w)) ** 2
    f.backward()
    return f.data, x.grad, y.grad, z.grad, w.grad
