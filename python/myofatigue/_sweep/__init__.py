"""Parameter sweeps: points (grid, Latin hypercube, tables), the C++ pool, stores that resume.

User guide: docs/sweeps.md. Everything here needs only numpy, except a store on disk (zarr),
``Sweep.ds`` (xarray), ``to_pandas``/``failures`` (pandas), ``latin_hypercube`` (scipy) and the
progress bar (tqdm): the 'sweep' extra, imported when first used.
"""

from ._points import Points, grid, latin_hypercube, points
from ._run import Outputs, Sweep, endurance_sweep, open_sweep, sweep
from ._store import STATUS_NAMES

__all__ = [
    "Outputs",
    "Points",
    "STATUS_NAMES",
    "Sweep",
    "endurance_sweep",
    "grid",
    "latin_hypercube",
    "open_sweep",
    "points",
    "sweep",
]
