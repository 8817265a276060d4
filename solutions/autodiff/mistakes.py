"""Known mistakes on the autodiff exercise, each a small variant of the reference.

A mistake is a subclass `Value(Value)` that overrides the one method a student got wrong. Its
source is appended to the reference's, so in the variant it subclasses the reference's Value,
and every node the variant builds is of the wrong class (the reference creates nodes through
the global name Value). Each class sits in a namespace class named like its mistake, because
Python's inspect finds a class's source by its qualified name: with several top-level classes
named Value it would return the first one's source for every mistake. A slip in graph_example
(the worked example) is a plain function of that name.
"""
# ruff: noqa: F821  (the classes run in the reference's namespace: topological_order, as_value, math)
from dlgrade.spec import MistakeRegistry

from .reference import Value  # the base of the classes below while this module is imported

known = MistakeRegistry()


# ---------------------------------------------------------------- backward()

class grad_overwritten:
    @known.mistake("grad_overwritten")
    class Value(Value):
        def backward(self):
            self.grad = 1.0
            for node in reversed(topological_order(self)):
                for parent, local in zip(node._parents, node._local_grads):
                    parent.grad = local * node.grad


class recursive_backward_without_order:
    @known.mistake("recursive_backward_without_order")
    class Value(Value):
        def backward(self):
            # each node hands on its gradient, then recurses into its parents at once: a node
            # reached on k paths hands on its (still incomplete) gradient k times
            self.grad = 1.0
            visits = [0]

            def propagate(node):
                visits[0] += 1
                if visits[0] > 200_000:  # one visit per path: exponential in shared subgraphs
                    raise RecursionError("a walk over every path of the graph")
                for parent, local in zip(node._parents, node._local_grads):
                    parent.grad += local * node.grad
                for parent in node._parents:
                    propagate(parent)

            propagate(self)


class upstream_not_multiplied:
    @known.mistake("upstream_not_multiplied")
    class Value(Value):
        def backward(self):
            self.grad = 1.0
            for node in reversed(topological_order(self)):
                for parent, local in zip(node._parents, node._local_grads):
                    parent.grad += local


class root_grad_not_seeded:
    @known.mistake("root_grad_not_seeded")
    class Value(Value):
        def backward(self):
            for node in reversed(topological_order(self)):
                for parent, local in zip(node._parents, node._local_grads):
                    parent.grad += local * node.grad


class no_topological_order:
    @known.mistake("no_topological_order")
    class Value(Value):
        def backward(self):
            # breadth-first from the output: a node hands on its gradient as soon as it is
            # reached, possibly before all of its consumers have added theirs
            self.grad = 1.0
            queue, seen = [self], {self}
            while queue:
                node = queue.pop(0)
                for parent, local in zip(node._parents, node._local_grads):
                    parent.grad += local * node.grad
                    if parent not in seen:
                        seen.add(parent)
                        queue.append(parent)


class topological_order_not_reversed:
    @known.mistake("topological_order_not_reversed")
    class Value(Value):
        def backward(self):
            self.grad = 1.0
            for node in topological_order(self):
                for parent, local in zip(node._parents, node._local_grads):
                    parent.grad += local * node.grad


# ---------------------------------------------------------------- local derivatives

class subtraction_sign:
    @known.mistake("subtraction_sign")
    class Value(Value):
        def __sub__(self, other):
            other = as_value(other)
            return Value(self.data - other.data, (self, other), (1.0, 1.0))


class division_sign:
    @known.mistake("division_sign")
    class Value(Value):
        def __truediv__(self, other):
            other = as_value(other)
            return Value(self.data / other.data, (self, other), (1.0 / other.data, self.data / other.data**2))


class power_exponent_not_lowered:
    @known.mistake("power_exponent_not_lowered")
    class Value(Value):
        def __pow__(self, exponent):
            return Value(self.data**exponent, (self,), (exponent * self.data**exponent,))


