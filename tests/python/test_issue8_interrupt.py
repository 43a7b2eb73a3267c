"""Issue 8: Ctrl-C stops a solve. simulate(), endurance_time() and solve_ivp() of a C++ problem
run without the GIL, so Python could not run its SIGINT handler until they returned; now the
solver polls it (python/src/interrupt.hpp) and the call raises KeyboardInterrupt, leaving
nothing behind: the next call in the same process works.

Each case runs in a child process that starts a solve that would take hours, gets a real SIGINT
once it has started, catches the KeyboardInterrupt, prints its traceback to stderr and runs a
short simulation. A generous timeout only guards against a hang; nothing is timed."""

import sys
import textwrap

import pytest
from interrupt_child import interrupt_child

CHILD = textwrap.dedent(
    """
    import signal, sys, traceback
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if the parent ignores SIGINT
    import myofatigue as mf
    from myofatigue import problems

    knee = mf.models.three_compartment("knee")
    hires = problems.Hires(t_end=1e9)
    cases = {
        # ~1e9 steps each: hours of work unless interrupted.
        "simulate": lambda: mf.simulate(knee, "Hold at 10% MVC for 1e6 s", rtol=1e-10,
                                        max_step=1e-3, max_steps=10**15),
        "endurance_time": lambda: mf.endurance_time(knee, 0.05, max_step=1e-4, max_steps=10**15,
                                                    max_task_duration_s=1e9),
        "solve_ivp": lambda: mf.solve_ivp(hires, hires.t_span, hires.y0, max_step=1e-4,
                                          max_steps=10**15, t_eval=[hires.t_end]),
        "solve_ivp_callable": lambda: mf.solve_ivp(lambda t, y: -y, (0.0, 1e9), [1.0],
                                                   max_step=1e-4, max_steps=10**15,
                                                   t_eval=[1e9]),
    }
    print("started", flush=True)
    try:
        cases[sys.argv[1]]()
        print("finished", flush=True)
    except KeyboardInterrupt:
        traceback.print_exc()
        print("interrupted", flush=True)
    after = mf.simulate(knee, "Hold at 40% MVC for 10 s")
    print("then ok" if after.ok else "then failed", flush=True)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("case", ["simulate", "endurance_time", "solve_ivp", "solve_ivp_callable"])
def test_sigint_stops_a_long_solve_with_keyboard_interrupt(case):
    interrupt_child(CHILD, case)
