"""
Stiff test problems defined in C++.

From the "Test Set for IVP Solvers" (F. Mazzia, C. Magherini et al., University of Bari,
https://archimede.uniba.it/~testset/): Rober, Hires, VdPol, VdPolM; and two synthetic problems:
ProtheroRobinson (known exact solution) and BlockBordered (a motor-unit-pool-shaped sparse system).

Pass one as `fun` to myofatigue.solve_ivp: it is then solved entirely in C++ with its analytic
Jacobian and the GIL released. Each is an immutable value with t_span, y0, n, rhs(t, y) and
jacobian(t, y).
"""
from __future__ import annotations
import numpy
import numpy.typing
import typing
@typing.final
class Rober:
    """
    Robertson's chemical kinetics (3 species;
    k1 = 0.04, k2 = 3e7, k3 = 1e4). Default t_end = 1e11; y0 = (1, 0, 0).
    """
    name: typing.ClassVar[str] = 'ROBER'
    def __init__(self, *, t_end: typing.Any = 100000000000.0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def jacobian(self, t: typing.Any, y: typing.Any) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        Analytic df/dy at (t, y) as a dense (n, n) array (usable as scipy's jac).
        """
    def rhs(self, t: typing.Any, y: typing.Any) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        """
        dy/dt at (t, y), evaluated in C++ (a new array).
        """
    @property
    def n(self) -> int:
        """
        Number of states.
        """
    @property
    def t_end(self) -> float:
        """
        Final time of the test set's reference solution.
        """
    @property
    def t_span(self) -> tuple[float, float]:
        """
        (0, t_end): the span of the reference solution.
        """
    @property
    def y0(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        """
        Initial state (a new array).
        """
@typing.final
class Hires:
    """
    HIRES, "High Irradiance RESponse" of
    photomorphogenesis (Schaefer 1975), 8 states. Default t_end = 321.8122.
    """
    name: typing.ClassVar[str] = 'HIRES'
    def __init__(self, *, t_end: typing.Any = 321.8122) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def jacobian(self, t: typing.Any, y: typing.Any) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        Analytic df/dy at (t, y) as a dense (n, n) array (usable as scipy's jac).
        """
    def rhs(self, t: typing.Any, y: typing.Any) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        """
        dy/dt at (t, y), evaluated in C++ (a new array).
        """
    @property
    def n(self) -> int:
        """
        Number of states.
        """
    @property
    def t_end(self) -> float:
        """
        Final time of the test set's reference solution.
        """
    @property
    def t_span(self) -> tuple[float, float]:
        """
        (0, t_end): the span of the reference solution.
        """
    @property
    def y0(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        """
        Initial state (a new array).
        """
@typing.final
class VdPol:
    """
    Van der Pol oscillator, scaled form
    y1' = y2, y2' = ((1 - y1^2) y2 - y1) / eps. Defaults eps = 1e-6, t_end = 2; y0 = (2, 0).
    """
    name: typing.ClassVar[str] = 'VDPOL'
    def __init__(self, *, eps: typing.Any = 1e-06, t_end: typing.Any = 2.0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def jacobian(self, t: typing.Any, y: typing.Any) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        Analytic df/dy at (t, y) as a dense (n, n) array (usable as scipy's jac).
        """
    def rhs(self, t: typing.Any, y: typing.Any) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        """
        dy/dt at (t, y), evaluated in C++ (a new array).
        """
    @property
    def eps(self) -> float:
        """
        Stiffness parameter (dimensionless), > 0.
        """
    @property
    def n(self) -> int:
        """
        Number of states.
        """
    @property
    def t_end(self) -> float:
        """
        Final time of the test set's reference solution.
        """
    @property
    def t_span(self) -> tuple[float, float]:
        """
        (0, t_end): the span of the reference solution.
        """
    @property
    def y0(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        """
        Initial state (a new array).
        """
@typing.final
class VdPolM:
    """
    Van der Pol oscillator, unscaled form
    y1' = y2, y2' = mu (1 - y1^2) y2 - y1. Defaults mu = 1000, t_end = 2000; y0 = (2, 0).
    """
    name: typing.ClassVar[str] = 'VDPOLM'
    def __init__(self, *, mu: typing.Any = 1000.0, t_end: typing.Any = 2000.0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def jacobian(self, t: typing.Any, y: typing.Any) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        Analytic df/dy at (t, y) as a dense (n, n) array (usable as scipy's jac).
        """
    def rhs(self, t: typing.Any, y: typing.Any) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        """
        dy/dt at (t, y), evaluated in C++ (a new array).
        """
    @property
    def mu(self) -> float:
        """
        Damping parameter (dimensionless), > 0.
        """
    @property
    def n(self) -> int:
        """
        Number of states.
        """
    @property
    def t_end(self) -> float:
        """
        Final time of the test set's reference solution.
        """
    @property
    def t_span(self) -> tuple[float, float]:
        """
        (0, t_end): the span of the reference solution.
        """
    @property
    def y0(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        """
        Initial state (a new array).
        """
@typing.final
class ProtheroRobinson:
    """
    Non-autonomous problem with
    a known solution (Prothero & Robinson 1974): y1' = lambda (y1 - phi(t)) + phi'(t), phi = sin t +
    cos t, and y2' = -2 t y2^2. Exact: y1 = phi(t), y2 = 1 / (1 + t^2). Defaults lambda_ = -10,
    t_end = 2.
    """
    name: typing.ClassVar[str] = 'PR'
    @staticmethod
    def exact(t: typing.SupportsFloat | typing.SupportsIndex) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        """
        Exact solution at time t: (sin t + cos t, 1 / (1 + t^2)).
        """
    def __init__(self, *, lambda_: typing.Any = -10.0, t_end: typing.Any = 2.0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def jacobian(self, t: typing.Any, y: typing.Any) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        Analytic df/dy at (t, y) as a dense (n, n) array (usable as scipy's jac).
        """
    def rhs(self, t: typing.Any, y: typing.Any) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        """
        dy/dt at (t, y), evaluated in C++ (a new array).
        """
    @property
    def lambda_(self) -> float:
        """
        Stiffness rate lambda [1/time] (C++: lambda).
        """
    @property
    def n(self) -> int:
        """
        Number of states.
        """
    @property
    def t_end(self) -> float:
        """
        Final time of the test set's reference solution.
        """
    @property
    def t_span(self) -> tuple[float, float]:
        """
        (0, t_end): the span of the reference solution.
        """
    @property
    def y0(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        """
        Initial state (a new array).
        """
@typing.final
class BlockBordered:
    """
    Synthetic block-bordered system
    shaped like a motor-unit pool: `units` independent 3-state blocks (fast rates 10..1e4 1/time)
    coupled only through 2 shared states (drive, metabolite); n = 3 units + 2. Stiff and
    non-autonomous. Defaults units = 10, t_end = 10. From 100 states on, solve_ivp uses a sparse LU.
    """
    name: typing.ClassVar[str] = 'BLOCK'
    def __init__(self, *, units: typing.Any = 10, t_end: typing.Any = 10.0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def jacobian(self, t: typing.Any, y: typing.Any) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        Analytic df/dy at (t, y) as a dense (n, n) array (usable as scipy's jac).
        """
    def rhs(self, t: typing.Any, y: typing.Any) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        """
        dy/dt at (t, y), evaluated in C++ (a new array).
        """
    def sparsity(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]:
        """
        Structural pattern of df/dy as a dense (n, n) array of 0/1 (usable as scipy's jac_sparsity).
        """
    @property
    def n(self) -> int:
        """
        Number of states.
        """
    @property
    def t_end(self) -> float:
        """
        Final time of the test set's reference solution.
        """
    @property
    def t_span(self) -> tuple[float, float]:
        """
        (0, t_end): the span of the reference solution.
        """
    @property
    def units(self) -> int:
        """
        Number of 3-state blocks.
        """
    @property
    def y0(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        """
        Initial state (a new array).
        """