class tanh_derivative_not_squared:
    @known.mistake("tanh_derivative_not_squared")
    class Value(Value):
        def tanh(self):
            t = math.tanh(self.data)
            return Value(t, (self,), (1.0 - t,))


class exp_power_rule:
    @known.mistake("exp_power_rule")
    class Value(Value):
        def exp(self):  # d/dx e^x taken as x e^(x - 1), the power rule
            return Value(math.exp(self.data), (self,), (self.data * math.exp(self.data - 1.0),))


class tanh_derivative_from_input:
    @known.mistake("tanh_derivative_from_input")
    class Value(Value):
        def tanh(self):
            return Value(math.tanh(self.data), (self,), (1.0 - self.data**2,))


class sigmoid_derivative_from_input:
    @known.mistake("sigmoid_derivative_from_input")
    class Value(Value):
        def sigmoid(self):
            return Value(1.0 / (1.0 + math.exp(-self.data)), (self,), (self.data * (1.0 - self.data),))


class relu_grad_at_zero_one:
    @known.mistake("relu_grad_at_zero_one")
    class Value(Value):
        def relu(self):
            return Value(max(self.data, 0.0), (self,), (1.0 if self.data >= 0 else 0.0,))


class maximum_tie_to_other:
    @known.mistake("maximum_tie_to_other")
    class Value(Value):
        def maximum(self, other):
            other = as_value(other)
            if self.data > other.data:
                return Value(self.data, (self, other), (1.0, 0.0))
            return Value(other.data, (self, other), (0.0, 1.0))


class maximum_tie_split:
    @known.mistake("maximum_tie_split")
    class Value(Value):
        def maximum(self, other):
            other = as_value(other)
            if self.data == other.data:  # as torch.maximum does: half the gradient to each
                return Value(self.data, (self, other), (0.5, 0.5))
            if self.data > other.data:
                return Value(self.data, (self, other), (1.0, 0.0))
            return Value(other.data, (self, other), (0.0, 1.0))


class maximum_number_not_wrapped:
    @known.mistake("maximum_number_not_wrapped")
    class Value(Value):
        def maximum(self, other):  # other.data of a plain number: AttributeError
            if self.data >= other.data:
                return Value(self.data, (self, other), (1.0, 0.0))
            return Value(other.data, (self, other), (0.0, 1.0))


class neg_detached:
    @known.mistake("neg_detached")
    class Value(Value):
        def __neg__(self):
            return Value(-self.data)  # a new leaf: no edge back to self

        def __sub__(self, other):  # subtraction built on negation, as micrograd does
            return self + (-as_value(other))

        def __rsub__(self, other):
            return as_value(other) + (-self)


# ---------------------------------------------------------------- numbers on the left

class reflected_operators_missing:
    @known.mistake("reflected_operators_missing")
    class Value(Value):
        # without __radd__, __rsub__, __rmul__ and __rtruediv__, Python has nothing to call for
        # 2 * v, 1 + v, 1 - v and 3 / v: TypeError, unsupported operand type(s)
        def __radd__(self, other):
            return NotImplemented

        def __rsub__(self, other):
            return NotImplemented

        def __rmul__(self, other):
            return NotImplemented

        def __rtruediv__(self, other):
            return NotImplemented


class rsub_order:
    @known.mistake("rsub_order")
    class Value(Value):
        def __rsub__(self, other):  # other - self computed as self - other
            return self - as_value(other)


class rtruediv_order:
    @known.mistake("rtruediv_order")
    class Value(Value):
        def __rtruediv__(self, other):  # other / self computed as self / other
            return self / as_value(other)


# ---------------------------------------------------------------- graph_example

@known.mistake("max_outside_graph")
def graph_example(x, y, z, w):
    x, y, z, w = Value(x), Value(y), Value(z), Value(w)
    f = (x * y + max(z.data, w.data)) ** 2  # a plain float: z and w are not in the graph
    f.backward()
    return f.data, x.grad, y.grad, z.grad, w.grad
