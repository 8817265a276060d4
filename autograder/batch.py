"""Batch grading: find each student's submission, grade many at once, keep every result.

The flow of `dlgrade grade-batch SHEET SUBMISSIONS --out DIR`:

1. `discover` turns SUBMISSIONS into one `Entry` per student: a folder or file per
   student id, Moodle's download ("Name_12345_assignsubmission_file_...") or a Gradescope
   export (submission_metadata.yml + submission_<id>/ folders).
2. Students already in the results store (DIR/results.sqlite) with an unchanged file are
   skipped; the rest become `Job`s.
3. Each job is one call of `grade_job` (the only function that grades; swap it for a warm
   pool later) in a local thread pool or on a Dask cluster; every sandbox gets its own uid.
4. As each result arrives, the client writes DIR/students/ID/ atomically and then commits
   the student's row: an interrupted run loses nothing and counts nobody twice.
5. The gradebook CSV and the class report are exported from the store.
"""
from __future__ import annotations

import concurrent.futures
import contextlib
import errno
import fcntl
import hashlib
import os
import re
import shutil
import signal
import tempfile
import time
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import click

from . import catalog
from .forkserver import ForkServer
from .grader import STATE_DIR, CaseResult, ExerciseResult, GradeResult, grade, secret_key, submission_seed
from .results import write_outputs
from .sandbox import Limits
from .store import ResultStore
from .submission import BadSubmission

CODE_SUFFIXES = (".py", ".ipynb", ".zip")
SKIP_NAMES = {"__MACOSX", "__pycache__", ".ipynb_checkpoints", "submission_metadata.yml"}
MOODLE = re.compile(r"^(?P<name>.*?)_(?P<id>\d+)_assignsubmission_(?P<plugin>[a-z]+)_(?P<rest>.*)$")
GRADESCOPE_META = "submission_metadata.yml"
BASE_UID = 61000
MAX_SLOTS = 256


# ---------------------------------------------------------------------------- discovery

@dataclass
class Entry:
    """One student of the batch and the file chosen as their submission."""

    student_id: str
    layout: str  # plain, moodle, gradescope
    name: str | None = None
    email: str | None = None
    candidates: dict[Path, str] = field(default_factory=dict)  # code file -> the name it was handed in as
    others: list[str] = field(default_factory=list)  # files that are not code
    path: Path | None = None
    problem: str | None = None  # None, 'ambiguous' or 'missing'
    message: dict | None = None  # why there is a problem, in every language
    digest: str | None = None


def safe_id(raw: str) -> str:
    """A student id usable as a folder name: letters, digits and . _ @ + - only."""
    text = re.sub(r"[^\w.@+-]", "_", raw.strip(), flags=re.ASCII).lstrip(".")
    return text[:128] or "_"


def _skipped(path: Path) -> bool:
    return path.name.startswith(".") or path.name in SKIP_NAMES


def _collect(entry: Entry, path: Path, label: str | None = None) -> None:
    """Add a file, or every file under a folder, to the entry's candidates."""
    if path.is_file():
        files = [path]
    else:
        files = [p for p in sorted(path.rglob("*"))
                 if p.is_file() and not any(_skipped(Path(part)) for part in p.relative_to(path).parts)]
    for f in files:
        if f.suffix.lower() in CODE_SUFFIXES:
            entry.candidates[f] = label if label is not None and f == path else f.name
        else:
            entry.others.append(f.name)


def _choose(entry: Entry, stems: set[str]) -> None:
    """Pick the submission file; several candidates need one named after the exercise/sheet."""
    files = list(entry.candidates)
    if len(files) > 1:
        preferred = [f for f in files if Path(entry.candidates[f]).stem.lower() in stems]
        files = preferred if preferred else files
    if len(files) == 1:
        entry.path = files[0]
        return
    if not files:
        found = ", ".join(sorted(set(entry.others))[:8]) or "-"
        entry.problem = "missing"
        entry.message = BadSubmission(f"keine .py-, .ipynb- oder .zip-Datei gefunden (gefunden: {found})",
                                      f"no .py, .ipynb or .zip file found (found: {found})").message
        return
    names = ", ".join(sorted(entry.candidates[f] for f in files)[:8])
    wanted = " / ".join(f"{s}.py" for s in sorted(stems))
    entry.problem = "ambiguous"
    entry.message = BadSubmission(f"mehrere Dateien kommen in Frage ({names}); nenne die zu bewertende {wanted}",
                                  f"several files could be the submission ({names}); name the one to grade {wanted}").message


