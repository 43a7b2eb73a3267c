"""Ready-made models with published parameter sets.

Thin conveniences over :func:`myofatigue.build_model` and :meth:`ParameterSet.named`: every
model here can equally be built by registered name, e.g.
``build_model(["three_compartment"], parameters=ParameterSet.named("FreyLaw2012.knee"))``.
The valid joints are read from the registry (``ParameterSet.names()``), so a set added in
src/registry.cpp appears here with no Python change.
"""

from __future__ import annotations

from ._core import ArgumentTypeError, Model, ModelError, ParameterError, ParameterSet, build_model

__all__ = [
    "three_compartment",
    "three_compartment_r",
    "liu2002",
    "ding2003",
    "potvin_fuglevand",
    "integrative",
    "muscles",
    "joints",
]

#: The components of the integrative model, in the order they are listed (the model orders them
#: by their signals).
INTEGRATIVE_COMPONENTS = (
    "perfusion",
    "energetics",
    "systemic",
    "peripheral",
    "central",
    "damage",
    "low_frequency_fatigue",
    "inflammation",
    "soreness",
    "tone",
    "skin",
)

#: Sources accepted by three_compartment_r().
_R_SOURCES = ("Looft2018", "Rakshit2021")


def joints(source: str = "FreyLaw2012") -> list:
    """Joints with a published parameter set from ``source`` (e.g. "FreyLaw2012"), sorted.

    Raises:
        ParameterError (ValueError): no published set comes from ``source``; the message lists
            the sources that exist.
    """
    _require_str(source, "source")
    names = ParameterSet.names()
    found = sorted(n.split(".", 1)[1] for n in names if n.split(".", 1)[0] == source)
    if not found:
        sources = sorted({n.split(".", 1)[0] for n in names})
        raise ParameterError(
            f"source: {source!r} has no published parameter set; valid: " + ", ".join(sources),
            field="source",
        )
    return found


def _require_str(value, field: str) -> None:
    if not isinstance(value, str):
        raise ArgumentTypeError(
            f"{field}: expected a str, got {type(value).__name__} {value!r}", field=field
        )


def _named_set(source: str, joint: str) -> ParameterSet:
    valid = joints(source)
    _require_str(joint, "joint")
    if joint not in valid:
        raise ParameterError(
            f"joint: {joint!r} has no {source} parameter set; valid: " + ", ".join(valid),
            field="joint",
        )
    return ParameterSet.named(f"{source}.{joint}")


def three_compartment(joint: str = "knee") -> Model:
    """The three-compartment controller fatigue model (3CC) for one joint.

    Xia & Frey-Law 2008 (J Biomech 41:3046) with the fatigue and recovery rates F, R [1/s] of
    Frey-Law, Looft & Heitsman 2012 (J Biomech 45:1803), Table 1; rest multiplier r = 1 and the
    default controller gains LD = LR = 10 /s.

    Args:
        joint: one of ankle, knee, trunk, shoulder, elbow, hand, general.

    Raises:
        ParameterError (ValueError): unknown joint; the message lists the valid ones.
    """
    return build_model(["three_compartment"], parameters=_named_set("FreyLaw2012", joint))


def three_compartment_r(joint: str = "knee", source: str = "Looft2018") -> Model:
    """The 3CC model with the rest-recovery multiplier r (3CC-r) for one joint.

    During rest (target load 0) recovery runs at r*R (Looft, Herkert & Frey-Law 2018, J Biomech
    77:16; applied as Rakshit, Xiang & Yang 2021, J Biomech 127:110695, Eq. 7).

    Args:
        joint: a joint with a set from ``source`` (``joints(source)``): Looft2018: ankle, elbow,
            hand, knee, shoulder; Rakshit2021: ankle, elbow, hand, knee.
        source: "Looft2018" (FreyLaw2012 F and R with r = 15, or 30 for the hand) or
            "Rakshit2021" (F, R and r fitted jointly, Table 2).

    Raises:
        ParameterError (ValueError): unknown source or joint; the message lists the valid ones.
    """
    _require_str(source, "source")
    if source not in _R_SOURCES:
        raise ParameterError(
            f"source: {source!r} is not a 3CC-r source; valid: " + ", ".join(_R_SOURCES),
            field="source",
        )
    return build_model(["three_compartment"], parameters=_named_set(source, joint))


