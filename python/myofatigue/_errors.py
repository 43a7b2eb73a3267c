"""myofatigue's exception classes (re-exported by ``myofatigue`` and by ``myofatigue._core``).

Defined in Python so that each has a docstring, a ``field`` attribute and pickles like any
exception; the compiled core imports this module when it loads and raises these classes for the
C++ exceptions (python/src/expose_errors.cpp).

Every invalid-input error is a :class:`Error`, hence a ``ValueError``; ``field`` names what it is
about: the argument or option (``"rtol"``), the parameter key (``"fatigue.F"``), the protocol step
(``"steps[2]"``) or the component, and is None only when nothing narrower fits.
"""

from __future__ import annotations

__all__ = [
    "ArgumentTypeError",
    "Error",
    "ModelError",
    "ParameterError",
    "ProtocolError",
    "SolverError",
    "UnknownVariableError",
]


class Error(ValueError):
    """Base of myofatigue's invalid-input errors (a ``ValueError``).

    Attributes:
        field: the argument, option, parameter key, protocol step ("steps[2]") or component the
            error is about; None when nothing narrower fits.
    """

    __module__ = "myofatigue"

    def __init__(self, *args, field: str | None = None):
        super().__init__(*args)
        self.field = field


class ParameterError(Error):
    """An invalid parameter, option or argument value.

    The message starts with the field name ("rtol: value -1 is outside ...") and states the
    allowed range; ``field`` is that name.
    """

    __module__ = "myofatigue"


class ProtocolError(Error):
    """An invalid protocol: the message names the step index, the bad text and valid examples;
    ``field`` is the step ("steps[1]") or the option concerned ("cycles")."""

    __module__ = "myofatigue"


class ModelError(Error):
    """An invalid model assembly (unknown component, unresolved signal, missing observable);
    ``field`` is the component or signal concerned when there is one."""

    __module__ = "myofatigue"


class ArgumentTypeError(ParameterError, TypeError):
    """An argument of the wrong type, e.g. ``rtol="a"`` or ``max_steps=1.5``.

    Both a ``TypeError`` (what Python raises for a wrong type) and a :class:`ParameterError`
    (so ``except ValueError`` handlers written for invalid arguments catch it too). The message
    starts with the argument's name and says what it accepts; ``field`` is that name.
    """

    __module__ = "myofatigue"


class UnknownVariableError(ParameterError, KeyError):
    """``result[key]`` with a key the result does not have.

    Both a ``KeyError`` (mapping look-up) and a :class:`ParameterError` (hence a ``ValueError``),
    so ``except KeyError`` and ``except ValueError`` both catch it. The message names the key and
    suggests the closest variable names; ``field`` is the key.
    """

    __module__ = "myofatigue"

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class SolverError(RuntimeError):
    """The solver failed and ``on_failure="raise"`` was requested.

    A numerical failure is not bad input, so this is a ``RuntimeError``, not an :class:`Error`.

    Attributes:
        status: "StepSizeTooSmall", "MaxStepsReached", "NonFiniteState", "SingularJacobian" or
            "Interrupted".
        t_s, step_s: the last accepted time and the step size that failed [s, or the problem's
            time unit].
        state: the last accepted state (NumPy array).
    """

    __module__ = "myofatigue"
