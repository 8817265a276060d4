"""What is specific to the optimizers exercise: the reference against torch.optim and its
schedulers on random inputs, the statement's worked examples and claims, the hidden cases'
robustness against rounding, the stub's contract (no sandbox, no CLI)."""
import copy
import inspect
import math
import tomllib
import warnings
from pathlib import Path

import numpy as np
import pytest
from helpers import SUBMISSIONS, case_passes, load_module

from dlgrade.catalog import load_exercise
from dlgrade.grading.diagnose import evaluate, matching_mistakes

EX = load_exercise("optimizers")
REF = EX.reference
ALTERNATIVES = sorted((SUBMISSIONS / "optimizers").glob("alt_*.py"))
RNG = np.random.default_rng(20261130)


def spd(rng, d):
    q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    return (q * rng.uniform(0.5, 4.0, size=d)) @ q.T


# --- the exercise's files -----------------------------------------------------------------


def test_stub_matches_the_reference_and_the_catalog():
    stub = load_module(EX.stub_path, "optimizers_stub")
    assert EX.functions == ["sgd_step", "momentum_step", "adagrad_step", "rmsprop_step", "adam_step",
                            "lr_schedule", "optimize_quadratic"]
    german = tomllib.loads((EX.folder / "texts.de.toml").read_text(encoding="utf-8"))["docstrings"]
    for name in EX.functions:
        assert inspect.signature(getattr(stub, name)) == inspect.signature(getattr(REF, name)), name
        assert getattr(stub, name).__doc__ and german[name].strip(), name
    with pytest.raises(NotImplementedError):
        stub.sgd_step(np.zeros(2), np.zeros(2), 0.1)
    with pytest.raises(NotImplementedError):
        stub.lr_schedule("step", 0, 0.1, factor=0.5, every=10)


def test_statement_names_the_slips_and_the_forbidden_module():
    meta = tomllib.loads((EX.folder / "exercise.toml").read_text(encoding="utf-8"))
    assert meta["forbidden"] == {"*": ["torch.optim.*"]}
    for lang, heading in (("de", "## Nicht erlaubt"), ("en", "## Not allowed")):
        text = EX.statement(lang)
        for needle in ("(62)", "(63)", "(66)", "(68)", "004", "002", heading, "torch.optim", "T = 0", "ValueError",
                       "TypeError"):
            assert needle in text, (lang, needle)


def test_public_cases_are_literal_and_reproduced_by_the_reference():
    cases = EX.public_cases()
    assert {c.function for c in cases} == set(EX.functions)
    for case in cases:
        assert case.has_literal_expected or case.raises, case.name
        assert case_passes(EX, REF, case), case.name


def test_the_worked_examples_by_hand():
    """The numbers of the statement's table, from the formulas and not from the reference's code."""
    w_new, v_new = REF.momentum_step(np.array([1.0, -2.0]), np.array([0.5, -1.0]), np.array([0.2, 0.4]), 0.1, 0.9)
    np.testing.assert_allclose(v_new, [0.23, 0.26], rtol=1e-12)
    np.testing.assert_allclose(w_new, [0.77, -2.26], rtol=1e-12)
    w_new = REF.adam_step(np.array([1.0]), np.array([0.01]), np.zeros(1), np.zeros(1), 1, lr=0.1, eps=0.01)[0]
    assert w_new[0] == pytest.approx(1 - 0.1 * 0.01 / (0.01 + 0.01))
    inside = 1 - 0.1 * 0.01 / math.sqrt(1e-4 + 0.01)  # eq. 68 as printed
    assert abs(w_new[0] - inside) > 0.03
    w2 = REF.adam_step(np.array([0.9]), np.array([0.5]), np.array([0.1]), np.array([0.001]), 2, lr=0.1)[0]
    assert w2[0] == pytest.approx(0.9 - 0.1 * (0.14 / 0.19) / (math.sqrt(0.001249 / (1 - 0.999**2)) + 1e-8), rel=1e-12)
    assert REF.lr_schedule("exponential", 10, 0.1, gamma=0.1) == pytest.approx(0.1 / math.e, rel=1e-15)
    path = REF.optimize_quadratic(np.diag([1.0, 100.0]), np.zeros(2), np.ones(2), "adam", 2, 0.1)
    assert path[2, 0] == pytest.approx(path[2, 1], rel=1e-8)  # Adam ignores the diagonal scaling


