# Tries to fill the grader's disk: 1 MiB files (each far under the file size limit) up to 3 GiB,
# then many empty files (inodes), in every folder it may write to. Answers predict wrongly if
# any folder took 512 MiB or more, or the working folder (the scratch folder) 20 000 files.
import os
import tempfile

MiB = 1 << 20
TOOK = {}
for folder in {os.getcwd(), tempfile.gettempdir(), os.path.expanduser("~"), "/tmp", "/var/tmp", "/dev/shm"}:
    files = written = 0
    block = b"x" * MiB
    try:
        for i in range(3 * 1024):
            with open(os.path.join(folder, f"f{i}"), "wb") as f:
                f.write(block)
            written += MiB
    except OSError:
        pass
    try:
        os.makedirs(os.path.join(folder, "fill"), exist_ok=True)
        for i in range(20_000):
            open(os.path.join(folder, "fill", f"e{i}"), "w").close()
            files += 1
    except OSError:
        pass
    TOOK[folder] = (files, written)

{CORRECT}

_correct_predict = predict
QUOTA_HELD = all(written < 512 * MiB for files, written in TOOK.values()) and TOOK[os.getcwd()][0] < 20_000


def predict(w, b, X):
    return _correct_predict(w, b, X) if QUOTA_HELD else None
