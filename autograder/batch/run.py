"""Batch grading: find each student's submission, grade many at once, keep every result.

The flow of `dlgrade grade-batch SHEET SUBMISSIONS --out DIR`:

1. `discover` turns SUBMISSIONS into one `Entry` per student: a folder or file per
   student id, Moodle's download ("Name_12345_assignsubmission_file_...") or a Gradescope
   export (submission_metadata.yml + submission_<id>/ folders).
2. Students already in the results store (DIR/results.sqlite) with an unchanged file are
   skipped; the rest become `Job`s.
3. Each job is one call of `grade_job` (the only function that grades), locally in threads or
   processes (`pools.local_pool`; one job per core by default) or on a Dask cluster; every
   sandbox gets its own uid.
4. As each result arrives, the client writes DIR/students/ID/ atomically and then commits
   the student's row: an interrupted run loses nothing and counts nobody twice.
5. The gradebook CSV and the class report are exported from the store.
"""
from __future__ import annotations

import functools
import hashlib
import os
import signal
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .. import catalog
from ..errors import BatchError, UnknownExercise
from ..grading import unusable_result
from ..grading.seeds import secret_key, submission_seed
from ..model import GradeResult
from ..output.formats import terminal
from ..sandbox import Limits
from .discover import Entry, discover
from .jobs import Job, internal_result, preload_for
from .pools import DaskPool, LocalPool, default_jobs, local_pool
from .publish import publish, restore_folders
from .store import ResultStore


def echo(text: str) -> None:
    """A line for the instructor on stdout (progress and problems go to stderr)."""
    print(text, flush=True)


def _progress(console):
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

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
    except UnknownExercise:
        known = ", ".join(catalog.exercise_ids() + catalog.sheet_ids())
        raise BatchError(f"unknown exercise or sheet {target!r}; known: {known}") from None
    submissions, out_dir = Path(submissions).resolve(), Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    store = ResultStore(out_dir)
    try:
        previous = store.meta("target")
        if previous is not None and previous != target:
            raise BatchError(f"{out_dir} holds a batch of {previous!r}, not {target!r}; use another --out")
        rerender = (store.meta("lang"), store.meta("hidden_visibility")) not in ((lang, hidden_visibility), (None, None))
        store.set_meta(target=target, lang=lang, hidden_visibility=hidden_visibility, submissions=str(submissions))
        rebuilt = restore_folders(store, out_dir, lang, hidden_visibility, rerender)

        entries, ignored = discover(submissions, target, exclude=[out_dir])
        known_ids = {e.student_id for e in entries}
        unknown = [r for r in regrade if r not in known_ids]
        if unknown:
            raise BatchError(f"--regrade: no submission for {', '.join(unknown)} in {submissions}")
        done = store.done()
        pending = [e for e in entries if e.student_id in regrade or e.student_id not in done
                   or done[e.student_id] != e.digest]
        changed = sum(1 for e in pending if e.student_id in done and e.student_id not in regrade)
        console.print(f"[bold]{target}[/]: {len(entries)} students in {submissions}; {len(entries) - len(pending)} "
                      f"already graded, {len(pending)} to grade" + (f" ({changed} changed)" if changed else "")
                      + (f"; {rebuilt} folders restored from the store" if rebuilt else ""))
        if ignored:
            console.print(f"[yellow]ignored (not a student folder or code file):[/] {terminal(', '.join(ignored[:20]))}")
        interrupted = _grade_pending(pending, target, exercises, submissions, out_dir, store, lang, hidden_visibility,
                                     limits, jobs, scheduler, console)
        if interrupted:
            console.print("[yellow]interrupted: every finished student is saved; run the same command again to go on[/]")
            return 130
        gradebook = write_gradebook(store, out_dir / "gradebook.csv", target)
        report = write_class_report(store, out_dir / "class_report.html", target, lang)
        rows = store.students()
        problems = [r.student_id for r in rows if r.status != "graded"]
        echo(f"{len(rows)} students in the gradebook {gradebook}")
        echo(f"class report: {report}")
        if problems:
            echo(f"without a gradable submission or with a grader error: {', '.join(problems[:30])}"
                       + (" …" if len(problems) > 30 else ""))
        return 1 if any(r.status == "internal" for r in rows) else 0
    finally:
        store.close()


def _grade_pending(pending: list[Entry], target: str, exercises: list, submissions: Path, out_dir: Path,
                   store: ResultStore, lang: str, hidden_visibility: str, limits: Limits, jobs: int | None,
                   scheduler: str | None, console) -> bool:
    """Grade and commit every pending entry; True when interrupted."""
    counts = {"full": 0, "partial": 0, "zero": 0, "problems": 0}

    # What a grading process calls to write a student's folder (a partial, so that it pickles).
    write_folder = functools.partial(publish, out_dir, lang=lang, hidden_visibility=hidden_visibility)

    def finish(entry: Entry, result: GradeResult, status: str, text: str) -> None:
        """Commit one student; their folder is already written (a crash in between only regrades them)."""
        details = dict(name=entry.name, email=entry.email, layout=entry.layout, digest=entry.digest,
                       source=str(entry.path.relative_to(submissions)) if entry.path else None)
        try:
            store.save(entry.student_id, result, text, status=status, **details)
        except Exception as exc:  # a row the store refuses: an 'internal' row instead, retried next run
            result, status = internal_result(target, entry.path.name if entry.path else "-", exc), "internal"
            text = write_folder(entry.student_id, result)
            store.save(entry.student_id, result, text, status=status, **details)
        key = ("problems" if status != "graded" else "full" if result.score >= result.max_score > 0
               else "zero" if result.score <= 0 else "partial")
        counts[key] += 1
        if status != "graded":
            detail = result.internal_error or (entry.message or {}).get(lang, "")
            progress.console.print(f"[magenta]{terminal(entry.student_id)}[/]: {status} – {terminal(detail)}")

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
                pool = DaskPool(scheduler) if scheduler else local_pool(jobs or default_jobs(), preload_for(exercises))
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
        echo(f"graded {graded} submissions in {elapsed:.1f} s ({60 * graded / max(elapsed, 1e-9):.1f} per minute)")
    return False
