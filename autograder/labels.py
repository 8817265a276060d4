"""The words around the feedback (status names, headings, labels), in German and English.

Messages about a case live in `texts.py`; this table holds what a report puts around them,
so every visible word of a report follows `--lang`.
"""
from __future__ import annotations

STATUS_WORDS: dict[str, tuple[str, str]] = {
    "passed": ("bestanden", "passed"), "failed": ("falsch", "wrong"), "error": ("Fehler", "error"),
    "timeout": ("Zeitlimit", "timeout"), "memory": ("Speicherlimit", "memory limit"),
    "cpu": ("CPU-Limit", "CPU limit"), "output": ("Ausgabelimit", "output limit"), "crash": ("Absturz", "crash"),
    "garbage": ("unbrauchbar", "garbage"), "missing": ("fehlt", "missing"), "not_run": ("nicht ausgeführt", "not run"),
    "invalid": ("ungültige Abgabe", "invalid submission"), "slow": ("zu langsam", "too slow"),
    "forbidden": ("nicht erlaubt", "not allowed"), "internal": ("interner Fehler", "internal error"),
}

LABELS: dict[str, tuple[str, str]] = {
    "diagnosis": ("Diagnose", "Diagnosis"), "hint": ("Hinweis", "Hint"), "inputs": ("Eingabe", "Input"),
    "expected": ("Erwartet", "Expected"), "actual": ("Erhalten", "Got"), "traceback": ("Traceback", "Traceback"),
    "total": ("Gesamt", "Total"), "notes": ("Hinweise zur Abgabe", "Notes on the submission"),
    "output": ("Ausgabe der Abgabe", "Output of the submission"),
    "report": ("Bewertung", "Feedback"), "submission": ("Abgabe", "Submission"), "target": ("Aufgabe", "Exercise"),
    "points": ("Punkte", "Points"), "feedback": ("Rückmeldung", "Feedback"), "as_above": ("wie oben", "as above"), "pts": ("Pkt.", "Pts."), "test": ("Test", "Test"), "status": ("Status", "Status"),
    "public": ("öffentlich", "public"), "hidden": ("verdeckt", "hidden"),
    "hidden_note": ("Verdeckter Test: Eingaben und erwartete Werte werden nicht gezeigt.",
                    "Hidden test: inputs and expected values are not shown."),
    "figures": ("Abweichung", "Difference"), "mismatches": ("abweichende Werte", "values differing"),
    "worst": ("größter Fehler an Index", "largest error at index"), "max_abs": ("größter absoluter Fehler", "largest absolute error"),
    "max_rel": ("größter relativer Fehler", "largest relative error"), "of": ("von", "of"),
    "timing": ("Laufzeit", "Speed"), "device": ("Gerät", "Device"), "reference_seconds": ("Referenz", "Reference"),
    "submission_seconds": ("Deine Abgabe", "Your submission"), "ratio": ("Verhältnis", "Ratio"),
    "budget": ("erlaubt bis", "allowed up to"),
    "sandbox": ("Sandbox", "Sandbox"), "active": ("aktiv", "active"), "missing_layers": ("nicht verfügbar", "not available"),
    "time": ("Bewertungsdauer", "Grading time"), "version": ("Version", "Version"),
    "details": ("Einzelheiten", "Details"),
    "all_passed": ("Alle Tests bestanden.", "All tests passed."),
    "see_html": ("Bilder und Tabellen stehen in report.html.", "Pictures and tables are in report.html."),
    "internal": ("Interner Fehler", "Internal error"),
}

LAYER_WORDS: dict[str, tuple[str, str]] = {
    "uid": ("eigener Benutzer", "own user id"), "rlimits": ("Ressourcenlimits", "resource limits"),
    "cgroup": ("cgroup (Speicher, Prozesse)", "cgroup (memory, processes)"), "net_ns": ("kein Netzwerk", "no network"),
    "ipc_ns": ("IPC-Namensraum", "IPC namespace"), "pid_ns": ("PID-Namensraum", "PID namespace"),
    "mount_ns": ("Mount-Namensraum", "mount namespace"), "uts_ns": ("UTS-Namensraum", "UTS namespace"),
    "no_new_privs": ("keine neuen Rechte", "no new privileges"),
    "scratch_quota": ("Arbeitsordner mit Größenlimit", "size-limited scratch folder"), "new_root": ("eigenes Wurzelverzeichnis", "own root folder"), "hidden": ("verborgene Ordner", "hidden folders"),
}


def word(table: dict, key: str, lang: str) -> str:
    """`key`'s entry of `table` in `lang`; the key itself when the table lacks it."""
    de, en = table.get(key, (key, key))
    return de if lang == "de" else en
