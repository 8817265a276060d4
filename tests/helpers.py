"""Running the real `dlgrade` command line from tests."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUBMISSIONS = Path(__file__).resolve().parent / "submissions"


def dlgrade_command() -> list[str]:
    exe = shutil.which("dlgrade")
    return [exe] if exe else [sys.executable, "-m", "autograder.cli"]


def run_dlgrade(*args: str, timeout: float = 300, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*dlgrade_command(), *args], capture_output=True, text=True, timeout=timeout, env=env)


def grade(target: str, submission: Path, out: Path, *extra: str, timeout: float = 300) -> dict:
    """Grade through the CLI and return results.json; the CLI must exit 0."""
    proc = run_dlgrade("grade", target, str(submission), "--out", str(out), "--lang", "en", *extra, timeout=timeout)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads((out / "results.json").read_text())


def by_function(results: dict) -> dict[str, set[str]]:
    """function -> the set of statuses its cases got."""
    out: dict[str, set[str]] = {}
    for test in results["tests"]:
        function = test["tags"][1]
        out.setdefault(function, set()).add(test["extra_data"]["status"])
    return out


def points_of(results: dict, functions: set[str]) -> float:
    return sum(t["max_score"] for t in results["tests"] if t["tags"][1] in functions)