def _with_overrides(component: str, prefix: str, overrides: dict) -> Model:
    """The registered ``component`` with parameters given by symbol (``F=0.02``) or full key."""
    values = {k if "." in k else f"{prefix}.{k}": v for k, v in overrides.items()}
    return build_model([component], parameters=values)


def liu2002(**parameters: float) -> Model:
    """The activation-fatigue-recovery model of Liu, Brown & Yue 2002 (Biophys J 82:2344).

    Args:
        **parameters: overrides by symbol or full key, in 1/s: ``B`` (brain effort), ``F``
            (fatigue), ``R`` (recovery). The defaults B = 2, F = 0.01, R = 0.002 are
            assumptions (docs/models/liu2002_fatigue.md gives the ranges to sweep).

    Raises:
        ParameterError (ValueError): unknown key (with the closest valid ones) or a value
            outside its allowed range.
    """
    return _with_overrides("liu2002", "liu", parameters)


def ding2003(**parameters: float) -> Model:
    """The force-fatigue model of electrically stimulated muscle, Ding, Wexler & Binder-Macleod
    2003 (Muscle Nerve 27:312), with the force model of Ding et al. 2000.

    Drive it with stimulation steps (``"Stimulate at 30 Hz 1 s on 1 s off for 2 min"``); its
    observable ``ding.force_N`` is the force [N]. It has no voluntary capacity, so holds to task
    failure and MVC tests raise ModelError.

    Args:
        **parameters: overrides by symbol or full key (SI units: s, N/s, N), e.g.
            ``A_rest=3009.0``, ``tau_fat=127.0`` (table in docs/models/ding2003_force_fatigue.md).

    Raises:
        ParameterError (ValueError): unknown key or a value outside its allowed range.
    """
    return _with_overrides("ding2003", "ding", parameters)


def potvin_fuglevand(units: int = 120, **parameters: float) -> Model:
    """The motor-unit-based fatigue model of Potvin & Fuglevand 2017 (PLoS Comput Biol
    13:e1005581): a pool of ``units`` motor units (component ``motor_unit_pool``) with the
    recruitment and rate coding of Fuglevand, Winter & Patla 1993 as the paper modifies them.

    The excitation that holds the target is solved at every instant (the force of the pool at
    its current capacities equals the target), and task failure is the first time maximal
    excitation cannot hold it, so :func:`myofatigue.endurance_time` works on it. Results carry
    ``pool.capacity``, ``pool.force_fraction``, ``pool.excitation``, ``pool.recruited_units``
    and, per unit, ``result["pool.P"]`` (force capacity) and ``result["pool.FR"]`` (firing rate
    [Hz]) of shape (n_samples, units).

    Args:
        units: motor units in the pool, >= 2 (120 in the paper).
        **parameters: overrides by symbol or full key (docs/models/motor_unit_pool.md), e.g.
            ``FatFac=0.0225`` [1/s], ``R=0.001`` [1/s] (recovery; 0, the published model, by
            default).

    Raises:
        ParameterError (ValueError): a unit count or a parameter outside its allowed range, or
            an unknown key (with the closest valid ones).
        ArgumentTypeError (TypeError): ``units`` that is not an int.
    """
    values = {k if "." in k else f"pool.{k}": v for k, v in parameters.items()}
    return build_model([("motor_unit_pool", {"units": units})], parameters=values)


def muscles() -> list:
    """Muscle groups with an integrative parameter set (``integrative.<muscle>`` in the
    registry), sorted, e.g. ``["general", "hand_grip", "knee_extensors"]``."""
    return joints("integrative")


