# Starts a long-running child process and then sleeps while being imported (keeps a grader busy
# with a worker, its child, a scratch folder and a cgroup, so that it can be stopped midway).
import subprocess
import time

subprocess.Popen(["sleep", "{SECONDS}"], start_new_session=True)
time.sleep(1000)
