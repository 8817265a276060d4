"""Hidden cases for the autodiff exercise, generated from the per-submission seed.

Every `Value` case describes one graph as plain lists (see exercises/autodiff/harness.py): the
leaves, one operation per new node (an int operand is a node's index, a float a number), and
the node on which backward() is called. Each case builds its own graph from its own leaves.
"""
import math

import numpy as np

from dlgrade.spec import Case, Check

GRAPH = "graph"

# Tolerances. A correct class computed in float32 (numpy float32 values, say) must pass; every
# known mistake changes a value or gradient by far more (a missing factor or path, a wrong sign,
# a derivative from the input instead of the output: 0.5 % or more on these graphs).
# - rtol 1e-4: float32 carries about 7 digits; a sum over paths of a random graph or a neuron
#   loses up to about 3e-5 of it (measured over 30 seeds), float64 about 1e-15.
# - atol 1e-5: gradients that are 0 in exact arithmetic but come out of a cancelling sum as
#   rounding noise (about 1e-6 in float32), and 1 - tanh(25)^2 = 0 vs 8e-22.
TOL = Check(rtol=1e-4, atol=1e-5)
# The 500-deep chain: in float32 the rounding of 500 operations adds up to about 1e-5 absolute
# on values of size 1 (node values that pass near 0 lose all relative accuracy), so atol 1e-4.
CHAIN_TOL = Check(rtol=1e-4, atol=1e-4)

# Plain-float versions of the operations, to choose operands inside each function's domain.
FORWARD = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b, "maximum": max, "pow": lambda a, n: a**n,
    "neg": lambda a: -a, "relu": lambda a: max(a, 0.0), "sigmoid": lambda a: 1.0 / (1.0 + math.exp(-a)),
    "tanh": math.tanh, "exp": math.exp, "log": math.log,
}


def value_case(leaves, ops, output, name, check=TOL, timeout=None):
    """A case of the Value class: the harness builds this graph and calls backward() on `output`."""
    return Case("Value", ([float(x) for x in leaves], [list(op) for op in ops], int(output)), harness=GRAPH,
                check=check, name=name, timeout=timeout)


def evaluate(leaves, ops):
    """The value of every node, with plain floats."""
    values = [float(x) for x in leaves]
    for name, *operands in ops:
        args = [values[x] if type(x) is int else x for x in operands]
        if name == "pow":
            args = [values[operands[0]], operands[1]]
        values.append(FORWARD[name](*args))
    return values


def grid(rng, low=-8, high=8):
    """A number k/4 (exact in float32 and float64), for exact ties."""
    return int(rng.integers(low, high + 1)) / 4.0


def uniform(rng, low, high, sign=False):
    x = float(rng.uniform(low, high))
    return -x if sign and rng.random() < 0.5 else x


def total_sum(ops, first, nodes):
    """Append additions that sum `nodes` (indices); returns the index of the sum."""
    acc = nodes[0]
    for k in nodes[1:]:
        ops.append(["add", acc, k])
        acc = first + len(ops) - 1
    return acc


# ---------------------------------------------------------------- random expression graphs