def _gradescope(root: Path) -> list[Entry]:
    import yaml

    class Loader(yaml.SafeLoader):
        """Gradescope's YAML comes from Ruby: tolerate its tags (e.g. BigDecimal scores)."""

    Loader.add_multi_constructor("!", lambda loader, suffix, node: (
        loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None))
    meta = yaml.load((root / GRADESCOPE_META).read_text(encoding="utf-8"), Loader=Loader) or {}
    entries = []
    for key, record in sorted(meta.items(), key=lambda kv: str(kv[0])):
        record = record if isinstance(record, dict) else {}
        folder = root / str(key)
        submitters = record.get(":submitters") or [{}]
        for person in submitters:
            person = person if isinstance(person, dict) else {}
            sid = str(person.get(":sid") or "").strip() or str(person.get(":email") or "").strip() or str(key)
            entry = Entry(safe_id(sid), "gradescope", name=person.get(":name"), email=person.get(":email"))
            if folder.exists():
                _collect(entry, folder)
            entries.append(entry)
    return entries


def discover(root: Path, target: str, exclude: Iterable[Path] = ()) -> tuple[list[Entry], list[str]]:
    """Every student in SUBMISSIONS with their chosen file; also the names that were ignored."""
    root = Path(root).resolve()
    excluded = {Path(p).resolve() for p in exclude}
    stems = {target.lower(), *(e.id.lower() for e in catalog.resolve(target))}
    ignored: list[str] = []
    by_id: dict[str, Entry] = {}
    if (root / GRADESCOPE_META).is_file():
        for entry in _gradescope(root):
            if entry.student_id in by_id:  # the same student twice: keep both files, so it is ambiguous
                by_id[entry.student_id].candidates.update(entry.candidates)
            else:
                by_id[entry.student_id] = entry
    else:
        for path in sorted(root.iterdir()):
            if _skipped(path) or path.resolve() in excluded:
                continue
            match = MOODLE.match(path.name)
            if match:
                sid, layout, name = match["id"], "moodle", match["name"]
                label = match["rest"] if path.is_file() else None
            elif path.is_dir() or path.suffix.lower() in CODE_SUFFIXES:
                sid, layout, name, label = safe_id(path.name if path.is_dir() else path.stem), "plain", None, None
            else:
                ignored.append(path.name)
                continue
            entry = by_id.setdefault(sid, Entry(sid, layout, name=name))
            _collect(entry, path, label)
    for entry in by_id.values():
        _choose(entry, stems)
        if entry.path is not None:
            entry.digest = hashlib.sha256(entry.path.read_bytes()).hexdigest()
    return sorted(by_id.values(), key=lambda e: e.student_id), ignored


# ---------------------------------------------------------------------------- grading one job

@dataclass
class Job:
    """Everything a grading node needs for one submission (picklable, no paths required)."""

    student_id: str
    target: str
    filename: str
    path: str | None = None  # a local file, or
    data: bytes | None = None  # its content, for nodes that cannot see the client's disk
    seed: dict[str, int] | None = None  # per exercise, computed where the grader's secret is
    hide: list[str] = field(default_factory=list)


@contextlib.contextmanager
def sandbox_slot(limits: Limits) -> Iterator[Limits]:
    """The limits with a uid no other running sandbox on this machine uses (when root).

    Slots are machine-wide flock()s, so threads, processes, Dask workers and several
    batches on one machine never share a uid (RLIMIT_NPROC counts per uid). Slot s gives
    uid base + s with s >= 1, so a plain `dlgrade grade` (uid base) never collides either.
    """
    if os.geteuid() != 0:
        yield limits
        return
    base = limits.uid if limits.uid is not None else BASE_UID
    folder = Path("/run/lock/dlgrade") if os.access("/run/lock", os.W_OK) else STATE_DIR / "slots"
    folder.mkdir(parents=True, exist_ok=True)
    while True:
        for slot in range(1, MAX_SLOTS + 1):
            fd = os.open(folder / f"uid-{base + slot}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                os.close(fd)
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                    raise
                continue
            try:
                yield replace(limits, uid=base + slot)
            finally:
                os.close(fd)  # releases the lock
            return
        time.sleep(0.2)


def preload_for(exercises: list) -> tuple[str, ...]:
    """What the warm pool imports once: numpy always, torch when an exercise needs it."""
    return ("numpy", "torch") if any(e.needs_torch for e in exercises) else ("numpy",)


def grade_job(job: Job, limits: Limits, forkserver: ForkServer | None = None) -> GradeResult:
    """Grade one submission: the one call per student that a pool or a cluster runs."""
    with contextlib.ExitStack() as stack:
        path, hide = job.path, list(job.hide)
        if job.data is not None:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="dlgrade-batch-")))
            path = folder / Path(job.filename).name
            path.write_bytes(job.data)
            hide.append(str(folder))
        slot_limits = stack.enter_context(sandbox_slot(limits))
        return grade(job.target, Path(path), slot_limits, hide=hide, seed=job.seed, forkserver=forkserver)