def integrative(
    muscle: str = "general", motor_units: int = 120, *, leave_out=(), **parameters: float
) -> Model:
    """The integrative neuromuscular model (docs/models/integrative.md): the Potvin & Fuglevand
    motor-unit pool coupled to muscle blood flow (``perfusion``), PCr/Pi/pH/lactate/K+
    (``energetics``), blood lactate (``systemic``), metabolic force depression (``peripheral``)
    and the voluntary-activation ceiling (``central``), and the slow processes of recovery over
    hours and days: eccentric muscle damage with the repeated-bout effect (``damage``),
    prolonged low-frequency fatigue (``low_frequency_fatigue``), the inflammatory response and
    muscle IL-6 (``inflammation``), soreness and serum CK (``soreness``), involuntary
    residual activation (``tone``, a hypothesis) and skin blood flow and temperature
    (``skin``, what massage measurably raises), as one stiff ODE system.

    Results carry, besides every component's keys, the standard observables ``mvc_fraction``,
    ``force_fraction``, ``target_fraction``, ``drive``, ``perceived_effort`` (0-10, an assumed
    mapping), ``twitch_fraction``, ``pcr_mM``, ``pi_mM``, ``ph``,
    ``k_interstitial_mM``, ``lactate_muscle_mM``, ``lactate_blood_mM``,
    ``muscle_blood_flow_ml_min``, ``voluntary_activation``, ``damage_fraction``, ``lff_ratio``
    (20:100 Hz force ratio relative to fresh), ``il6_plasma_pg_ml``, ``ck_serum_u_l``,
    ``soreness`` (0-10), ``tone_fraction``, ``skin_blood_flow_fraction``,
    ``skin_temperature_c`` and ``h_reflex_fraction``; ``mvc_fraction`` includes the slow components
    (damage and low-frequency fatigue lower it for hours to days). Task failure is the first time
    the target cannot be held at the central ceiling with the metabolically depressed fibres,
    so :func:`myofatigue.endurance_time` works on it.

    Args:
        muscle: a muscle group with a parameter set (:func:`muscles`).
        motor_units: units in the pool, >= 2.
        leave_out: components to omit, e.g. ``("central",)`` (the pool then sees a ceiling of 1;
            without ``peripheral`` a force factor of 1). ``energetics`` and ``systemic`` need
            each other, ``peripheral`` and ``central`` need ``energetics``, ``inflammation``
            needs ``damage`` and ``soreness`` needs ``inflammation``; the slow five together
            leave the model of minutes.
        **parameters: overrides by full key, e.g. ``{"central.afferent_gain": 0.0}`` given as
            ``**{"central.afferent_gain": 0.0}``.

    Raises:
        ParameterError (ValueError): unknown muscle (listing the valid ones), unit count,
            parameter key or value.
        ModelError (ValueError): ``leave_out`` names an unknown component or leaves a component
            without a signal it needs.
    """
    _require_str(muscle, "muscle")
    valid = muscles()
    if muscle not in valid:
        raise ParameterError(
            f"muscle: {muscle!r} has no integrative parameter set; valid: " + ", ".join(valid),
            field="muscle",
        )
    if isinstance(leave_out, str):
        leave_out = (leave_out,)
    unknown = [c for c in leave_out if c not in INTEGRATIVE_COMPONENTS]
    if unknown:
        raise ModelError(
            f"leave_out: {unknown[0]!r} is not a component of the integrative "
            "model; valid: " + ", ".join(INTEGRATIVE_COMPONENTS),
            field="leave_out",
        )
    names = [c for c in INTEGRATIVE_COMPONENTS if c not in leave_out]
    model = build_model([("motor_unit_pool", {"units": motor_units})] + names)
    keys = set(model.parameters())
    values = {k: v for k, v in ParameterSet.named(f"integrative.{muscle}").items() if k in keys}
    values.update(parameters)
    return model.with_parameters(values)
