"""Exercise: computational graphs and reverse-mode automatic differentiation (notes 004).

Write a scalar `Value` class that records the computational graph of the operations applied to
it and computes every partial derivative of a result with one call of `backward()`, as in the
worked example of notes 004, f(x, y, z, w) = (xy + max(z, w))^2. Only the standard library
(math) is needed; torch and any other automatic differentiation are not allowed.
"""
import math


class Value:
    """A scalar node of a computational graph.

    Attributes: `data`, the node's value (a float), and `grad`, d(result)/d(node) after
    `result.backward()` was called on a result that depends on this node (0.0 before, and for
    nodes the result does not depend on). A number on either side of an operator is treated as
    a constant: `2 * v`, `v - 1`, `1 - v` and `3 / v` must all work.
    """

    def __init__(self, data):
        """A leaf node with value `data` (a number, stored as a float) and grad 0.0.

        You may add further parameters with defaults (e.g. the nodes this one was computed
        from and the local derivatives); the grader creates leaves as Value(x) only.
        """
        raise NotImplementedError

    def __add__(self, other):
        """self + other; `other` is a Value or a number."""
        raise NotImplementedError

    def __radd__(self, other):
        """other + self for a number `other` (called by Python for 2 + v)."""
        raise NotImplementedError

    def __sub__(self, other):
        """self - other; `other` is a Value or a number."""
        raise NotImplementedError

    def __rsub__(self, other):
        """other - self for a number `other` (called by Python for 1 - v): mind the order."""
        raise NotImplementedError

    def __mul__(self, other):
        """self * other; `other` is a Value or a number."""
        raise NotImplementedError

    def __rmul__(self, other):
        """other * self for a number `other` (called by Python for 2 * v)."""
        raise NotImplementedError

    def __truediv__(self, other):
        """self / other; `other` is a Value or a number (never 0)."""
        raise NotImplementedError

    def __rtruediv__(self, other):
        """other / self for a number `other` (called by Python for 3 / v): mind the order."""
        raise NotImplementedError

    def __pow__(self, exponent):
        """self ** exponent for a number `exponent` (int or float, not a Value).

        The grader never asks for 0 ** 0, for a fractional exponent of a negative base, or for
        a negative exponent of 0.
        """
        raise NotImplementedError

    def __neg__(self):
        """-self."""
        raise NotImplementedError

    def relu(self):
        """max(self, 0); its derivative is 1 for data > 0 and 0 for data <= 0 (0 at exactly 0)."""
        raise NotImplementedError

    def sigmoid(self):
        """1 / (1 + exp(-self)); the grader keeps |data| <= 30."""
        raise NotImplementedError

    def tanh(self):
        """tanh(self); the grader keeps |data| <= 30."""
        raise NotImplementedError

    def exp(self):
        """exp(self); the grader keeps |data| <= 30."""
        raise NotImplementedError

    def log(self):
        """The natural logarithm of self (data > 0)."""
        raise NotImplementedError

    def maximum(self, other):
        """max(self, other); `other` is a Value or a number.

        On a tie (self.data == other.data) the whole gradient goes to self, none to other.
        """
        raise NotImplementedError

    def backward(self):
        """Reverse mode: set .grad of every node this result depends on to d(self)/d(node).

        Seed self.grad = 1, then visit the nodes in reverse topological order (a node only
        after every node that uses it) and apply the chain rule, summing over all paths: a node
        used twice, as in v * v, gets both contributions. Called once per graph, on the final
        result or on any intermediate node; graphs may be 500 nodes deep.
        """
        raise NotImplementedError


def graph_example(x, y, z, w):
    """The worked example of notes 004, computed with your Value class.

    x, y, z, w: numbers. Build f = (x*y + max(z, w))**2 from four leaf Values (max with
    `maximum`), call f.backward() and return the five floats
    (f, df/dx, df/dy, df/dz, df/dw). At (4, -2, 5, -1): (9.0, 12.0, -24.0, -6.0, 0.0).
    """
    raise NotImplementedError
