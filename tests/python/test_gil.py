"""solve_ivp(), simulate() and endurance_time() release the GIL: while a long solve runs in a
worker thread, the main Python thread keeps running (a counter it increments keeps advancing)."""

import threading
import time

import myofatigue as mf
from myofatigue import problems

# ~7 000 on/off phases, each a restarted stiff solve: a few tenths of a second, long enough for
# the main thread to run many iterations if (and only if) the GIL is released.
LONG_PROTOCOL = mf.Protocol(["Intermittent 10% MVC 1 s on 1 s off for 4 h"])
HALF_THE_SLICES = 5  # of run_while_counting's 10; holding the GIL gives at most 2


def run_while_counting(work, bins=10):
    """Runs work() in a worker thread while the main thread counts.

    Returns (work's value, the counter values the main thread sampled strictly between the
    worker's timestamps just before and just after work(), and how many of `bins` equal slices
    of that window hold at least one sample). Holding the GIL, work() would let the main thread
    run only in the slivers before and after the call: at most the first and last slices.
    The tests ask for at least HALF_THE_SLICES of them: on a loaded machine the main thread may
    be descheduled for a slice or two of a window of a few tenths of a second (seen while other
    builds ran), which says nothing about the GIL."""
    window = {}
    out = {}

    def worker():
        window["start"] = time.perf_counter()
        out["value"] = work()
        window["end"] = time.perf_counter()

    thread = threading.Thread(target=worker)
    samples = []  # (time, counter) taken by the main thread
    counter = 0
    thread.start()
    while thread.is_alive():
        counter += 1
        if counter % 64 == 0:
            samples.append((time.perf_counter(), counter))
    thread.join()
    start, end = window["start"], window["end"]
    inside = [(ts, c) for ts, c in samples if start < ts < end]
    covered = {min(int((ts - start) / (end - start) * bins), bins - 1) for ts, _ in inside}
    return out["value"], [c for _, c in inside], len(covered)


def test_main_thread_keeps_running_during_simulate():
    model = mf.models.three_compartment("knee")
    result, inside, covered = run_while_counting(lambda: mf.simulate(model, LONG_PROTOCOL))
    assert result.ok and result.t[-1] > 14000.0
    # With the GIL held for the whole call the main thread could sample only in the first and
    # last slices of the window; with it released its counter advances throughout.
    assert covered >= HALF_THE_SLICES, covered
    assert inside[-1] > inside[0]


def test_main_thread_keeps_running_during_endurance_time():
    # Below the fatigue threshold (~9 % MVC for the knee) the hold runs the full 4 h cap; a
    # 0.05 s step limit makes that ~300 000 solver steps.
    model = mf.models.three_compartment("knee")
    value, inside, covered = run_while_counting(
        lambda: mf.endurance_time(model, 0.05, max_step=0.05)
    )
    assert value == float("inf")
    assert covered >= HALF_THE_SLICES, covered
    assert inside[-1] > inside[0]


def test_main_thread_keeps_running_during_a_cpp_problem_solve():
    # ~160 000 steps of HIRES (a few tenths of a second) in one C++ call.
    p = problems.Hires()
    out, inside, covered = run_while_counting(
        lambda: mf.solve_ivp(p, p.t_span, p.y0, max_step=2e-3, t_eval=[p.t_end])
    )
    assert out.success and out.stats["steps"] > 100_000
    assert covered >= HALF_THE_SLICES, covered
    assert inside[-1] > inside[0]
