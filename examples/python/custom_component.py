"""A user-defined component, written in Python, composed with a built-in one.

The Python twin of examples/cpp/custom_component.cpp. ``tension_time`` integrates the force that
the built-in motor-unit pool (Potvin & Fuglevand 2017) writes to the signal
``muscle.force_fraction``, with a washout: a tension-time index I' = F - I / tau. It is one
declaration: its state, the signal it reads, a parameter and the equation, written with NumPy
(its Jacobian comes from finite differences). Nothing else changes: build_model orders it after
the pool because it reads the pool's signal.

Run: python examples/python/custom_component.py   (prints the index and the pool's state after a
30 s hold)
"""

import math
import sys

import myofatigue as mf


def tension_time_rhs(t, x, inputs, channels, p):
    """dI/dt [s/s] = F - I / tau: the force fraction F (inputs[0]) integrated with washout."""
    (index,) = x
    (force,) = inputs
    return [force - index / p.tau]


TENSION_TIME = mf.Component(
    "tension_time",
    "tti",
    states=[
        mf.StateSpec(
            "I",
            unit="s",
            description="tension-time index: integral of the force fraction with washout",
            allowed=(0.0, math.inf),
            initial=0.0,
        )
    ],
    reads=[
        mf.SignalSpec(
            "muscle.force_fraction", unit="1", description="force of the pool, fraction of MVC"
        )
    ],
    parameters=[
        mf.ParameterSpec(
            "tau",
            unit="s",
            default=600.0,
            allowed=(1.0, 1e6),
            plausible=(60.0, 3600.0),
            source="assumption",
            description="washout time constant (an assumption: sweep 60-3600 s)",
        )
    ],
    rhs=tension_time_rhs,
)


def main() -> int:
    model = mf.build_model([("motor_unit_pool", {"units": 40}), TENSION_TIME])
    r = mf.simulate(model, ["Hold at 30% MVC for 30 s"])
    if not r.ok:
        print(f"simulation failed: {r.message}")
        return 1
    index = r["tti.I"][-1]
    P = r["pool.P"]
    print(f"after 30 s at 30% MVC: tension-time index {index:.3f} s (no washout: 9 s)")
    print(
        f"force capacity of unit 0: {P[-1, 0]:.4f}, of unit 39: {P[-1, 39]:.4f}; "
        f"pool capacity {r['pool.capacity'][-1]:.4f} of MVC"
    )
    # The index is the integral of a 0.3 force (30 s) less its washout: just below 9 s.
    return 0 if 8.0 < index < 9.0 else 1


if __name__ == "__main__":
    status = main()
    if status:
        sys.exit(status)
