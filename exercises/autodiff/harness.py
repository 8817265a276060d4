"""Worker-side wrapper for the `Value` class: builds a computational graph from plain data.

A graph is described by plain lists, so that it can cross the grader's trust boundary:

- `leaves`: the numbers x_0, x_1, ...; each becomes a leaf `Value(x_i)`.
- `ops`: one operation per list, appending one new node each, `[name, a, b]` or `[name, a]`.
  An operand that is an int is the index of an earlier node (leaves first, then the results of
  `ops` in order); a float is a plain number (as in `2 * v` or `1 - v`). Binary names:
  "add" (a + b), "sub" (a - b), "mul" (a * b), "div" (a / b), "maximum" (a.maximum(b), `a` a
  node); "pow" is `[pow, i, exponent]` with a number exponent (int or float) as it is; unary
  names: "neg" (-a), "relu", "sigmoid", "tanh", "exp", "log" (a.relu(), ...).
- `output`: the index of the node on which `backward()` is called.

`graph` returns plain data, a float array of shape (2, number of nodes): row 0 holds the .data
of every node, row 1 its .grad, column k is node k (so a message "at index (1, 3)" means the
gradient of node 3). Nodes that the output does not depend on must keep .grad 0.0. The same code
runs in the sandboxed worker (with the student's class) and in the trusted parent (with the reference), so it imports only the
standard library and numpy; an exception raised by the class under test is its answer.
"""
import operator

import numpy as np

BINARY = {"add": operator.add, "sub": operator.sub, "mul": operator.mul, "div": operator.truediv,
          "maximum": lambda a, b: a.maximum(b)}
UNARY = {"neg": operator.neg, "relu": lambda a: a.relu(), "sigmoid": lambda a: a.sigmoid(),
         "tanh": lambda a: a.tanh(), "exp": lambda a: a.exp(), "log": lambda a: a.log()}


def _operand(nodes, x):
    """A node for an int index, the number itself for a float."""
    return nodes[x] if type(x) is int else float(x)


def build(Value, leaves, ops):
    """The nodes of the graph: the leaves, then one node per operation."""
    nodes = [Value(float(x)) for x in leaves]
    for name, *operands in ops:
        if name == "pow":
            nodes.append(nodes[operands[0]] ** operands[1])
        elif name in UNARY:
            nodes.append(UNARY[name](nodes[operands[0]]))
        else:
            nodes.append(BINARY[name](*(_operand(nodes, x) for x in operands)))
    return nodes


def graph(Value, leaves, ops, output):
    """Build the graph with `Value`, call backward() on node `output`; [data of every node, grads]."""
    nodes = build(Value, leaves, ops)
    nodes[output].backward()
    return np.array([[float(n.data) for n in nodes], [float(n.grad) for n in nodes]])
