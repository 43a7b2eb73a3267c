#pragma once
// Ctrl-C during a solve. The solves run with the GIL released, so Python cannot run its SIGINT
// handler until they return. SignalWatch installs SolverOptions::interrupted, which the solver
// polls once per step attempt: at most every 15 ms of wall time (a steady-clock read otherwise,
// no GIL) it takes the GIL and calls PyErr_CheckSignals(); when a handler raised (Ctrl-C's
// KeyboardInterrupt) it keeps that exception and asks the solver to stop, and the binding re-raises
// it once the GIL is back. Only on the main thread, the only one that runs signal handlers:
// a solve in a worker thread never takes the GIL to poll.
#include <chrono>
#include <optional>
#include <utility>

#include <pybind11/pybind11.h>

#include "myofatigue/solvers/options.hpp"

namespace myofatigue::python {

namespace py = pybind11;

class SignalWatch {
 public:
  /// With the GIL held. Active when called from the main thread.
  SignalWatch();
  SignalWatch(const SignalWatch&) = delete;
  SignalWatch& operator=(const SignalWatch&) = delete;

  /// Sets options.interrupted to this watch's poll (leaves it alone off the main thread). The
  /// watch must outlive every use of `options` and its copies.
  void install(SolverOptions& options);
  /// With the GIL held: re-raises (as py::error_already_set) what a signal handler raised during
  /// the solve, if anything.
  void rethrow_if_interrupted();

 private:
  bool poll();  ///< called by the solver without the GIL

  static constexpr std::chrono::milliseconds interval_{15};
  bool active_ = false;
  std::chrono::steady_clock::time_point next_check_;
  std::optional<py::error_already_set> pending_;
};

/// Runs solve() with the GIL released and Ctrl-C watched (see SignalWatch). When a signal
/// handler raised during the solve, that exception (KeyboardInterrupt) is raised instead of
/// whatever solve() returned or threw (a partial result, a SolverError with status Interrupted).
template <class F>
auto solve_without_gil(SolverOptions& options, F&& solve) {
  SignalWatch watch;
  watch.install(options);
  std::optional<decltype(solve())> out;
  try {
    py::gil_scoped_release no_gil;  // every argument is a C++ value by now
    out.emplace(std::forward<F>(solve)());
  } catch (...) {
    watch.rethrow_if_interrupted();
    throw;
  }
  watch.rethrow_if_interrupted();
  return std::move(*out);
}

}  // namespace myofatigue::python
