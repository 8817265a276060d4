"""In-process tests of the autodiff exercise: the reference against forward-mode dual numbers and
central differences, the worked example of notes 004, the hidden graphs, the known mistakes'
dedicated cases, the alternatives and the stub's signatures."""
import inspect
import math
import textwrap
from pathlib import Path

import numpy as np
import pytest
from helpers import case_passes, load_module

from dlgrade.catalog import load_exercise
from dlgrade.grading.diagnose import evaluate, matching_mistakes

EX = load_exercise("autodiff")
REF = EX.reference
GRAPH = EX.harness.graph
SEEDS = range(8)
ROOT = Path(__file__).resolve().parents[2]
ALTERNATIVES = sorted((ROOT / "tests" / "submissions" / "autodiff").glob("alt_*.py"))


def value_cases(seed):
    return [c for c in EX.hidden_cases(seed) if c.function == "Value"]


# ---------------------------------------------------------------- an independent derivative

DUAL = {  # (value, d value / d first operand, d value / d second operand), written out again
    "add": lambda a, b: (a + b, 1.0, 1.0),
    "sub": lambda a, b: (a - b, 1.0, -1.0),
    "mul": lambda a, b: (a * b, b, a),
    "div": lambda a, b: (a / b, 1.0 / b, -a / (b * b)),
    "maximum": lambda a, b: (a, 1.0, 0.0) if a >= b else (b, 0.0, 1.0),
    "pow": lambda a, n: (a**n, n * a ** (n - 1), 0.0),
    "neg": lambda a: (-a, -1.0),
    "relu": lambda a: (a, 1.0) if a > 0 else (0.0, 0.0),
    "sigmoid": lambda a: (1 / (1 + math.exp(-a)), math.exp(-a) / (1 + math.exp(-a)) ** 2),
    "tanh": lambda a: (math.tanh(a), 1 / math.cosh(a) ** 2),
    "exp": lambda a: (math.exp(a), math.exp(a)),
    "log": lambda a: (math.log(a), 1 / a),
}


def forward_mode(leaves, ops, output, seed_node):
    """d(output)/d(node seed_node) by forward mode: the seeded node's tangent is 1 and the
    tangents of everything else start at 0, i.e. the node is perturbed with its inputs fixed."""
    values = [float(x) for x in leaves]
    tangents = [1.0 if k == seed_node else 0.0 for k in range(len(leaves))]
    for name, *operands in ops:
        if name == "pow":
            args, dargs = [values[operands[0]], operands[1]], [tangents[operands[0]], 0.0]
        else:
            args = [values[x] if type(x) is int else x for x in operands]
            dargs = [tangents[x] if type(x) is int else 0.0 for x in operands]
        value, *partials = DUAL[name](*args)
        values.append(value)
        tangents.append(1.0 if len(values) - 1 == seed_node else sum(p * d for p, d in zip(partials, dargs)))
    return values[output], tangents[output]


@pytest.mark.parametrize("seed", SEEDS)
def test_reference_gradients_equal_forward_mode_on_every_hidden_graph(seed):
    for case in value_cases(seed):
        leaves, ops, output = case.args
        got = GRAPH(REF.Value, *case.args)
        n = len(leaves) + len(ops)
        nodes = range(n) if n <= 80 else sorted({*range(0, n, 37), output, n - 1})
        for k in nodes:
            value, derivative = forward_mode(leaves, ops, output, k)
            assert got[0, output] == pytest.approx(value, rel=1e-12, abs=1e-12), case.name
            assert got[1, k] == pytest.approx(derivative, rel=1e-9, abs=1e-12), f"{case.name}: node {k}"


@pytest.mark.parametrize("seed", SEEDS)
def test_reference_leaf_gradients_equal_central_differences(seed):
    """Where no relu or maximum sits at its kink (the ties are left out), a leaf's gradient is
    the slope of the output; h = 1e-6 keeps every perturbed kink on its side (margins >= 1e-3)."""
    h = 1e-6
    for case in value_cases(seed):
        if "tie" in case.name or "relu" in case.name or "chain" in case.name:
            continue
        leaves, ops, output = case.args
        grads = GRAPH(REF.Value, *case.args)[1]
        for k in range(len(leaves)):
            up, down = list(leaves), list(leaves)
            up[k] += h
            down[k] -= h
            slope = (GRAPH(REF.Value, up, ops, output)[0, output] - GRAPH(REF.Value, down, ops, output)[0, output]) / (2 * h)
            assert grads[k] == pytest.approx(slope, rel=1e-5, abs=1e-6), f"{case.name}: leaf {k}"