# --- the reference against torch.optim ------------------------------------------------------


def torch_step(optimizer_class, w, g, state, **options):
    """One step of a torch optimiser from the given parameter, gradient and state (float64)."""
    torch = pytest.importorskip("torch")
    p = torch.nn.Parameter(torch.tensor(w, dtype=torch.float64))
    opt = optimizer_class([p], **options)
    p.grad = torch.tensor(g, dtype=torch.float64)
    if state:
        opt.state[p].update({k: torch.tensor(v, dtype=torch.float64) if isinstance(v, np.ndarray) else v
                             for k, v in state.items()})
    opt.step()
    return p.detach().numpy(), {k: v.numpy() if hasattr(v, "numpy") else v for k, v in opt.state[p].items()}


@pytest.mark.parametrize("trial", range(5))
def test_steps_agree_with_torch_optim(trial):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(trial)
    shape = (3, 4)
    w, g = rng.normal(size=shape), rng.normal(size=shape)
    lr = float(rng.uniform(0.01, 0.5))

    got, _ = torch_step(torch.optim.SGD, w, g, {}, lr=lr)
    np.testing.assert_allclose(REF.sgd_step(w, g, lr), got, rtol=1e-12, atol=1e-14)

    # torch's momentum buffer is the v of slides 004: v / lr in the form of eqs. 62-63
    v, beta = rng.normal(size=shape), float(rng.uniform(0.5, 0.95))
    got, state = torch_step(torch.optim.SGD, w, g, {"momentum_buffer": v / lr}, lr=lr, momentum=beta)
    w_new, v_new = REF.momentum_step(w, g, v, lr, beta)
    np.testing.assert_allclose(w_new, got, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(v_new, lr * state["momentum_buffer"], rtol=1e-12, atol=1e-14)

    G, eps = rng.uniform(0.0, 5.0, size=shape), float(rng.uniform(1e-8, 0.5))
    got, state = torch_step(torch.optim.Adagrad, w, g, {"sum": G, "step": torch.tensor(3.0)}, lr=lr, eps=eps)
    w_new, G_new = REF.adagrad_step(w, g, G, lr, eps)
    np.testing.assert_allclose(w_new, got, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(G_new, state["sum"], rtol=1e-12)

    s, rho = rng.uniform(0.0, 5.0, size=shape), float(rng.uniform(0.5, 0.99))
    got, state = torch_step(torch.optim.RMSprop, w, g, {"square_avg": s, "step": torch.tensor(3.0)},
                            lr=lr, alpha=rho, eps=eps)
    w_new, s_new = REF.rmsprop_step(w, g, s, lr, rho, eps)
    np.testing.assert_allclose(w_new, got, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(s_new, state["square_avg"], rtol=1e-12)

    t = int(rng.integers(1, 20))
    m, v2 = 0.1 * rng.normal(size=shape), rng.uniform(0.0, 0.01, size=shape)
    betas = (float(rng.uniform(0.7, 0.95)), float(rng.uniform(0.9, 0.999)))
    got, state = torch_step(torch.optim.Adam, w, g, {"exp_avg": m, "exp_avg_sq": v2, "step": torch.tensor(float(t - 1))},
                            lr=lr, betas=betas, eps=eps)
    w_new, m_new, v_new = REF.adam_step(w, g, m, v2, t, lr, *betas, eps)
    np.testing.assert_allclose(w_new, got, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(m_new, state["exp_avg"], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(v_new, state["exp_avg_sq"], rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("method", ["sgd", "momentum", "adagrad", "rmsprop", "adam"])
def test_trajectories_agree_with_torch_optim(method):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(7)
    d, steps, lr = 4, 25, 0.05
    A, b, w0 = spd(rng, d), rng.normal(size=d), rng.normal(size=d)
    hyper, make = {
        "sgd": ({}, lambda p: torch.optim.SGD(p, lr=lr)),
        "momentum": ({"beta": 0.8}, lambda p: torch.optim.SGD(p, lr=lr, momentum=0.8)),
        "adagrad": ({"eps": 1e-6}, lambda p: torch.optim.Adagrad(p, lr=lr, eps=1e-6)),
        "rmsprop": ({"rho": 0.95}, lambda p: torch.optim.RMSprop(p, lr=lr, alpha=0.95)),
        "adam": ({"beta1": 0.8, "beta2": 0.99}, lambda p: torch.optim.Adam(p, lr=lr, betas=(0.8, 0.99))),
    }[method]
    p = torch.nn.Parameter(torch.tensor(w0))
    opt, At, bt = make([p]), torch.tensor(A), torch.tensor(b)
    expected = [w0]
    for _ in range(steps):
        opt.zero_grad()
        (0.5 * p @ At @ p - bt @ p).backward()
        opt.step()
        expected.append(p.detach().numpy().copy())
    path = REF.optimize_quadratic(A, b, w0, method, steps, lr, **hyper)
    assert path.shape == (steps + 1, d)
    np.testing.assert_allclose(path, np.array(expected), rtol=1e-9, atol=1e-11)


def test_schedules_agree_with_torch_lr_scheduler():
    torch = pytest.importorskip("torch")

    def torch_rates(make, lr0, n):
        opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr0)
        scheduler, rates = make(opt), []
        for _ in range(n):
            rates.append(opt.param_groups[0]["lr"])
            opt.step()
            scheduler.step()
        return rates

    lr0, n = 0.3, 60
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        step = torch_rates(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=7, gamma=0.5), lr0, n)
        exponential = torch_rates(lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=math.exp(-0.05)), lr0, n)
        # LinearLR scales the optimiser's lr by factors in (0, 1]: the larger rate is its base
        decay = torch_rates(lambda o: torch.optim.lr_scheduler.LinearLR(o, start_factor=1.0, end_factor=0.1,
                                                                         total_iters=20), lr0, n)
        warm_up = torch_rates(lambda o: torch.optim.lr_scheduler.LinearLR(o, start_factor=0.1, end_factor=1.0,
                                                                           total_iters=20), lr0, n)
    np.testing.assert_allclose([REF.lr_schedule("linear", k, lr0, lr_T=0.1 * lr0, T=20) for k in range(n)], decay,
                               rtol=1e-9)
    np.testing.assert_allclose([REF.lr_schedule("linear", k, 0.1 * lr0, lr_T=lr0, T=20) for k in range(n)], warm_up,
                               rtol=1e-9)
    np.testing.assert_allclose([REF.lr_schedule("step", k, lr0, factor=0.5, every=7) for k in range(n)], step, rtol=1e-12)
    np.testing.assert_allclose([REF.lr_schedule("exponential", k, lr0, gamma=0.05) for k in range(n)], exponential,
                               rtol=1e-9)


# --- the statement's claims ------------------------------------------------------------------


def test_momentum_forms_agree_with_a_constant_rate_and_differ_with_a_schedule():
    """Why momentum_step is graded with v != 0: the trajectory cannot tell eqs. 62-63 from slides 004."""
    rng = np.random.default_rng(3)
    A, b, w0 = spd(rng, 3), rng.normal(size=3), rng.normal(size=3)
    notes004 = EX.variant("momentum_lr_outside_v")
    for name in ("optimize_quadratic",):
        np.testing.assert_allclose(notes004[name](A, b, w0, "momentum", 30, 0.1, beta=0.8),
                                   REF.optimize_quadratic(A, b, w0, "momentum", 30, 0.1, beta=0.8), rtol=1e-10, atol=1e-12)

    def scheduled(step):
        w, v = w0, np.zeros(3)
        for k in range(10):
            w, v = step(w, A @ w - b, v, REF.lr_schedule("step", k, 0.2, factor=0.5, every=3), 0.8)
        return w

    assert not np.allclose(scheduled(REF.momentum_step), scheduled(notes004["momentum_step"]), rtol=1e-3)


def test_reference_converges_to_the_minimum():
    rng = np.random.default_rng(11)
    A, b = spd(rng, 4), rng.normal(size=4)
    w_star = np.linalg.solve(A, b)
    for method, steps, lr in (("sgd", 400, 0.2), ("momentum", 400, 0.05), ("adagrad", 3000, 0.5)):
        assert np.allclose(REF.optimize_quadratic(A, b, np.zeros(4), method, steps, lr)[-1], w_star, atol=1e-6), method


def test_steps_never_modify_their_inputs_and_accept_any_shape():
    rng = np.random.default_rng(5)
    for shape in ((), (0,), (5,), (2, 3)):
        w, g, state = rng.normal(size=shape), rng.normal(size=shape), rng.uniform(0, 1, size=shape)
        saved = copy.deepcopy((w, g, state))
        for out in (REF.sgd_step(w, g, 0.1), *REF.momentum_step(w, g, state, 0.1), *REF.adagrad_step(w, g, state, 0.1),
                    *REF.rmsprop_step(w, g, state, 0.1), *REF.adam_step(w, g, state, state, 3, 0.1)):
            assert np.shape(out) == shape
        for before, after in zip(saved, (w, g, state)):
            np.testing.assert_array_equal(before, after)


def test_zero_gradient_with_zero_state_does_not_move():
    w = np.array([1.0, -2.0])
    g = np.array([0.0, 0.5])
    assert REF.adagrad_step(w, g, np.zeros(2), 0.1)[0][0] == 1.0
    assert REF.rmsprop_step(w, g, np.zeros(2), 0.1)[0][0] == 1.0
    assert REF.adam_step(w, g, np.zeros(2), np.zeros(2), 1, 0.1)[0][0] == 1.0


def test_decisions_where_the_catalog_is_silent():
    assert REF.lr_schedule("linear", 0, 0.5, lr_T=0.1, T=0) == 0.1
    assert REF.lr_schedule("exponential", 4, 0.5, gamma=0.1, factor=0.5, every=2, lr_T=0.0, T=3) == \
        REF.lr_schedule("exponential", 4, 0.5, gamma=0.1)
    for bad in ("Step", "cosine", ""):
        with pytest.raises(ValueError):
            REF.lr_schedule(bad, 3, 0.1, factor=0.5, every=2)
    A, b, w0 = np.eye(2), np.ones(2), np.zeros(2)
    with pytest.raises(ValueError):
        REF.optimize_quadratic(A, b, w0, "nesterov", 3, 0.1)
    with pytest.raises(TypeError):
        REF.optimize_quadratic(A, b, w0, "sgd", 3, 0.1, beta=0.9)
    with pytest.raises(TypeError):
        REF.optimize_quadratic(A, b, w0, "adam", 3, 0.1, rho=0.9)
    assert REF.optimize_quadratic(A, b, w0, "adam", 0, 0.1).shape == (1, 2)


# --- hidden cases --------------------------------------------------------------------------


def test_hidden_cases_are_stable_and_finite():
    names = [c.name for c in EX.hidden_cases(0)]
    for seed in range(10):
        cases = EX.hidden_cases(seed)
        assert [c.name for c in cases] == names
        for case in cases:
            if case.raises:
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                out = getattr(REF, case.function)(*case.args, **case.kwargs)
            assert all(np.all(np.isfinite(x)) for x in (out if isinstance(out, tuple) else (out,))), case.name


@pytest.mark.parametrize("path", ALTERNATIVES, ids=lambda p: p.stem)
def test_alternatives_pass_every_case_for_many_seeds(path):
    """Rounding never decides: a float32 answer and algebraically equivalent forms pass on every seed."""
    module = load_module(path, f"optimizers_{path.stem}")
    for seed in range(25):
        failed = [c.name for c in EX.public_cases() + EX.hidden_cases(seed) if not case_passes(EX, module, c)]
        assert failed == [], f"seed {seed}"


def test_every_mistake_is_far_outside_the_tolerance_where_it_shows():
    """A known mistake misses by far more than the float32 error the tolerance allows (no near-misses)."""
    for mistake in EX.mistakes:
        variant = EX.variant(mistake.id)
        for seed in range(3):
            for case in EX.public_cases() + EX.hidden_cases(seed):
                if case.raises or case_passes(EX, variant, case):
                    continue
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    try:
                        wrong = variant[case.function](*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
                    except (ArithmeticError, TypeError, ValueError):  # a mistake that crashes is far off too
                        continue
                    right = getattr(REF, case.function)(*case.args, **case.kwargs)
                wrong = wrong if isinstance(wrong, tuple) else (wrong,)
                right = right if isinstance(right, tuple) else (right,)
                if any(np.shape(a) != np.shape(e) for a, e in zip(wrong, right)):
                    continue
                ratio = max(float(np.nanmax(np.abs(np.asarray(a, float) - e) / (case.check.atol + case.check.rtol * np.abs(e)),
                                            initial=np.inf if np.isnan(np.asarray(a, float)).any() else 0.0))
                            for a, e in zip(wrong, right))
                # ratio <= 1: the values are right and the case fails because the inputs were overwritten
                assert ratio <= 1 or ratio > 10, (mistake.id, case.name, ratio)


def test_alternatives_are_really_different_files():
    assert len(ALTERNATIVES) >= 2
    texts = {p.read_text() for p in ALTERNATIVES}
    assert len(texts) == len(ALTERNATIVES)
    assert any("torch" in t and "float32" in t for t in texts)
    assert Path(EX.stub_path).read_text() not in texts


# --- mistakes named where the student's slip is narrower than the variant ---------------------


def named(source, case):
    """The known mistakes that a student's file (the reference with `source` appended) reproduces on `case`."""
    namespace = {}
    exec(compile(EX.reference_source() + "\n" + source, "student.py", "exec"), namespace)
    student = evaluate(namespace[case.function], case, None)
    return matching_mistakes(EX, case, student, evaluate(getattr(REF, case.function), case, None))


def test_a_velocity_reset_for_momentum_only_is_the_state_reset_mistake():
    reset_momentum_only = EX.reference_source().split("def optimize_quadratic", 1)[1].replace(
        "w, *state = momentum_step(w, g, *state, lr, **hyper)",
        "w, *_ = momentum_step(w, g, np.zeros_like(w), lr, **hyper)")
    assert "np.zeros_like(w), lr" in reset_momentum_only
    variant = EX.variant("state_reset_every_step")
    cases = [c for c in EX.public_cases() + EX.hidden_cases(0)  # where the mistake shows (not on one step)
             if c.function == "optimize_quadratic" and c.args[3] == "momentum" and not case_passes(EX, variant, c)]
    assert cases and all("state_reset_every_step" in named("def optimize_quadratic" + reset_momentum_only, c)
                         for c in cases)


def test_rmsprop_alone_dividing_by_the_old_s_is_the_old_state_mistake():
    old_s = '''
def rmsprop_step(w, g, s, lr, rho=0.9, eps=1e-8):
    w, g, s = _as_float(w), _as_float(g), _as_float(s)
    return w - lr * g / (np.sqrt(s) + eps), rho * s + (1.0 - rho) * g**2
'''
    cases = [c for c in EX.hidden_cases(0) if c.function == "rmsprop_step"]
    assert cases and all("step_with_old_state" in named(old_s, c) for c in cases)
