"""Every message the engine says to a student, in German and English.

Messages are kept as {"de": ..., "en": ...} dicts until a report is rendered, so one
grading run can be reported in either language.
"""
from __future__ import annotations

LANGUAGES = ("de", "en")

MESSAGES: dict[str, tuple[str, str]] = {
    "passed": ("Richtig.", "Correct."),
    "wrong_values": ("{mismatches} von {total} Werten weichen ab (größter absoluter Fehler {max_abs:.3g}, "
                     "größter relativer Fehler {max_rel:.3g}, an Index {worst}).",
                     "{mismatches} of {total} values differ (largest absolute error {max_abs:.3g}, "
                     "largest relative error {max_rel:.3g}, at index {worst})."),
    "nan": ("Die Antwort enthält {count} NaN- oder unendliche Werte, wo endliche erwartet werden.",
            "The answer contains {count} NaN or infinite values where finite ones are expected."),
    "wrong_shape": ("Die Antwort{where} hat die Form {actual}, erwartet wird {expected}.",
                    "The answer{where} has shape {actual}; expected {expected}."),
    "wrong_type": ("Die Antwort{where} ist {actual}; erwartet wird {expected}.",
                   "The answer{where} is {actual}; expected {expected}."),
    "wrong_length": ("Die Antwort{where} hat {actual} Einträge, erwartet werden {expected}.",
                     "The answer{where} has {actual} entries; expected {expected}."),
    "wrong_keys": ("Die Antwort{where} hat die Schlüssel {actual}, erwartet werden {expected}.",
                   "The answer{where} has the keys {actual}; expected {expected}."),
    "returned_none": ("Die Funktion gibt None zurück – fehlt ein return?",
                      "The function returns None – is a return statement missing?"),
    "should_raise": ("Der Aufruf sollte {expected} auslösen, gab aber einen Wert zurück.",
                     "The call should raise {expected} but returned a value."),
    "raised_wrong": ("Der Aufruf sollte {expected} auslösen, löste aber {actual} aus: {message}",
                     "The call should raise {expected} but raised {actual}: {message}"),
    "raised": ("Der Aufruf löste {type} aus: {message}", "The call raised {type}: {message}"),
    "not_implemented": ("Die Funktion ist noch nicht implementiert (NotImplementedError).",
                        "The function is not implemented yet (NotImplementedError)."),
    "system_exit": ("Der Aufruf beendete sich mit sys.exit() / exit(); gib stattdessen ein Ergebnis zurück.",
                    "The call ended with sys.exit() / exit(); return a result instead."),
    "timeout": ("Zeitlimit überschritten: {detail}. Endlosschleife?", "Time limit exceeded: {detail}. An infinite loop?"),
    "memory": ("Speicherlimit überschritten: {detail}.", "Memory limit exceeded: {detail}."),
    "cpu": ("CPU-Zeitlimit überschritten: {detail}.", "CPU time limit exceeded: {detail}."),
    "output": ("Ausgabelimit überschritten: {detail}.", "Output limit exceeded: {detail}."),
    "crash": ("Der Prozess ist abgestürzt: {detail}.", "The process crashed: {detail}."),
    "garbage": ("Die Antwort ist keine verwertbare Ausgabe: {detail}.", "The answer is not usable output: {detail}."),
    "missing_function": ("Die Funktion `{function}` ist in der Abgabe nicht definiert.",
                         "The function `{function}` is not defined in the submission."),
    "load_failed": ("Die Abgabe konnte nicht geladen werden: {detail}", "The submission could not be loaded: {detail}"),
    "bad_submission": ("Die Abgabe ist unbrauchbar: {detail}", "The submission is unusable: {detail}"),
    "time_budget": ("Nicht ausgeführt: das Zeitlimit der Abgabe ({seconds:g} s) war erreicht.",
                    "Not run: the submission's time limit ({seconds:g} s) was reached."),
    "wrong_object": ("Die Antwort{where} ist ein Objekt ohne Zahlenwerte ({what}); erwartet wird {expected}.",
                     "The answer{where} is an object without numeric values ({what}); expected {expected}."),
    "cell_failed": ("Zelle {index} löste {type} aus (Zeile {line}): {message}",
                    "Cell {index} raised {type} (line {line}): {message}"),
    "magic_removed": ("Zelle {index}: IPython-Magie/Shell-Befehl ignoriert: {line}",
                      "Cell {index}: IPython magic/shell command ignored: {line}"),
    "forbidden": ("`{function}` verwendet {routines}; das ist in dieser Aufgabe nicht erlaubt (siehe „Nicht erlaubt“ in der Aufgabenstellung).",
                  "`{function}` uses {routines}, which this exercise does not allow (see \"Not allowed\" in the statement)."),
    "tampering": ("Die Abgabe greift in Interna des Graders, des Interpreters oder einer Bibliothek ein ({what}); "
                  "eine solche Abgabe wird nicht bewertet.",
                  "The submission reaches into the internals of the grader, the interpreter or a library ({what}); "
                  "such a submission is not graded."),
    "modified_input": ("`{function}` hat sein Argument {names} verändert; eine Funktion darf ihre Eingaben nicht "
                       "überschreiben (arbeite auf einer Kopie).",
                       "`{function}` changed its argument {names}; a function must not overwrite its inputs "
                       "(work on a copy)."),
    "output_truncated": ("Die Abgabe hat {total_mib:.1f} MiB ausgegeben (print); nur die ersten {kept_kib} KiB wurden aufbewahrt, "
                         "der Rest wurde verworfen. Die Bewertung ist davon nicht betroffen.",
                         "The submission printed {total_mib:.1f} MiB; only the first {kept_kib} KiB were kept and the rest "
                         "was dropped. Grading is not affected."),
    "internal": ("Interner Fehler des Graders: {detail}. Bitte der Kursleitung melden.",
                 "Internal grader error: {detail}. Please tell the course staff."),
    "perf_passed": ("Schnell genug: {ratio:.3g}-mal die Zeit der Referenz (Budget {budget:g}-mal).",
                    "Fast enough: {ratio:.3g} times the reference's time (budget {budget:g} times)."),
    "perf_slow": ("Zu langsam: {ratio:.3g}-mal die Zeit der Referenz, erlaubt sind {budget:g}-mal. Vektorisieren statt Python-Schleifen über Pixel.",
                  "Too slow: {ratio:.3g} times the reference's time; the budget is {budget:g} times. Vectorise instead of looping over pixels in Python."),
    "perf_timeout": ("Zu langsam: ein zeitgemessener Aufruf lief länger als {seconds:.2g} s (das {factor:g}-fache der Referenzzeit) und wurde abgebrochen.",
                     "Too slow: a timed call ran longer than {seconds:.2g} s ({factor:g} times the reference's time) and was stopped."),
    "perf_wrong": ("Die Antwort auf einer zeitgemessenen Eingabe ist falsch.", "The answer on a timed input is wrong."),
    "perf_unmeasurable": ("Die Laufzeit ließ sich nicht messen (eine Messung war null oder ungültig); bitte der Kursleitung melden.",
                          "The time could not be measured (a measurement was zero or invalid); please tell the course staff."),
    "perf_error": ("Der zeitgemessene Aufruf schlug fehl: {detail}.", "The timed call failed: {detail}."),
    "perf_summary": ("Gerät: {device}; Median Referenz {ref_ms:.3g} ms, Abgabe {sub_ms:.3g} ms; Verhältnis {ratio:.3g}, Budget {budget:g}.",
                     "Device: {device}; median reference {ref_ms:.3g} ms, submission {sub_ms:.3g} ms; ratio {ratio:.3g}, budget {budget:g}."),
    "d_import_timeout": ("das Laden der Abgabe dauerte länger als {seconds:g} s",
                         "loading the submission took longer than {seconds:g} s"),
    "d_call_timeout": ("der Aufruf war nach {seconds:g} s nicht fertig", "the call did not finish within {seconds:g} s"),
    "d_not_running": ("der Worker-Prozess läuft nicht", "the worker process is not running"),
    "d_bad_frame": ("der Worker meldete sich mit einer ungültigen Nachricht", "the worker reported with a malformed message"),
    "d_out_of_turn": ("der Worker antwortete außer der Reihe (wurde in die Protokoll-Pipe geschrieben?)",
                      "the worker answered out of turn (was the protocol pipe written to?)"),
    "d_wire": ("unlesbare Antwort ({what})", "unreadable answer ({what})"),
    "d_memory": ("Speicherlimit von {mib} MiB überschritten", "memory limit of {mib} MiB exceeded"),
    "d_cpu": ("CPU-Zeitlimit von {seconds} s überschritten", "CPU time limit of {seconds} s exceeded"),
    "d_output": ("mehr als {mib} MiB geschrieben (Ausgabe oder Datei)", "wrote more than {mib} MiB (output or a file)"),
    "d_signal": ("der Prozess wurde durch {signal} beendet", "the process was killed by {signal}"),
    "d_exit": ("der Prozess hat sich beendet (Exit-Code {code}), z. B. durch os._exit() oder sys.exit()",
               "the process ended (exit code {code}), e.g. by os._exit() or sys.exit()"),
    "sig_sign": ("Hinweis: die Antwort ist fast genau das Negative des Erwarteten – ein Vorzeichenfehler?",
                 "Hint: the answer is almost exactly the negative of what is expected – a sign error?"),
    "sig_factor": ("Hinweis: die Antwort ist überall das {factor:.4g}-fache des Erwarteten – ein konstanter Faktor fehlt oder ist zu viel.",
                   "Hint: the answer is everywhere {factor:.4g} times the expected value – a constant factor is missing or extra."),
    "sig_transpose": ("Hinweis: die Form ist genau die transponierte der erwarteten – fehlt ein .T oder ist eines zu viel?",
                      "Hint: the shape is exactly the transpose of the expected one – a .T missing or extra?"),
    "sig_overflow": ("Hinweis: NaN/inf entsteht meist durch einen Überlauf (z. B. exp oder log(sigmoid) bei großen Eingaben); nutze eine numerisch stabile Form.",
                     "Hint: NaN/inf usually comes from an overflow (e.g. exp or log(sigmoid) of large inputs); use a numerically stable form."),
}


def t(key: str, **fields) -> dict[str, str]:
    """The message `key` in every language, with `fields` filled in.

    A field may itself be a message ({"de": ..., "en": ...}): each language gets its own.
    """
    out = {}
    for lang, template in zip(LANGUAGES, MESSAGES[key]):
        values = {k: v.get(lang, "") if isinstance(v, dict) and lang in v else v for k, v in fields.items()}
        out[lang] = template.format(**values)
    return out


def join(*parts: dict[str, str] | None) -> dict[str, str]:
    """Several messages as one, per language."""
    parts = [p for p in parts if p]
    return {lang: " ".join(p.get(lang, "") for p in parts).strip() for lang in LANGUAGES}
