"""Shared by the Ctrl-C tests: run a child Python that prints "started", solves until SIGINT,
then prints "interrupted" and "then ok" (a solve after the interrupt still works)."""

import signal
import subprocess
import sys
import time


def interrupt_child(code, *args):
    """Starts `python -c code *args`, sends SIGINT 0.5 s after it prints "started", and checks
    that the child raised KeyboardInterrupt, went on, and exited cleanly."""
    child = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "started"
        time.sleep(0.5)  # well inside the solve (argument conversion takes microseconds)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert child.returncode == 0, err
    assert "KeyboardInterrupt" in err
    assert out.split() == ["interrupted", "then", "ok"], (out, err)
