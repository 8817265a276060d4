# Prints 300 MB while being imported, then defines its (correct) functions.
import sys

line = "x" * 1023 + "\n"
for _ in range(300 * 1024):
    sys.stdout.write(line)

{CORRECT}