# ---------------------------------------------------------------- the worked example and the public cases

def test_worked_example_of_notes_004():
    assert REF.graph_example(4, -2, 5, -1) == (9.0, 12.0, -24.0, -6.0, 0.0)
    # the same graph gate by gate: p = xy = -8, q = max(z, w) = 5, m = p + q = -3, f = m^2 = 9
    out = GRAPH(REF.Value, [4.0, -2.0, 5.0, -1.0], [["mul", 0, 1], ["maximum", 2, 3], ["add", 4, 5], ["pow", 6, 2]], 7)
    assert out[0].tolist() == [4.0, -2.0, 5.0, -1.0, -8.0, 5.0, -3.0, 9.0]
    assert out[1].tolist() == [12.0, -24.0, -6.0, 0.0, -6.0, -6.0, -6.0, 1.0]


def test_tie_sends_the_gradient_to_self_and_relu_has_slope_zero_at_zero():
    z, w = REF.Value(3.0), REF.Value(3.0)
    m = z.maximum(w)
    m.backward()
    assert (z.grad, w.grad) == (1.0, 0.0)
    v = REF.Value(3.0)
    m = v.maximum(3.0)
    m.backward()
    assert v.grad == 1.0
    zero = REF.Value(0.0)
    zero.relu().backward()
    assert zero.grad == 0.0


@pytest.mark.parametrize("case", EX.public_cases(), ids=lambda c: c.name)
def test_public_cases_have_literal_values_the_reference_meets(case):
    assert case.has_literal_expected
    assert case_passes(EX, REF, case)


def test_numbers_on_either_side():
    v = REF.Value(2.0)
    assert [(2 * v).data, (v * 2).data, (1 - v).data, (v - 1).data, (3 / v).data, (v / 4).data, (2 + v).data] == \
           [4.0, 4.0, -1.0, 1.0, 1.5, 0.5, 4.0]
    f = 3 / v
    f.backward()
    assert v.grad == -0.75


# ---------------------------------------------------------------- the hidden graphs

def longest_path(leaves, ops, output):
    depth = [1] * (len(leaves) + len(ops))
    for i, (name, *operands) in enumerate(ops):
        refs = operands[:1] if name == "pow" else [x for x in operands if type(x) is int]
        depth[len(leaves) + i] = 1 + max(depth[k] for k in refs)
    return depth[output]


@pytest.mark.parametrize("seed", SEEDS)
def test_hidden_chain_is_500_nodes_deep_and_random_graphs_share_nodes(seed):
    cases = {c.name: c for c in EX.hidden_cases(seed)}
    assert longest_path(*cases["Value: a chain 500 nodes deep"].args) == 500
    for name in ("Value: a random graph with shared subexpressions", "Value: a small random graph with shared subexpressions"):
        leaves, ops, output = cases[name].args
        refs = [[x for x in (op[1:2] if op[0] == "pow" else op[1:]) if type(x) is int] for op in ops]
        uses = [sum(r.count(k) for r in refs) for k in range(len(leaves) + len(ops))]
        assert sum(u >= 2 for u in uses) >= 2, name
        grads = GRAPH(REF.Value, leaves, ops, output)[1]
        assert np.all(np.abs(grads) < 1e4)


def path_count(leaves, ops, output, node):
    paths = [0] * (len(leaves) + len(ops))
    paths[output] = 1
    for i in range(len(ops) - 1, -1, -1):
        name, *operands = ops[i]
        for k in (operands[:1] if name == "pow" else [x for x in operands if type(x) is int]):
            paths[k] += paths[len(leaves) + i]
    return paths[node]


@pytest.mark.parametrize("seed", SEEDS)
def test_hidden_ladder_has_2_to_the_60_paths_and_a_time_limit(seed):
    case = next(c for c in EX.hidden_cases(seed) if c.name == "Value: a ladder of 60 diamonds (2^60 paths)")
    assert path_count(*case.args, node=0) == 2**60
    assert len(case.args[0]) + len(case.args[1]) == 241
    assert case.timeout == 5.0
    assert 1e-3 <= abs(GRAPH(REF.Value, *case.args)[1, 0]) <= 1e3


