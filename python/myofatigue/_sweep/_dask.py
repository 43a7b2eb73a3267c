"""The Dask back end of sweep(..., client=): the same chunks as the in-process pool, run on
dask.distributed workers. Each task runs whole chunks with the C++ chunk runner (GIL released, so
a worker's threads run in parallel) and returns their arrays; the client commits them, so workers
need no shared file system. A chunk that kills its worker (``KilledWorker``) is split until the
point that kills is alone, and that point is recorded ``crashed``; the others keep their results,
which are bitwise those of the in-process pool (a point depends only on its own row).
"""

from __future__ import annotations

import numpy as np

from .. import _core

_SPECS: dict = {}  # in each worker process: fingerprint -> _SweepSpec, built once per sweep


def _spec(fingerprint, args):
    spec = _SPECS.get(fingerprint)
    if spec is None:
        if len(_SPECS) >= 4:  # a few sweeps at a time; older specs are rebuilt if needed again
            _SPECS.clear()
        spec = _SPECS[fingerprint] = _core._SweepSpec(*args)
    return spec


def _identity(x):
    return x


def run_chunks(fingerprint, args, chunk_ids, point_timeout_s):
    """On a worker: whole chunks, in order."""
    spec = _spec(fingerprint, args)
    return [spec.run_chunk(int(c), point_timeout_s) for c in chunk_ids]


def run_rows(args, first, count, point_timeout_s):
    """On a worker: points [first, first + count) alone (isolating a point that kills its
    process), as one chunk of a spec of just those rows."""
    model, keys, points, *rest = args
    rest[-2] = count  # chunk_points
    sub = _core._SweepSpec(model, keys, np.asarray(points)[first : first + count], *rest)
    out = sub.run_chunk(0, point_timeout_s)
    out["first"] = first
    return out


def crashed_rows(plan, first, count, reason):
    """The arrays of points whose process died: status crashed, no data."""
    nan = np.full((count,), np.nan)
    steps = 0 if plan.step_labels is None else len(plan.step_labels)
    times = 0 if plan.times is None else len(plan.times)
    out = {
        "id": first // plan.chunk_points,
        "first": first,
        "count": count,
        "status": np.full(count, 7, dtype=np.uint8),
        "message": [reason] * count,
        "t_fail_s": nan.copy(),
        "wall_s": nan.copy(),
    }
    if plan.task == "endurance":
        out["endurance_time_s"] = np.full((count, len(plan.loads)), np.nan)
    else:
        out["final"] = np.full((count, len(plan.final_keys)), np.nan)
        out["step_end_s"] = np.full((count, steps), np.nan)
        out["step_end_reason"] = np.full((count, steps), -1, dtype=np.int8)
        out["mvc_fraction"] = np.full((count, steps), np.nan)
        out["trajectory"] = np.full((count, len(plan.trajectory_keys), times), np.nan)
    return out


def join_pieces(pieces):
    """One chunk's dict from pieces covering it (sorted by first)."""
    pieces = sorted(pieces, key=lambda p: p["first"])
    out = {
        "id": pieces[0]["first"],
        "first": pieces[0]["first"],
        "count": sum(int(p["count"]) for p in pieces),
    }
    for name, value in pieces[0].items():
        if name in ("id", "first", "count"):
            continue
        if name == "message":
            out[name] = [m for p in pieces for m in p[name]]
        else:
            out[name] = np.concatenate([np.asarray(p[name]) for p in pieces], axis=0)
    return out


