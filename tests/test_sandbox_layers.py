"""Each isolation layer is probed and reported; where one is missing the rest still apply."""
from __future__ import annotations

import os

import pytest
from helpers import ROOT

from dlgrade.grading import grade
from dlgrade.output.results import to_gradescope
from dlgrade.sandbox import Limits, WorkerSession, layer_warnings

REFERENCE = ROOT / "solutions/perceptron/reference.py"
PROBE = """
import os, socket
def visible(path):
    return os.path.exists(path)
def probe():
    try:
        socket.create_connection(("127.0.0.1", 9), timeout=1).close()
        net = "connected"
    except OSError as exc:
        net = type(exc).__name__
    return {{"uid": os.getuid(), "pid": os.getpid(), "net": net,
            "project_visible": os.path.exists({!r}),
            "root_listing": sorted(os.listdir("/root")) if os.access("/root", os.R_OK) else None}}
""".format(str(ROOT / "solutions"))


def probe(limits: Limits) -> tuple[dict, dict]:
    session = WorkerSession([{"index": 1, "source": PROBE}], limits)
    try:
        assert session.start().ok
        outcome = session.call("probe", (), {})
        assert outcome.status == "ok", outcome
        return outcome.value, session.layers
    finally:
        session.close()


def call(limits: Limits, function: str, *args):
    session = WorkerSession([{"index": 1, "source": PROBE}], limits)
    try:
        assert session.start().ok
        return session.call(function, args, {}).value
    finally:
        session.close()


@pytest.mark.skipif(os.geteuid() != 0, reason="mount namespaces need root here")
def test_nothing_outside_the_allowlist_is_visible(tmp_path):
    """Another checkout of the course beside ours (solutions and all) is not on the worker's disk."""
    other = ROOT.parent / f".dlgrade-other-checkout-{os.getpid()}"
    (other / "solutions").mkdir(parents=True)
    (other / "solutions" / "reference.py").write_text("SECRET = 1\n")
    try:
        for path in (other / "solutions" / "reference.py", ROOT / "solutions", ROOT / "autograder", tmp_path, "/home"):
            assert call(Limits(), "visible", str(path)) is False, path
        assert call(Limits(), "visible", "/usr/bin") is True
    finally:
        import shutil

        shutil.rmtree(other)


@pytest.mark.skipif(os.geteuid() != 0, reason="the full set of layers needs root")
def test_all_layers_as_root():
    seen, layers = probe(Limits())
    assert layers["uid"] == 61000 and seen["uid"] == 61000 and layers["new_root"]
    assert all(layers[n] for n in ("mount_ns", "net_ns", "ipc_ns", "pid_ns", "cgroup", "no_new_privs"))
    assert seen["pid"] == 1 and seen["net"] != "connected" and not seen["project_visible"]
    assert layer_warnings(layers) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to show the fallback")
def test_without_namespaces_the_rest_still_applies_and_is_reported(tmp_path):
    limits = Limits(namespaces=())
    seen, layers = probe(limits)
    assert not any(layers.get(n) for n in ("mount_ns", "net_ns", "pid_ns"))
    assert layers["cgroup"] and "nproc" in layers["rlimits"] or layers["uid"] == 0
    result = grade("perceptron", REFERENCE, limits)
    assert result.score == result.max_score
    warnings = to_gradescope(result)["extra_data"]["sandbox_warnings"]
    assert any("network" in w for w in warnings) and any("mount namespace" in w for w in warnings)
    if layers["uid"] == 0:  # the interpreter is under /root here: said loudly, not silently
        assert "uid_error" in layers and any("ran as root" in w for w in warnings)


def test_layers_are_recorded_in_results_json(tmp_path):
    from helpers import grade as cli_grade

    results = cli_grade("perceptron", REFERENCE, tmp_path / "out")
    sandbox = results["extra_data"]["sandbox"]
    assert {"rlimits", "uid"} <= set(sandbox)
    assert "cpu" in sandbox["rlimits"] and "fsize" in sandbox["rlimits"]


@pytest.mark.skipif(os.geteuid() != 0, reason="separate uids need root")
def test_two_graders_side_by_side_never_share_a_uid(tmp_path):
    """`dlgrade grade` takes a free uid slot: with one slot held (another grader running), it gets the next
    one, so RLIMIT_NPROC never counts one student's processes against another's."""
    import json

    from helpers import run_dlgrade

    from dlgrade.sandbox.slots import BASE_UID, uid_slot

    with uid_slot(Limits()) as held:
        proc = run_dlgrade("grade", "perceptron", str(REFERENCE), "--out", str(tmp_path / "out"))
        assert proc.returncode == 0, proc.stderr[-2000:]
        uid = json.loads((tmp_path / "out" / "results.json").read_text())["extra_data"]["sandbox"]["uid"]
    assert held.uid > BASE_UID and uid > BASE_UID and uid != held.uid
    explicit = run_dlgrade("grade", "perceptron", str(REFERENCE), "--out", str(tmp_path / "fixed"), "--sandbox-uid", "61777")
    assert explicit.returncode == 0
    assert json.loads((tmp_path / "fixed" / "results.json").read_text())["extra_data"]["sandbox"]["uid"] == 61777