def unusable_result(target: str, filename: str, message: dict) -> GradeResult:
    """The result of a student without a gradable file: every case 'invalid', with the reason."""
    result = GradeResult(target, filename)
    for exercise in catalog.resolve(target):
        ex_result = ExerciseResult(exercise.id, exercise.title)
        for case, public in [(c, True) for c in exercise.public_cases()] + [(c, False) for c in exercise.hidden_cases(0)]:
            ex_result.cases.append(CaseResult(exercise.id, case.name, case.function, public, case.points, title=dict(case.title),
                                              status="invalid", message=message))
        result.exercises.append(ex_result)
    result.notes.append(message)
    return result


def internal_result(target: str, filename: str, exc: BaseException) -> GradeResult:
    result = GradeResult(target, filename)
    result.internal_error = f"internal error: {type(exc).__name__}: {exc}"[:2000]
    return result


Publish = Callable[[str, GradeResult], str]


def _grade_and_publish(job: Job, limits: Limits, publish: Publish,
                       forkserver: ForkServer | None = None) -> tuple[GradeResult, str, str]:
    """A local pool's task: grade, then write the student's folder (rendering reports in parallel too)."""
    try:
        result, status = grade_job(job, limits, forkserver), "graded"
    except Exception as exc:  # the grader's own fault: recorded, and retried on the next run
        result, status = internal_result(job.target, job.filename, exc), "internal"
    status = "internal" if result.internal_error else status
    return result, status, publish(job.student_id, result)


# ---------------------------------------------------------------------------- pools

class LocalPool:
    """N submissions at once in threads of this process (grading waits on sandboxes, not the GIL).

    Workers fork from a warm fork server that imported numpy (and torch, where an exercise
    needs it) once; each is still a fresh process behind every isolation layer.
    """

    needs_data = False

    def __init__(self, jobs: int, preload: tuple[str, ...] = ("numpy",)) -> None:
        self.executor = concurrent.futures.ThreadPoolExecutor(jobs, thread_name_prefix="dlgrade-grade")
        self.forkserver = ForkServer(preload)

    def submit(self, job: Job, limits: Limits, publish: Publish) -> Any:
        return self.executor.submit(_grade_and_publish, job, limits, publish, self.forkserver)

    def outcome(self, future: Any, job: Job, publish: Publish) -> tuple[GradeResult, str, str]:
        return future.result()

    def as_completed(self, futures: Iterable[Any]) -> Iterator[Any]:
        return concurrent.futures.as_completed(list(futures))

    def cancel(self, futures: Iterable[Any]) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        self.executor.shutdown(wait=True)
        self.forkserver.close()


