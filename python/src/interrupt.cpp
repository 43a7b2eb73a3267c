// SignalWatch (interrupt.hpp): Ctrl-C during a solve that runs without the GIL.
#include "interrupt.hpp"

#include <pythread.h>

namespace myofatigue::python {

SignalWatch::SignalWatch() {
  const auto main_ident =
      py::module_::import("threading").attr("main_thread")().attr("ident").cast<unsigned long>();
  active_ = PyThread_get_thread_ident() == main_ident;
  next_check_ = std::chrono::steady_clock::now() + interval_;
}

void SignalWatch::install(SolverOptions& options) {
  if (active_) options.interrupted = [this] { return poll(); };
}

bool SignalWatch::poll() {
  if (pending_) return true;  // written by this same thread; keep asking the solver to stop
  const auto now = std::chrono::steady_clock::now();
  if (now < next_check_) return false;
  next_check_ = now + interval_;
  py::gil_scoped_acquire gil;
  if (PyErr_CheckSignals() == 0) return false;
  pending_.emplace();  // takes the exception the handler raised (KeyboardInterrupt)
  return true;
}

void SignalWatch::rethrow_if_interrupted() {
  if (!pending_) return;
  py::error_already_set error = std::move(*pending_);
  pending_.reset();
  throw error;
}

}  // namespace myofatigue::python