def random_graph(rng, n_leaves, n_ops):
    """A random graph whose nodes are reused (shared subexpressions), every node feeding the output.

    Operands are drawn mostly from the latest nodes (depth) and otherwise from any node (sharing),
    numbers appear on either side, and every operation stays inside its domain with margins
    (no relu or maximum within 1e-3 of its kink, no division by less than 0.25, log of >= 0.1,
    exp of |x| <= 4, sigmoid and tanh of |x| <= 30, every value within 50 before the final sum).
    The number of paths from the output to any node is at most 2000, so that even a backward
    that walks every path separately (correct but slow) ends quickly.
    """
    while True:
        leaves = [uniform(rng, 0.3, 2.0, sign=True) for _ in range(n_leaves)]
        ops, values = [], list(leaves)
        kinds = ["add", "sub", "mul", "div", "pow", "neg", "relu", "sigmoid", "tanh", "exp", "log", "maximum"]
        weights = np.array([3, 2, 3, 2, 1.5, 0.5, 1, 1, 1, 1, 1, 1])
        while len(ops) < n_ops:
            kind = str(rng.choice(kinds, p=weights / weights.sum()))
            a, b = pick(rng, len(values)), pick(rng, len(values))
            if kind == "pow":
                exponent = [2, 3, -1, 0.5, -0.5, 1.5, 2.0][int(rng.integers(0, 7))]
                op = ["pow", a, exponent]
                x = values[a]
                if (isinstance(exponent, float) and exponent != int(exponent) or exponent < 0) and x < 0.2:
                    continue
                if exponent == -1 and abs(x) < 0.25:
                    continue
            elif kind in ("neg", "relu", "sigmoid", "tanh", "exp", "log"):
                op = [kind, a]
                x = values[a]
                if (kind == "relu" and abs(x) < 1e-3 or kind == "exp" and abs(x) > 4 or kind == "log" and x < 0.1
                        or kind in ("sigmoid", "tanh") and abs(x) > 30):
                    continue
            else:
                side = rng.random()
                if side < 0.15 and kind != "maximum":
                    op = [kind, round(uniform(rng, 0.5, 3.0, sign=True), 2), b]  # a number on the left
                elif side < 0.3:
                    op = [kind, a, round(uniform(rng, 0.5, 3.0, sign=True), 2)]  # a number on the right
                else:
                    op = [kind, a, b]
                left, right = (values[x] if type(x) is int else x for x in op[1:])
                if kind == "div" and abs(right) < 0.25 or kind == "maximum" and abs(left - right) < 1e-3:
                    continue
            result = evaluate(values, [op])[-1]
            if not abs(result) <= 50:
                continue
            ops.append(op)
            values.append(result)
        used = {k for op in ops for k in _refs(op)}
        sinks = [n_leaves + i for i in range(len(ops)) if n_leaves + i not in used]
        output = total_sum(ops, n_leaves, sinks)
        paths = path_counts(n_leaves, ops, output)
        shared = sum(1 for k in range(len(values)) if sum(_refs(op).count(k) for op in ops) >= 2)
        if max(paths) <= 2000 and shared >= 2 and all(abs(v) <= 200 for v in evaluate(leaves, ops)):
            return leaves, ops, output


def pick(rng, n):
    """A node index: one of the latest three (depth) or, less often, any earlier one (sharing)."""
    return int(rng.integers(max(0, n - 3), n)) if rng.random() < 0.6 else int(rng.integers(0, n))


def _refs(op):
    """The node indices among an operation's operands (a power's exponent is a number)."""
    operands = op[1:2] if op[0] == "pow" else op[1:]
    return [x for x in operands if type(x) is int]


def path_counts(n_leaves, ops, output):
    """How many paths lead from the output to each node."""
    paths = [0] * (n_leaves + len(ops))
    paths[output] = 1
    for i in range(len(ops) - 1, -1, -1):
        for k in _refs(ops[i]):
            paths[k] += paths[n_leaves + i]
    return paths


# ---------------------------------------------------------------- a chain 500 nodes deep

