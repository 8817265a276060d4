import time
time.sleep(1000)
{CORRECT}
