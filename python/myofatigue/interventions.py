"""The registered interventions: what each one is, the channels it acts on, its parameters and
its profiles (``measured``, the defaults from controlled studies, and alternatives such as
``claimed``, the mechanism practitioners claim).

Use one in a protocol step by name, optionally with a profile and parameter overrides::

    "Rest for 10 min with massage.effleurage"
    "Rest for 10 min with massage.effleurage(profile=claimed)"
    "Rest for 10 min with massage.effleurage(pressure_mmHg=20) and compression_garment"

Each intervention has a page in ``docs/interventions/<name>.md`` with its sources.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass

from . import _core

__all__ = ["Channel", "Parameter", "Profile", "InterventionInfo", "list", "get"]


@dataclass(frozen=True)
class Channel:
    """A modulation channel an intervention writes: ``composition`` is ``"gain"`` (multiplies,
    neutral 1) or ``"offset"`` (adds, neutral 0)."""

    key: str
    composition: str
    description: str


@dataclass(frozen=True)
class Parameter:
    """A parameter of an intervention: its default (the measured profile's value), the range
    it must lie in (``allowed``), the range to sweep (``plausible``) and the citation key of its
    source in ``docs/references.bib``."""

    key: str
    unit: str
    description: str
    default: float
    allowed: tuple[float, float]
    plausible: tuple[float, float]
    source: str


@dataclass(frozen=True)
class Profile:
    """A named set of values, one per parameter in :attr:`InterventionInfo.parameters` order."""

    name: str
    description: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class InterventionInfo:
    """One registered intervention."""

    name: str
    description: str
    channels: tuple[Channel, ...]
    parameters: tuple[Parameter, ...]
    profiles: tuple[Profile, ...]
    citations: tuple[str, ...]

    def profile(self, name: str) -> dict[str, float]:
        """The values of profile ``name`` by parameter key.

        Raises:
            ValueError: an unknown profile (the message lists the valid ones).
        """
        for p in self.profiles:
            if p.name == name:
                return {par.key: v for par, v in zip(self.parameters, p.values)}
        raise ValueError(
            f"{self.name}.profile: unknown profile {name!r} (valid: "
            + ", ".join(p.name for p in self.profiles)
            + ")"
        )


def _info(d: dict) -> InterventionInfo:
    return InterventionInfo(
        name=d["name"],
        description=d["description"],
        channels=tuple(Channel(**c) for c in d["channels"]),
        parameters=tuple(
            Parameter(
                key=p["key"],
                unit=p["unit"],
                description=p["description"],
                default=p["default"],
                allowed=tuple(p["allowed"]),
                plausible=tuple(p["plausible"]),
                source=p["source"],
            )
            for p in d["parameters"]
        ),
        profiles=tuple(
            Profile(p["name"], p["description"], tuple(p["values"])) for p in d["profiles"]
        ),
        citations=tuple(d["citations"]),
    )


def list() -> builtins.list[InterventionInfo]:  # noqa: A001  (the issue's name: interventions.list())
    """Every registered intervention, sorted by name, each with its one-line description,
    channels, parameters and profiles."""
    return [_info(d) for d in _core.intervention_info()]


def get(name: str) -> InterventionInfo:
    """The intervention registered as ``name``.

    Raises:
        ValueError: an unknown name (the message lists the registered ones).
    """
    for info in list():
        if info.name == name:
            return info
    raise ValueError(
        f"unknown intervention {name!r}; registered: " + ", ".join(_core.intervention_names())
    )
