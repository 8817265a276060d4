# Tries to change the grader's own code and the installed packages.
import glob
import os

targets = glob.glob("{ROOT}/autograder/*.py") + glob.glob("{ROOT}/solutions/perceptron/*.py")
import numpy
targets.append(os.path.join(os.path.dirname(numpy.__file__), "__init__.py"))
for path in targets:
    try:
        with open(path, "a") as f:
            f.write("\nraise SystemExit('pwned')\n")
    except OSError:
        pass
{CORRECT}