@pytest.mark.parametrize("seed", SEEDS)
def test_hidden_inputs_stay_inside_the_stated_ranges(seed):
    """|x| <= 30 into exp, sigmoid and tanh; log of x > 0; no division by 0; no 0 ** 0."""
    for case in value_cases(seed):
        ops = case.args[1]
        data = GRAPH(REF.Value, *case.args)[0]
        assert np.all(np.isfinite(data))
        for name, *operands in ops:
            x = data[operands[0]] if type(operands[0]) is int else operands[0]
            if name in ("exp", "sigmoid", "tanh"):
                assert abs(x) <= 30
            if name == "log":
                assert x > 0
            if name == "div":
                assert (data[operands[1]] if type(operands[1]) is int else operands[1]) != 0
            if name == "pow":
                assert x != 0 or operands[1] > 0


def test_backward_on_an_intermediate_node_leaves_later_nodes_at_zero():
    case = next(c for c in EX.hidden_cases(3) if c.name == "Value: backward() on an intermediate node of a larger graph")
    output = case.args[2]
    grads = GRAPH(REF.Value, *case.args)[1]
    assert grads[output] == 1.0
    assert np.all(grads[output + 1:] == 0.0)
    assert grads[3] == 0.0  # the leaf d is used only after the output


def test_reference_backward_does_not_recurse():
    x = REF.Value(0.5)
    v = x
    for _ in range(5000):
        v = v * 1.0001 + 0.0
    v.backward()
    assert x.grad == pytest.approx(1.0001**5000)


# ---------------------------------------------------------------- known mistakes

# The hidden case written for each mistake: it must catch the mistake on every seed.
DEDICATED = {
    "grad_overwritten": "Value: v * v, a node used twice by one operation",
    "upstream_not_multiplied": "Value: a tanh neuron and its squared error",
    "root_grad_not_seeded": "Value: x*y + x at random x, y",
    "no_topological_order": "Value: diamonds, a node reached by paths of different lengths",
    "topological_order_not_reversed": "Value: diamonds, a node reached by paths of different lengths",
    "subtraction_sign": "Value: a node shared by three later nodes",
    "division_sign": "Value: division a / b, b / a and (a / b) / c",
    "power_exponent_not_lowered": "Value: powers with number exponents 2, 3, -1, 0.5, -1.5",
    "tanh_derivative_from_input": "Value: sigmoid and tanh",
    "sigmoid_derivative_from_input": "Value: sigmoid and tanh",
    "relu_grad_at_zero_one": "Value: relu exactly at 0 and on both sides",
    "maximum_tie_to_other": "Value: maximum of two nodes, with a tie",
    "maximum_tie_split": "graph_example: a tie z = w (the gradient goes to z)",
    "rsub_order": "Value: a number on the left of - (c - v)",
    "rtruediv_order": "Value: a number on the left of / (c / v)",
    "recursive_backward_without_order": "Value: diamonds, a node reached by paths of different lengths",
    "tanh_derivative_not_squared": "Value: sigmoid and tanh",
    "exp_power_rule": "Value: exp and log",
    "maximum_number_not_wrapped": "Value: maximum with a number, with a tie",
    "neg_detached": "Value: unary minus",
    "reflected_operators_missing": "Value: numbers on the left of + and * (c + v, c * v)",
    "max_outside_graph": "graph_example: z > w",
}
GRAPH_EXAMPLE_MISTAKES = {"max_outside_graph"}  # a slip in graph_example, not in the class


@pytest.mark.parametrize("mistake_id", sorted(DEDICATED))
def test_dedicated_case_catches_its_mistake_on_every_seed(mistake_id):
    variant = EX.variant(mistake_id)
    for seed in range(10):
        case = next(c for c in EX.hidden_cases(seed) if c.name == DEDICATED[mistake_id])
        assert case_passes(EX, REF, case)
        assert not case_passes(EX, variant, case), f"seed {seed}"


def test_each_mistake_variant_has_its_own_source_and_answers():
    """At least eight mistakes, each with a dedicated case. Every mistake's class is found by its
    own qualified name (inspect returns the first of several top-level classes of one name,
    which would make all variants the same), so no two variants answer alike."""
    assert len(EX.mistakes) >= 8
    assert {m.id for m in EX.mistakes} == set(DEDICATED)
    sources = {m.id: EX.variant_source(m) for m in EX.mistakes}
    assert len(set(sources.values())) == len(sources)
    for mistake_id, source in sources.items():
        assert source.startswith(EX.reference_source())
        wrong = "def graph_example(" if mistake_id in GRAPH_EXAMPLE_MISTAKES else "class Value(Value):"
        assert wrong in source[len(EX.reference_source()):], mistake_id
    cases = [c for c in EX.hidden_cases(0) if "ladder" not in c.name]  # one mistake walks every path there
    answers = {m.id: tuple(np.concatenate([answer(EX.variant(m.id), c) for c in cases]).round(9)) for m in EX.mistakes}
    assert len(set(answers.values())) == len(answers)