class DaskDriver:
    """Submits the pending chunks to `client` and yields finished chunks (dicts, as the pool's)."""

    def __init__(self, client, plan, args, pending, point_timeout_s):
        try:
            from distributed import as_completed
            from distributed.client import Future  # noqa: F401
        except ImportError as e:
            raise ImportError(
                "client= needs dask.distributed, which is not installed; install "
                "the 'dask' extra: pip install \"myofatigue[dask]\""
            ) from e
        self.client, self.plan, self.pending = client, plan, list(pending)
        self.fingerprint = plan.fingerprint
        self.timeout = point_timeout_s
        self.stopping = False
        # The spec's arguments as a task of their own rather than scattered data: scattered data
        # is lost with the worker that held it, a task's result is recomputed.
        self.args = client.submit(_identity, args, key=self._key("spec"), pure=False)
        threads = max(1, sum(client.nthreads().values()))
        # Tasks of several chunks: about 4 tasks per worker thread, so Dask's per-task overhead
        # (a few hundred microseconds, distributed.dask.org "limitations") stays negligible, with
        # enough tasks left to balance uneven points.
        per_task = max(1, len(self.pending) // (4 * threads))
        self.ac = as_completed()
        self.meta = {}
        for i in range(0, len(self.pending), per_task):
            self._submit_chunks(self.pending[i : i + per_task])
        self.partial = {}  # chunk id -> pieces received so far (a chunk being bisected)
        self.suspects = []  # single points killed once, to run again alone

    def _key(self, what):
        return f"mf-{self.fingerprint[:16]}-{what}"

    def _submit_chunks(self, chunk_ids):
        f = self.client.submit(
            run_chunks,
            self.fingerprint,
            self.args,
            list(chunk_ids),
            self.timeout,
            key=self._key(f"c{chunk_ids[0]}x{len(chunk_ids)}"),
        )
        self.meta[f.key] = ("chunks", list(chunk_ids))
        self.ac.add(f)

    def _submit_rows(self, first, count):
        f = self.client.submit(
            run_rows, self.args, first, count, self.timeout, key=self._key(f"r{first}x{count}")
        )
        self.meta[f.key] = ("rows", (first, count))
        self.ac.add(f)

    def __iter__(self):
        from distributed import KilledWorker

        while True:
            for future in self.ac:
                if self.stopping:
                    return
                kind, what = self.meta.pop(future.key)
                try:
                    result = future.result()
                except KilledWorker as e:
                    yield from self._split(kind, what, e)
                    continue
                finally:
                    future.release()
                if kind == "chunks":
                    yield from result
                else:
                    yield from self._piece(result)
            if self.stopping or not self.suspects:
                return
            # Dask blames every task queued on a worker that died, so a single point that was
            # killed may be innocent. Each runs again alone, once nothing else runs: a death
            # now is its own.
            first = self.suspects.pop(0)
            f = self.client.submit(
                run_rows, self.args, first, 1, self.timeout, key=self._key(f"alone{first}")
            )
            self.meta[f.key] = ("alone", (first, 1))
            self.ac.add(f)

    def _split(self, kind, what, error):
        if kind == "chunks":
            if len(what) > 1:
                for c in what:
                    self._submit_chunks([c])
            else:
                first, last = self.plan.chunk_range(what[0])
                self._bisect(first, last - first)
            return
        first, count = what
        if count > 1:
            self._bisect(first, count)
            return
        if kind == "rows":
            self.suspects.append(first)
            return
        yield from self._piece(
            crashed_rows(self.plan, first, 1, f"its Dask worker died while running it ({error})")
        )

    def _bisect(self, first, count):
        half = count // 2
        self._submit_rows(first, half)
        self._submit_rows(first + half, count - half)

    def _piece(self, piece):
        chunk = int(piece["first"]) // self.plan.chunk_points
        pieces = self.partial.setdefault(chunk, [])
        pieces.append(piece)
        first, last = self.plan.chunk_range(chunk)
        if sum(int(p["count"]) for p in pieces) == last - first:
            del self.partial[chunk]
            joined = join_pieces(pieces)
            joined["id"] = chunk
            yield joined

    def request_stop(self):
        """Cancels what has not finished (on_failure="raise")."""
        self.stopping = True
        futures = list(getattr(self.ac, "futures", ()))
        if futures:
            self.client.cancel(futures)
        self.ac.clear()

    def stop(self):
        """Ctrl-C: cancels what has not finished; nothing finished is waiting (chunks are
        yielded as they come)."""
        self.request_stop()
        return []