class DaskPool:
    """The same jobs on a Dask distributed cluster; the client keeps the store."""

    needs_data = True

    def __init__(self, address: str) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise click.ClickException('--scheduler needs Dask: pip install "dask[distributed]"') from None
        try:
            self.client = Client(address, timeout="30s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise click.ClickException(f"cannot reach the Dask scheduler {address}: {exc}") from None

    def submit(self, job: Job, limits: Limits, publish: Publish) -> Any:
        return self.client.submit(grade_job, job, limits, pure=False, key=f"dlgrade-{job.student_id}-{uuid.uuid4().hex[:8]}")

    def outcome(self, future: Any, job: Job, publish: Publish) -> tuple[GradeResult, str, str]:
        """The cluster grades; the client writes the student's folder."""
        try:
            result, status = future.result(), "graded"
        except Exception as exc:  # the grader's or the cluster's fault (a killed worker): retried next run
            result, status = internal_result(job.target, job.filename, exc), "internal"
        status = "internal" if result.internal_error else status
        return result, status, publish(job.student_id, result)

    def as_completed(self, futures: Iterable[Any]) -> Iterator[Any]:
        from distributed import as_completed

        return as_completed(list(futures))

    def cancel(self, futures: Iterable[Any]) -> None:
        self.client.cancel(list(futures))

    def close(self) -> None:
        self.client.close()


# ---------------------------------------------------------------------------- the student folders

def publish(out_dir: Path, student_id: str, result: GradeResult, lang: str, hidden_visibility: str) -> str:
    """Write DIR/students/ID/ as a whole (temporary folder, then rename); return results.json's text."""
    students = out_dir / "students"
    students.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{student_id}.tmp-", dir=students))
    try:
        write_outputs(tmp, result, lang, hidden_visibility)
        text = (tmp / "results.json").read_text(encoding="utf-8")
        tmp.chmod(0o755)
        final = students / student_id
        if final.exists():
            old = students / f".{student_id}.old-{uuid.uuid4().hex[:8]}"
            final.rename(old)
            tmp.rename(final)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(final)
        return text
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def restore_folders(store: ResultStore, out_dir: Path, lang: str, hidden_visibility: str, rerender: bool) -> int:
    """Rebuild every student folder that is missing or differs from the store; returns how many."""
    students = out_dir / "students"
    if students.exists():
        for leftover in students.glob(".*.*-*"):  # a run killed in the middle of `publish`
            shutil.rmtree(leftover, ignore_errors=True)
    rebuilt = 0
    for row in store.students():
        path = students / row.student_id / "results.json"
        if not rerender and path.exists() and path.read_text(encoding="utf-8") == row.results_json:
            continue
        text = publish(out_dir, row.student_id, store.result(row.student_id), lang, hidden_visibility)
        if text != row.results_json:
            store.update_results_json(row.student_id, text)
        rebuilt += 1
    return rebuilt


# ---------------------------------------------------------------------------- the batch

def _progress(console):
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)

    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[counts]}"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                    console=console, transient=False)


def _counts_text(counts: dict[str, int]) -> str:
    return (f"[green]full {counts['full']}[/] · [yellow]partial {counts['partial']}[/] · "
            f"[red]zero {counts['zero']}[/] · [magenta]problems {counts['problems']}[/]")


def run_batch(target: str, submissions: Path, out_dir: Path, *, lang: str = "de", hidden_visibility: str = "visible",
              limits: Limits | None = None, jobs: int | None = None, regrade: Iterable[str] = (),
              scheduler: str | None = None) -> int:
    """Grade every pending student of SUBMISSIONS into OUT; returns the exit code (130: interrupted)."""
    from rich.console import Console

    from .class_report import write_class_report
    from .gradebook import write_gradebook

    console = Console(stderr=True)
    limits = limits or Limits()
    try:
        exercises = catalog.resolve(target)
    except catalog.UnknownExercise:
        known = ", ".join(catalog.exercise_ids() + catalog.sheet_ids())
        raise click.UsageError(f"unknown exercise or sheet {target!r}; known: {known}") from None
    submissions, out_dir = Path(submissions).resolve(), Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    store = ResultStore(out_dir)
    try:
        previous = store.meta("target")
        if previous is not None and previous != target:
            raise click.UsageError(f"{out_dir} holds a batch of {previous!r}, not {target!r}; use another --out")
        rerender = (store.meta("lang"), store.meta("hidden_visibility")) not in ((lang, hidden_visibility), (None, None))
        store.set_meta(target=target, lang=lang, hidden_visibility=hidden_visibility, submissions=str(submissions))
        rebuilt = restore_folders(store, out_dir, lang, hidden_visibility, rerender)

        entries, ignored = discover(submissions, target, exclude=[out_dir])
        known_ids = {e.student_id for e in entries}
        unknown = [r for r in regrade if r not in known_ids]
        if unknown:
            raise click.UsageError(f"--regrade: no submission for {', '.join(unknown)} in {submissions}")
        done = store.done()
        pending = [e for e in entries if e.student_id in regrade or e.student_id not in done
                   or done[e.student_id] != e.digest]
        changed = sum(1 for e in pending if e.student_id in done and e.student_id not in regrade)
        console.print(f"[bold]{target}[/]: {len(entries)} students in {submissions}; {len(entries) - len(pending)} "
                      f"already graded, {len(pending)} to grade" + (f" ({changed} changed)" if changed else "")
                      + (f"; {rebuilt} folders restored from the store" if rebuilt else ""))
        if ignored:
            console.print(f"[yellow]ignored (not a student folder or code file):[/] {', '.join(ignored[:20])}")
        interrupted = _grade_pending(pending, target, exercises, submissions, out_dir, store, lang, hidden_visibility,
                                     limits, jobs, scheduler, console)
        if interrupted:
            console.print("[yellow]interrupted: every finished student is saved; run the same command again to go on[/]")
            return 130
        gradebook = write_gradebook(store, out_dir / "gradebook.csv", target)
        report = write_class_report(store, out_dir / "class_report.html", target, lang)
        rows = store.students()
        problems = [r.student_id for r in rows if r.status != "graded"]
        click.echo(f"{len(rows)} students in the gradebook {gradebook}")
        click.echo(f"class report: {report}")
        if problems:
            click.echo(f"without a gradable submission or with a grader error: {', '.join(problems[:30])}"
                       + (" …" if len(problems) > 30 else ""))
        return 1 if any(r.status == "internal" for r in rows) else 0
    finally:
        store.close()