def answer(functions, case):
    """A case's answer as one flat array; an exception counts as its class name's length (not a number)."""
    try:
        if case.function == "Value":
            return GRAPH(functions["Value"], *case.args).ravel()
        return np.array(functions["graph_example"](*case.args))
    except Exception as exc:
        return np.array([-len(type(exc).__name__)], dtype=float)


# A mistake's variant is matched value for value (or by its exception's class), so it must answer
# as the student's class does wherever the misconception is the only fault, also where the
# student's class is built differently from the reference (micrograd's style: a - b = a + (-b)).

def test_the_recursive_backward_stops_on_the_ladder_instead_of_walking_2_to_the_60_paths():
    ladder = next(c for c in EX.hidden_cases(0) if "ladder" in c.name)
    with pytest.raises(RecursionError):
        GRAPH(EX.variant("recursive_backward_without_order")["Value"], *ladder.args)


def test_a_missing_rmul_alone_is_named_as_the_reflected_operators_mistake():
    no_rmul = student_class("""
        class Value(Value):
            def __rmul__(self, other):
                return NotImplemented
    """)
    case = next(c for c in EX.hidden_cases(0) if c.name == DEDICATED["reflected_operators_missing"])
    assert "reflected_operators_missing" in named(no_rmul, case)


def test_a_detached_negation_is_named_with_and_without_subtraction_built_on_it():
    detached = student_class("""
        class Value(Value):  # a - b as the reference computes it, only -v detached
            def __neg__(self):
                return Value(-self.data)
    """)
    micrograd = student_class("""
        class Value(Value):  # and a - b = a + (-b), as micrograd writes it
            def __neg__(self):
                return Value(-self.data)

            def __sub__(self, other):
                return self + (-as_value(other))
    """)
    minus = next(c for c in EX.hidden_cases(0) if c.name == "Value: unary minus")
    shared = next(c for c in EX.hidden_cases(0) if c.name == "Value: a node shared by three later nodes")  # has a - b
    assert "neg_detached" in named(detached, minus) and "neg_detached" in named(micrograd, minus)
    assert "neg_detached" in named(micrograd, shared)


def student_class(source):
    """A student's Value: the reference with `source` (a subclass named Value) appended, so that
    every node it builds is of that class, as in a student's own file."""
    namespace = {}
    exec(compile(EX.reference_source() + "\n" + textwrap.dedent(source), "student.py", "exec"), namespace)
    return namespace["Value"]


def named(value_class, case):
    """The known mistakes the answer of `value_class` on `case` reproduces."""
    student = evaluate(value_class, case, EX.harness)
    return matching_mistakes(EX, case, student, evaluate(REF.Value, case, EX.harness))


# ---------------------------------------------------------------- alternatives, stub, harness

@pytest.mark.parametrize("path", ALTERNATIVES, ids=lambda p: p.stem)
def test_alternatives_pass_every_case(path):
    module = load_module(path)
    for seed in range(3):
        failed = [c.name for c in EX.public_cases() + EX.hidden_cases(seed) if not case_passes(EX, module, c)]
        assert failed == [], f"seed {seed}"


def test_stub_matches_the_reference_and_raises():
    stub = load_module(EX.stub_path)
    assert inspect.signature(stub.graph_example) == inspect.signature(REF.graph_example)
    stub_methods = {n for n, f in vars(stub.Value).items() if inspect.isfunction(f)}
    ref_methods = {n for n, f in vars(REF.Value).items() if inspect.isfunction(f)}
    assert stub_methods == ref_methods - {"__repr__"}
    for name in stub_methods - {"__init__"}:
        assert inspect.signature(getattr(stub.Value, name)) == inspect.signature(getattr(REF.Value, name)), name
        assert getattr(stub.Value, name).__doc__, name
    assert list(inspect.signature(stub.Value).parameters) == ["data"]
    with pytest.raises(NotImplementedError):
        stub.Value(1.0)
    with pytest.raises(NotImplementedError):
        stub.graph_example(4.0, -2.0, 5.0, -1.0)


def test_harness_lets_the_class_under_test_raise():
    class Broken(REF.Value):
        def tanh(self):
            raise ZeroDivisionError("student bug")

    with pytest.raises(ZeroDivisionError):
        GRAPH(Broken, [0.5], [["tanh", 0]], 1)