def deep_chain(rng, depth=500, n_side=60):
    """A chain whose longest path has `depth` nodes (the bottom leaf and the output included).

    The chain node is always the left operand of - and / (so that a class that builds a - b as
    a + (-b) or a / b as a * b**-1 does not make the path longer); side leaves join it on the
    way. Factors near +-1 and tanh only near 0 keep the bottom leaf's gradient between 1e-3 and 1e3.
    """
    while True:
        leaves = [uniform(rng, 0.2, 1.0, sign=True)] + [uniform(rng, 0.8, 1.25, sign=True) for _ in range(n_side)]
        ops, values, v, slope = [], list(leaves), 0, 1.0
        while len(ops) < depth - 1:
            x, r, side = values[v], rng.random(), int(rng.integers(1, n_side + 1))
            c = round(float(np.exp(rng.uniform(-0.2, 0.2))) * (1 if rng.random() < 0.7 else -1), 3)
            if abs(x) > 2:
                op, local = ["add", v, -float(np.sign(x)) * round(uniform(rng, 0.5, 1.5), 2)], 1.0
            elif r < 0.2:
                op, local = (["mul", v, c] if rng.random() < 0.5 else ["mul", c, v]), c
            elif r < 0.3:
                op, local = ["div", v, c], 1.0 / c
            elif r < 0.45:
                op, local = (["add", v, side] if rng.random() < 0.5 else ["add", side, v]), 1.0
            elif r < 0.55:
                op, local = ["sub", v, side], 1.0
            elif r < 0.65:
                op, local = ["mul", v, side], values[side]
            elif r < 0.75 and abs(x) < 0.5:
                op, local = ["tanh", v], 1.0 - math.tanh(x) ** 2
            elif r < 0.8:
                op, local = ["neg", v], -1.0
            elif r < 0.85 and x > 0.05:
                op, local = ["relu", v], 1.0
            else:
                op, local = ["add", v, round(uniform(rng, 0.1, 1.0, sign=True), 2)], 1.0
            ops.append(op)
            values.append(evaluate(values, [op])[-1])
            v, slope = len(values) - 1, slope * local
        if 1e-3 <= abs(slope) <= 1e3:
            return leaves, ops, v


def diamond_ladder(rng, rungs=60):
    """v_{k+1} = c_k * v_k + tanh(d_k * v_k): every rung is a diamond, so 2^rungs paths lead from
    the output to the leaf. A backward in reverse topological order visits each of the 4 * rungs
    + 1 nodes once; one that walks every path separately never ends (the call's time limit stops
    it). c + d is about 1, so the values stay near 1 and the leaf's gradient above 1e-3."""
    while True:
        ops, values, slope = [], [uniform(rng, 0.5, 1.5, sign=True)], 1.0
        for _ in range(rungs):
            v, x = len(values) - 1, values[-1]
            c = round(uniform(rng, 0.5, 0.7), 3)
            d = round(1.03 - c + uniform(rng, -0.03, 0.03), 3)
            ops += [["mul", v, c], ["mul", d, v], ["tanh", v + 2], ["add", v + 1, v + 3]]
            values += [c * x, d * x, math.tanh(d * x), c * x + math.tanh(d * x)]
            slope *= c + d * (1.0 - math.tanh(d * x) ** 2)
        if 1e-3 <= abs(slope) <= 1e3:
            return values[:1], ops, len(values) - 1


# ---------------------------------------------------------------- the cases