def _grade_pending(pending: list[Entry], target: str, exercises: list, submissions: Path, out_dir: Path,
                   store: ResultStore, lang: str, hidden_visibility: str, limits: Limits, jobs: int | None,
                   scheduler: str | None, console) -> bool:
    """Grade and commit every pending entry; True when interrupted."""
    counts = {"full": 0, "partial": 0, "zero": 0, "problems": 0}

    def write_folder(student_id: str, result: GradeResult) -> str:
        return publish(out_dir, student_id, result, lang, hidden_visibility)

    def finish(entry: Entry, result: GradeResult, status: str, text: str) -> None:
        """Commit one student; their folder is already written (a crash in between only regrades them)."""
        store.save(entry.student_id, result, text, status=status, name=entry.name, email=entry.email,
                   layout=entry.layout, source=str(entry.path.relative_to(submissions)) if entry.path else None,
                   digest=entry.digest)
        key = ("problems" if status != "graded" else "full" if result.score >= result.max_score > 0
               else "zero" if result.score <= 0 else "partial")
        counts[key] += 1
        if status != "graded":
            detail = result.internal_error or (entry.message or {}).get(lang, "")
            progress.console.print(f"[magenta]{entry.student_id}[/]: {status} – {detail}")

    started = time.monotonic()
    pool: LocalPool | DaskPool | None = None
    futures: dict[Any, tuple[Entry, Job]] = {}
    with _progress(console) as progress:
        task = progress.add_task("grading", total=len(pending), counts=_counts_text(counts))
        try:
            gradable = [e for e in pending if not e.problem]
            for entry in (e for e in pending if e.problem):
                result = unusable_result(target, "-", entry.message)
                finish(entry, result, entry.problem, write_folder(entry.student_id, result))
                progress.update(task, advance=1, counts=_counts_text(counts))
            if gradable:
                secret_key()  # create the secret once, before threads race for it
                pool = DaskPool(scheduler) if scheduler else LocalPool(jobs or min(os.cpu_count() or 1, 4), preload_for(exercises))
            for entry in gradable:
                data = entry.path.read_bytes()
                digest = hashlib.sha256(data).hexdigest()
                seed = {e.id: submission_seed(e.id, digest) for e in exercises}
                job = Job(entry.student_id, target, entry.path.name, path=str(entry.path),
                          data=data if pool.needs_data else None, seed=seed,
                          hide=[str(out_dir), str(submissions)])
                futures[pool.submit(job, limits, write_folder)] = (entry, job)
            for future in pool.as_completed(futures) if pool else ():
                entry, job = futures.pop(future)
                finish(entry, *pool.outcome(future, job, write_folder))
                progress.update(task, advance=1, counts=_counts_text(counts))
        except KeyboardInterrupt:
            # Results still running are discarded: Ctrl-C reaches the sandboxes too, so they end as
            # "crashes" that are no fault of the student. They are graded again on the next run.
            signal.signal(signal.SIGINT, lambda *_: os._exit(130))
            if pool is not None:
                pool.cancel(futures)
            progress.console.print(f"[yellow]interrupted; {len(futures)} unfinished submissions discarded "
                                   "(Ctrl-C again to quit at once)[/]")
            return True
        finally:
            if pool is not None:
                pool.close()
    elapsed = time.monotonic() - started
    graded = len(pending)
    if graded:
        click.echo(f"graded {graded} submissions in {elapsed:.1f} s ({60 * graded / max(elapsed, 1e-9):.1f} per minute)")
    return False
