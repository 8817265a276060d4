"""Public cases: run them yourself; the grader runs these and hidden ones like them.

A `Value` case describes a graph as plain lists (exercises/autodiff/harness.py): the leaves,
one operation per new node (an int operand is a node's index, leaves first; a float is a
number), and the node on which backward() is called. The answer is the .data and the .grad of
every node as an array of shape (2, number of nodes): row 0 the .data, row 1 the .grad,
column k node k.
"""
import numpy as np

from dlgrade.spec import Case

CASES = [
    # Notes 004: f(x, y, z, w) = (xy + max(z, w))^2 at (4, -2, 5, -1). Forward: p = xy = -8,
    # q = max(z, w) = 5, m = p + q = -3, f = m^2 = 9. Backward: df/dm = 2m = -6 = df/dp = df/dq,
    # df/dx = -6 y = 12, df/dy = -6 x = -24, df/dz = -6 (z > w), df/dw = 0.
    Case("graph_example", (4.0, -2.0, 5.0, -1.0), expected=(9.0, 12.0, -24.0, -6.0, 0.0),
         name="graph_example: the worked example of notes 004"),
    # A tie z = w = 3 at x = 1, y = 2: m = 2 + 3 = 5, f = 25, df/dm = 10; the tie's gradient goes to z.
    Case("graph_example", (1.0, 2.0, 3.0, 3.0), expected=(25.0, 20.0, 10.0, 10.0, 0.0),
         name="graph_example: a tie z = w"),
    # The same example as a graph: nodes x, y, z, w, p = x*y, q = z.maximum(w), m = p + q, f = m**2.
    Case("Value", ([4.0, -2.0, 5.0, -1.0], [["mul", 0, 1], ["maximum", 2, 3], ["add", 4, 5], ["pow", 6, 2]], 7),
         harness="graph",
         expected=np.array([[4.0, -2.0, 5.0, -1.0, -8.0, 5.0, -3.0, 9.0], [12.0, -24.0, -6.0, 0.0, -6.0, -6.0, -6.0, 1.0]]),
         name="Value: the worked example of notes 004 as a graph"),
    # v * v at v = 3: both factors are v, so d(v*v)/dv = 3 + 3 = 6.
    Case("Value", ([3.0], [["mul", 0, 0]], 1), harness="graph",
         expected=np.array([[3.0, 9.0], [6.0, 1.0]]),
         name="Value: v * v, a node used twice"),
    # x*y + x at x = 2, y = 5: x is on two paths, df/dx = y + 1 = 6, df/dy = x = 2.
    Case("Value", ([2.0, 5.0], [["mul", 0, 1], ["add", 2, 0]], 3), harness="graph",
         expected=np.array([[2.0, 5.0, 10.0, 12.0], [6.0, 2.0, 1.0, 1.0]]),
         name="Value: x*y + x, a leaf on two paths"),
    # Numbers on either side at v = 2: (2 * v + (1 - v)) + 3 / v = 4 - 1 + 1.5 = 4.5,
    # df/dv = 2 - 1 - 3 / v^2 = 0.25.
    Case("Value", ([2.0], [["mul", 2.0, 0], ["sub", 1.0, 0], ["div", 3.0, 0], ["add", 1, 2], ["add", 4, 3]], 5),
         harness="graph",
         expected=np.array([[2.0, 4.0, -1.0, 1.5, 3.0, 4.5], [0.25, 1.0, 1.0, 1.0, 1.0, 1.0]]),
         name="Value: numbers on either side (2 * v, 1 - v, 3 / v)"),
    # relu(0) has gradient 0; max(1.5, 1.5) gives its gradient to self (the first 1.5).
    Case("Value", ([0.0, 1.5, 1.5], [["relu", 0], ["maximum", 1, 2], ["add", 3, 4]], 5), harness="graph",
         expected=np.array([[0.0, 1.5, 1.5, 0.0, 1.5, 1.5], [0.0, 1.0, 0.0, 1.0, 1.0, 1.0]]),
         name="Value: relu at 0 and a tie in maximum"),
    # At 0: sigmoid(0) = 1/2 with derivative 1/4, tanh(0) = 0 and exp(0) = 1 with derivative 1;
    # log(1) = 0 with derivative 1. The first leaf gets 1/4 + 1 + 1 = 2.25.
    Case("Value", ([0.0, 1.0], [["sigmoid", 0], ["tanh", 0], ["exp", 0], ["log", 1], ["add", 2, 3], ["add", 6, 4],
                                ["add", 7, 5]], 8), harness="graph",
         expected=np.array([[0.0, 1.0, 0.5, 0.0, 1.0, 0.0, 0.5, 1.5, 1.5], [2.25, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]]),
         name="Value: sigmoid, tanh, exp and log at 0 and 1"),
    # backward() on p = a * b (a = 2, b = -3): the later node p * p keeps grad 0.
    Case("Value", ([2.0, -3.0], [["mul", 0, 1], ["mul", 2, 2]], 2), harness="graph",
         expected=np.array([[2.0, -3.0, -6.0, 36.0], [-3.0, 2.0, 1.0, 0.0]]),
         name="Value: backward() on an intermediate node"),
]