def cases(rng):
    out = []

    # graph_example: f = (x*y + max(z, w))^2 (notes 004) at random points, a tie, and f = 0.
    x, y = uniform(rng, 0.5, 3.0, sign=True), uniform(rng, 0.5, 3.0, sign=True)
    z = uniform(rng, 0.5, 3.0, sign=True)
    out += [
        Case("graph_example", (x, y, z, z - uniform(rng, 0.5, 2.0)), check=TOL, name="graph_example: z > w"),
        Case("graph_example", (y, x, z - uniform(rng, 0.5, 2.0), z), check=TOL, name="graph_example: w > z"),
    ]
    x, y, t = 0.0, 0.0, 0.0
    while x * y == 0 or x * y + t == 0:  # f = 0 would hide where the gradient of the tie goes
        x, y, t = grid(rng), grid(rng), grid(rng)
    out.append(Case("graph_example", (x, y, t, t), check=TOL, name="graph_example: a tie z = w (the gradient goes to z)"))
    x, y = float(rng.integers(1, 5)), float(rng.integers(-4, 0))
    out.append(Case("graph_example", (x, y, -x * y, -x * y - 1.0), check=TOL,
                    name="graph_example: x*y + max(z, w) = 0"))

    # A node used twice: v * v (both factors are v), and x*y + x (a leaf on two paths).
    v = uniform(rng, 0.5, 3.0, sign=True)
    out.append(value_case([v, v + 1.0], [["mul", 0, 0], ["mul", 1, 1], ["add", 2, 3]], 4,
                          "Value: v * v, a node used twice by one operation"))
    x, y = uniform(rng, 0.5, 3.0, sign=True), uniform(rng, 0.5, 3.0, sign=True)
    out.append(value_case([x, y], [["mul", 0, 1], ["add", 2, 0]], 3, "Value: x*y + x at random x, y"))

    # Diamonds: u reaches the output directly and through a longer path (u -> tanh -> exp),
    # whichever order the parents are listed in; then a node shared by three consumers.
    a, b, c = (uniform(rng, 0.3, 1.2, sign=True) for _ in range(3))
    out.append(value_case([a, b, c], [["mul", 0, 1], ["tanh", 3], ["exp", 4], ["add", 5, 3], ["add", 3, 5],
                                      ["mul", 6, 7], ["mul", 8, 2]], 9,
                          "Value: diamonds, a node reached by paths of different lengths"))
    out.append(value_case([a + 0.5, b], [["add", 0, 1], ["mul", 2, 0], ["sigmoid", 2], ["sub", 3, 4],
                                         ["mul", 5, 2], ["add", 6, 2]], 7,
                          "Value: a node shared by three later nodes"))

    # Division, powers with number exponents, numbers on either side, unary minus.
    a, b, c = uniform(rng, 0.5, 2.5, sign=True), uniform(rng, 0.5, 2.5, sign=True), uniform(rng, 0.5, 2.5, sign=True)
    out.append(value_case([a, b, c], [["div", 0, 1], ["div", 1, 0], ["div", 3, 2], ["add", 4, 5]], 6,
                          "Value: division a / b, b / a and (a / b) / c"))
    p, q = uniform(rng, 0.5, 2.0), uniform(rng, 0.5, 2.0, sign=True)
    out.append(value_case([p, q], [["pow", 0, 2], ["pow", 1, 3], ["pow", 0, -1], ["pow", 0, 0.5], ["pow", 0, -1.5],
                                   ["pow", 1, 2.0], ["add", 2, 3], ["add", 8, 4], ["add", 9, 5], ["add", 10, 6],
                                   ["add", 11, 7]], 12,
                          "Value: powers with number exponents 2, 3, -1, 0.5, -1.5"))
    v = uniform(rng, 0.5, 2.5, sign=True)
    k1, k2, k3, k4 = (round(uniform(rng, 0.5, 3.0, sign=True), 2) for _ in range(4))
    out.append(value_case([v], [["add", 0, k1], ["sub", 0, k2], ["mul", 0, k3], ["div", 0, k4], ["mul", 1, 2],
                                ["mul", 5, 3], ["add", 6, 4]], 7,
                          "Value: numbers on the right (v + c, v - c, v * c, v / c)"))
    out.append(value_case([v], [["add", k1, 0], ["mul", k3, 0], ["mul", 1, 2]], 3,
                          "Value: numbers on the left of + and * (c + v, c * v)"))
    out.append(value_case([v, uniform(rng, 0.5, 2.0)], [["sub", k2, 0], ["mul", 2, 1], ["sub", 1.0, 3]], 4,
                          "Value: a number on the left of - (c - v)"))
    out.append(value_case([v, uniform(rng, 0.5, 2.0)], [["div", k4, 0], ["mul", 2, 1], ["div", 1.0, 3]], 4,
                          "Value: a number on the left of / (c / v)"))
    out.append(value_case([v, b], [["neg", 0], ["mul", 0, 1], ["neg", 3], ["add", 4, 2], ["neg", 5]], 6,
                          "Value: unary minus"))

    # relu exactly at 0 (a leaf 0.0 and a - a = 0), and on both sides of it.
    a, w = grid(rng), uniform(rng, 0.5, 2.0, sign=True)
    out.append(value_case([0.0, a, a, abs(v), -abs(b), w],
                          [["relu", 0], ["sub", 1, 2], ["relu", 7], ["relu", 3], ["relu", 4],
                           ["mul", 6, 5], ["mul", 8, 5], ["add", 11, 12], ["add", 13, 9], ["add", 14, 10]], 15,
                          "Value: relu exactly at 0 and on both sides"))

    # maximum: ties between nodes and with a number (the gradient goes to self), no tie.
    t, s = grid(rng, -6, 6), grid(rng, -6, 6)
    out.append(value_case([t, t, s, s + 0.5, w], [["maximum", 0, 1], ["maximum", 2, 3], ["maximum", 3, 2],
                                                  ["add", 5, 6], ["add", 8, 7], ["mul", 9, 4]], 10,
                          "Value: maximum of two nodes, with a tie"))
    out.append(value_case([t, s, w], [["maximum", 0, t], ["maximum", 1, s - 1.0], ["maximum", 1, s + 1.0],
                                      ["add", 3, 4], ["add", 6, 5], ["mul", 7, 2]], 8,
                          "Value: maximum with a number, with a tie"))

    # exp, log, sigmoid, tanh: moderate arguments, then saturated ones up to |x| = 30.
    a, b, c = uniform(rng, 0.3, 2.0), uniform(rng, -2.0, 2.0), uniform(rng, -2.0, 2.0)
    out.append(value_case([a, b], [["log", 0], ["exp", 1], ["mul", 2, 3], ["exp", 2], ["log", 3], ["add", 4, 5],
                                   ["add", 7, 6]], 8, "Value: exp and log"))
    out.append(value_case([b, c, a], [["sigmoid", 0], ["tanh", 1], ["tanh", 2], ["sigmoid", 2], ["mul", 3, 4],
                                      ["add", 7, 5], ["add", 8, 6]], 9, "Value: sigmoid and tanh"))
    big = [uniform(rng, 20.0, 30.0, sign=True) for _ in range(4)] + [30.0, -30.0]
    out.append(value_case(big, [["sigmoid", 0], ["tanh", 1], ["sigmoid", 4], ["sigmoid", 5], ["tanh", 4], ["tanh", 5],
                                ["exp", 2], ["exp", 5], ["add", 6, 7], ["add", 14, 8], ["add", 15, 9], ["add", 16, 10],
                                ["add", 17, 11], ["add", 18, 12], ["add", 19, 13]], 20,
                          "Value: saturated sigmoid, tanh and exp, |x| up to 30"))

    # A neuron tanh(w1 x1 + w2 x2 + b) and its squared error, as in a small network.
    x1, x2, w1, w2, bias, target = (uniform(rng, 0.2, 1.5, sign=True) for _ in range(6))
    out.append(value_case([x1, x2, w1, w2, bias, target],
                          [["mul", 2, 0], ["mul", 3, 1], ["add", 6, 7], ["add", 8, 4], ["tanh", 9], ["sub", 10, 5],
                           ["pow", 11, 2]], 12, "Value: a tanh neuron and its squared error"))

    # backward() on an intermediate node (later nodes and unused leaves keep grad 0), on a leaf.
    a, b, c, d = (uniform(rng, 0.5, 2.0, sign=True) for _ in range(4))
    out.append(value_case([a, b, c, d], [["mul", 0, 1], ["add", 4, 2], ["tanh", 5], ["mul", 6, 3], ["add", 7, 4]], 5,
                          "Value: backward() on an intermediate node of a larger graph"))
    out.append(value_case([a, b], [["mul", 0, 1], ["add", 2, 0]], 1, "Value: backward() on a leaf"))

    # Random graphs with shared subexpressions, a chain 500 nodes deep, a ladder of diamonds.
    out.append(value_case(*random_graph(rng, 4, 12), "Value: a small random graph with shared subexpressions"))
    out.append(value_case(*random_graph(rng, 6, 30), "Value: a random graph with shared subexpressions"))
    out.append(value_case(*deep_chain(rng), "Value: a chain 500 nodes deep", check=CHAIN_TOL))
    # 2^60 paths: linear for a topological order, endless for a walk over every path. The
    # reference takes about a millisecond; 5 s lets a slow but linear class through.
    out.append(value_case(*diamond_ladder(rng), "Value: a ladder of 60 diamonds (2^60 paths)", timeout=5.0))
    return out
