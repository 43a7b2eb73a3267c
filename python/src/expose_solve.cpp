// Bindings of the solver layer: the scipy-shaped solve_ivp (wrapped by
// python/myofatigue/_solve.py) and its continuous solution OdeSolution. The stiff test problems
// are the submodule `problems` (expose_problems.cpp).
//
// One driver (include/myofatigue/solvers/solve_ivp.hpp), two paths:
//  - a problem from _core.problems is solved by the template instantiated for its own type
//    (analytic Jacobian, no Python in the loop) with the GIL released for the whole solve;
//  - a Python callable goes through FunctionSystem (src/solve_ivp.cpp). The GIL is released there
//    too and re-acquired inside each callback (fun, jac, events), so other threads run during the
//    linear algebra, and a Python exception raised by a callback unwinds the solver (which holds
//    nothing but RAII scratch) and reaches the caller unchanged.
// Every argument is converted to a C++ value and checked (convert.hpp: errors name the argument)
// before the GIL is released; what a callback returns is checked the same way, naming the
// callback. Ctrl-C stops a solve started on the main thread (interrupt.hpp). The callbacks hold
// borrowed handles only: their owners live in the binding's frame, so no reference count changes
// while the GIL is released.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bound_types.hpp"  // first: the guarded casters of every bound type

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "interrupt.hpp"
#include "myofatigue/problems/stiff_test_set.hpp"
#include "myofatigue/solvers/solve_ivp.hpp"
#include "problems.hpp"

namespace py = pybind11;

namespace myofatigue::python {

namespace {

using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// What the callback `field` returned as a float64 array. \throws ArgumentTypeError naming the
/// callback and what it returned.
RealArray returned_reals(const py::object& out,
                         const std::string& field,
                         const std::string& expected) {
  RealArray a = as_real_array(out);
  if (!a)
    throw ArgumentTypeError(field, "returned " + describe(out) + "; it must return " + expected);
  return a;
}

/// A real number, or an array holding exactly one. \throws ArgumentTypeError naming `field`.
double real_or_single(py::handle obj, const std::string& field) {
  RealArray a = to_real_array(obj, field, "a real number");
  if (a.ndim() != 0 && a.size() != 1)
    throw ParameterError(field,
                         "must be a real number, got an array of size " + std::to_string(a.size()));
  return *a.data();
}

/// A fresh NumPy copy of y (handed to user callbacks, which may keep it).
py::array_t<double> to_numpy(const Vector& y) {
  py::array_t<double> a(y.size());
  std::memcpy(a.mutable_data(), y.data(), sizeof(double) * std::size_t(y.size()));
  return a;
}

// ---------------------------------------------------------------------------------------------
// Python callables as a FunctionSystem.

/// The user's callables (borrowed) and the scratch their adapters share. Lives in the binding's
/// frame for the whole solve.
struct Callbacks {
  py::handle fun;
  py::handle jac;     ///< a callable jac(t, y), or empty
  Matrix jac_matrix;  ///< a constant Jacobian, when `jac` was an array
  Index n = 0;
  std::size_t extra_rhs_evals = 0;  ///< evaluations for df/dt, not seen by the driver
  std::size_t jac_calls = 0;        ///< calls of the user's jac (scipy's njev)
  // The last f(t, y) evaluated, reused for the df/dt difference (the driver asks for the
  // Jacobian right after f at the same point).
  double t_last = std::numeric_limits<double>::quiet_NaN();
  Vector y_last, f_last;

  void rhs(double t, const Vector& y, Vector& f) {
    py::gil_scoped_acquire gil;
    const py::object out = fun(t, to_numpy(y));
    RealArray a =
        returned_reals(out, "fun", "dy/dt: an array of " + std::to_string(n) + " real numbers");
    if (a.size() != n)
      throw ParameterError("fun", "returned " + std::to_string(a.size()) +
                                      " values but the state has " + std::to_string(n));
    f = Eigen::Map<const Vector>(a.data(), n);
    t_last = t;
    y_last = y;
    f_last = f;
  }

  /// df/dy from the user's jac; df/dt by a forward difference in t (scipy's jac gives only
  /// df/dy, but a Rosenbrock method needs df/dt on non-autonomous problems to keep its order).
  void jacobian(double t, const Vector& y, Matrix& J, Vector& dfdt) {
    if (jac) {
      py::gil_scoped_acquire gil;
      ++jac_calls;
      J = to_jacobian(jac(t, to_numpy(y)), n, "jac", true);
    } else {
      J = jac_matrix;
    }
    if (!(t == t_last && y == y_last)) {
      Vector f(n);
      rhs(t, y, f);
      ++extra_rhs_evals;
    }
    const Vector f0 = f_last;
    // Same increment as the FD Jacobian (jacobian.hpp): sqrt(eps * max(1e-5, |t|)).
    const double t_pert =
        t + std::sqrt(std::numeric_limits<double>::epsilon() * std::max(1e-5, std::abs(t)));
    Vector f1(n);
    rhs(t_pert, y, f1);
    ++extra_rhs_evals;
    dfdt = (f1 - f0) / (t_pert - t);
  }

  /// An n x n matrix from an array-like or a scipy.sparse matrix (densified): the argument
  /// `field`, or what the callback `field` returned.
  static Matrix to_jacobian(py::object obj, Index n, const std::string& field, bool returned) {
    if (py::hasattr(obj, "toarray")) obj = obj.attr("toarray")();
    const std::string expected =
        "an (" + std::to_string(n) + ", " + std::to_string(n) + ") array of real numbers";
    RealArray a = returned ? returned_reals(obj, field, expected)
                           : to_real_array(obj, field, expected.c_str());
    // A one-state system's Jacobian may be a plain number (scipy's LSODA takes one too).
    if (n == 1 && a.size() == 1) return Matrix::Constant(1, 1, *a.data());
    if (a.ndim() != 2 || a.shape(0) != n || a.shape(1) != n)
      throw ParameterError(field, "must have shape (" + std::to_string(n) + ", " +
                                      std::to_string(n) + "), got " + shape_of(a));
    return Eigen::Map<const RowMajorMatrix>(a.data(), n, n);
  }

  static std::string shape_of(const py::array& a) {
    std::string s = "(";
    for (py::ssize_t d = 0; d < a.ndim(); ++d) s += (d ? ", " : "") + std::to_string(a.shape(d));
    return s + (a.ndim() == 1 ? ",)" : ")");
  }
};

/// Events as _solve.py prepares them: a list of (g, stop_after, direction) with g a callable
/// g(t, y), stop_after the occurrence that ends the solve (0: never; scipy's `terminal` already
/// checked there) and direction a real number (its sign counts). The handles are borrowed from
/// `owners`, which the caller keeps alive for the solve.
std::vector<Event> to_events(const py::object& obj, std::vector<py::object>& owners) {
  std::vector<Event> events;
  if (obj.is_none()) return events;
  std::size_t k = 0;
  for (py::handle item : obj) {
    const std::string field = "events[" + std::to_string(k++) + "]";
    const auto spec = item.cast<py::tuple>();
    const py::object& g = owners.emplace_back(spec[0]);
    if (!PyCallable_Check(g.ptr())) wrong_type(field, "a callable g(t, y)", g);
    Event ev;
    const auto stop_after = spec[1].cast<std::size_t>();
    ev.terminal = stop_after > 0;
    ev.stop_after = std::max<std::size_t>(stop_after, 1);
    const double direction = real_or_single(spec[2], field + ".direction");
    ev.direction = direction > 0 ? 1 : direction < 0 ? -1 : 0;
    ev.zero_at_start_counts = true;  // scipy: a g that is 0 at t0 occurs there
    ev.fn = [h = py::handle(g), field](double t, const Vector& y) {
      py::gil_scoped_acquire gil;
      const py::object out = h(t, to_numpy(y));
      RealArray a = returned_reals(out, field, "one real number");
      if (a.size() != 1)
        throw ParameterError(field, "must return one real number, got " + describe(out));
      return *a.data();
    };
    events.push_back(std::move(ev));
  }
  return events;
}

/// All options but the system and the events, checked where Python knows more than C++.
IvpOptions to_options(Index n,
                      const py::object& method,
                      const py::object& t_eval,
                      bool dense_output,
                      const py::object& rtol,
                      const py::object& atol,
                      const py::object& jac_sparsity,
                      const py::object& first_step,
                      const py::object& max_step,
                      const py::object& min_step,
                      const py::object& max_steps,
                      const py::object& on_failure_obj) {
  IvpOptions o;
  o.solver.method = parse_method(
      to_str(method, "method", "a method name: 'Rodas5P', 'Rodas4' or 'Rosenbrock23'"));
  const RealArray rtol_array = to_real_array(rtol, "rtol", "a real number or a 1-D array");
  if (rtol_array.ndim() == 0) {
    o.solver.rtol = *rtol_array.data();
  } else if (rtol_array.ndim() == 1) {
    o.solver.rtol_vector = Eigen::Map<const Vector>(rtol_array.data(), rtol_array.shape(0));
  } else {
    throw ParameterError("rtol",
                         "must be a real number or a 1-D array of size " + std::to_string(n));
  }
  const RealArray atol_array = to_real_array(atol, "atol", "a real number or a 1-D array");
  if (atol_array.ndim() == 0) {
    o.solver.atol = *atol_array.data();
  } else if (atol_array.ndim() == 1) {
    o.solver.atol_vector = Eigen::Map<const Vector>(atol_array.data(), atol_array.shape(0));
  } else {
    throw ParameterError("atol",
                         "must be a real number or a 1-D array of size " + std::to_string(n));
  }
  if (!t_eval.is_none()) {
    const Vector te = to_vector_1d(t_eval, "t_eval");
    o.t_eval.assign(te.data(), te.data() + te.size());
  }
  o.dense_output = dense_output;
  if (!jac_sparsity.is_none()) {
    const Matrix pattern = Callbacks::to_jacobian(jac_sparsity, n, "jac_sparsity", false);
    o.solver.jac_sparsity = pattern.sparseView();  // nonzero entries: the coupled pairs
  }
  if (!first_step.is_none()) {
    o.solver.first_step = real_or_single(first_step, "first_step");
    if (!(o.solver.first_step > 0.0))
      throw ParameterError("first_step", "value " + detail::format_value(o.solver.first_step) +
                                             " is outside the allowed range (0, inf); None "
                                             "chooses it automatically");
  }
  o.solver.max_step = real_or_single(max_step, "max_step");
  o.solver.min_step = real_or_single(min_step, "min_step");
  o.solver.max_steps = std::size_t(
      to_int(max_steps, "max_steps", 1, std::numeric_limits<std::int64_t>::max(), "an int >= 1"));
  const std::string on_failure = to_str(on_failure_obj, "on_failure", "'return' or 'raise'");
  if (on_failure == "return") o.solver.on_failure = OnFailure::ReturnPartial;
  else if (on_failure == "raise") o.solver.on_failure = OnFailure::Raise;
  else
    throw ParameterError("on_failure",
                         "'" + on_failure + "' is not valid; valid: 'return', 'raise'");
  o.solver.validate(n);  // every remaining range (rtol, atol, max_step), before the GIL goes
  return o;
}

// ---------------------------------------------------------------------------------------------
// The C++ problems (problems.hpp: the list the submodule `problems` binds, expose_problems.cpp).

template <class P>
IvpResult solve_problem(const P& problem,
                        std::pair<double, double> t_span,
                        const Vector& y0,
                        IvpOptions& options) {
  if (y0.size() != n_states(problem))
    throw ParameterError("y0", "has " + std::to_string(y0.size()) + " components but " +
                                   std::string(P::name) + " has " +
                                   std::to_string(n_states(problem)) + " states");
  // problem (kept alive by the caller's reference), span, y0 and options are C++ values.
  return solve_without_gil(options.solver, [&] { return solve_ivp(problem, t_span, y0, options); });
}

/// Solves when `fun` is one of the bound problems; nullopt otherwise.
template <class... P>
std::optional<IvpResult> try_solve_problem(TypeList<P...>,
                                           py::handle fun,
                                           std::pair<double, double> t_span,
                                           const Vector& y0,
                                           IvpOptions& options) {
  std::optional<IvpResult> out;
  (void)((py::isinstance<P>(fun) &&
          (out = solve_problem(fun.cast<const P&>(), t_span, y0, options), true)) ||
         ...);
  return out;
}

template <class... P>
bool is_problem(TypeList<P...>, py::handle obj) {
  return (py::isinstance<P>(obj) || ...);
}

// ---------------------------------------------------------------------------------------------
// The result, as the dict that _solve.OdeResult wraps.

/// `jac_calls`: calls of a user's jac, reported as njev instead of the driver's Jacobian count.
py::dict to_dict(IvpResult&& r,
                 bool have_events,
                 std::size_t extra_rhs_evals,
                 std::optional<std::size_t> jac_calls) {
  r.stats.rhs_evals += extra_rhs_evals;
  py::dict d;
  d["t"] = py::cast(std::move(r.t));
  d["y"] = py::cast(std::move(r.y));
  d["sol"] = r.sol ? py::cast(std::move(*r.sol)) : py::none();
  if (have_events) {
    py::list t_events, y_events;
    for (std::size_t k = 0; k < r.t_events.size(); ++k) {
      t_events.append(py::cast(
          Vector(Eigen::Map<const Vector>(r.t_events[k].data(), Index(r.t_events[k].size())))));
      // scipy's layout: one row per occurrence, (k, n).
      y_events.append(py::cast(Matrix(r.y_events[k].transpose())));
    }
    d["t_events"] = t_events;
    d["y_events"] = y_events;
  } else {
    d["t_events"] = py::none();
    d["y_events"] = py::none();
  }
  d["nfev"] = r.stats.rhs_evals;
  d["njev"] = jac_calls ? *jac_calls : r.stats.jacobian_evals;
  d["nlu"] = r.stats.factorizations;
  d["status"] = r.status == Status::Completed ? 0 : r.status == Status::StoppedByEvent ? 1 : -1;
  d["message"] = r.message;
  d["success"] = r.success();
  py::dict stats;
  stats["steps"] = r.stats.steps;
  stats["rejected"] = r.stats.rejected;
  stats["rhs_evals"] = r.stats.rhs_evals;
  stats["jacobian_evals"] = r.stats.jacobian_evals;
  stats["factorizations"] = r.stats.factorizations;
  stats["linear_solves"] = r.stats.linear_solves;
  stats["wall_s"] = r.stats.wall_s;
  d["stats"] = stats;
  if (r.failure) {
    py::dict f;
    f["status"] = std::string(to_string(r.status));
    f["t_s"] = r.failure->t_s;
    f["step_s"] = r.failure->step_s;
    f["state"] = py::cast(std::move(r.failure->state));
    f["message"] = r.failure->message;
    d["failure"] = f;
  } else {
    d["failure"] = py::none();
  }
  d["method"] = std::string(to_string(r.method));
  const char* jac_names[] = {"Automatic", "Analytic", "AutoDiff", "FiniteDifference"};
  d["jacobian"] = jac_names[int(r.jacobian_mode)];
  d["linear_solver"] = std::string(to_string(r.linear_solver));
  return d;
}

py::dict solve(const py::object& fun,
               const py::object& t_span,
               const py::object& y0_obj,
               const py::object& method,
               const py::object& t_eval,
               bool dense_output,
               const py::object& events_obj,
               const py::object& rtol,
               const py::object& atol,
               const py::object& jac,
               const py::object& jac_sparsity,
               const py::object& first_step,
               const py::object& max_step,
               const py::object& min_step,
               const py::object& max_steps,
               const py::object& on_failure) {
  const bool cpp_problem = is_problem(Problems{}, fun);
  if (!cpp_problem && !PyCallable_Check(fun.ptr()))
    wrong_type("fun", "a callable f(t, y) or a problem from myofatigue.problems", fun);
  const RealArray span = to_real_array(t_span, "t_span", "a pair (t0, t_end) of real numbers");
  if (span.ndim() != 1 || span.size() != 2)
    throw ParameterError("t_span", "must be a pair (t0, t_end) of real numbers");
  const std::pair<double, double> span_pair{span.data()[0], span.data()[1]};
  const Vector y0 = to_vector_1d(y0_obj, "y0");
  const Index n = y0.size();
  if (n == 0) throw ParameterError("y0", "must have at least one component");
  IvpOptions options = to_options(n, method, t_eval, dense_output, rtol, atol, jac_sparsity,
                                  first_step, max_step, min_step, max_steps, on_failure);
  std::vector<py::object> event_owners;
  options.events = to_events(events_obj, event_owners);
  const bool have_events = !events_obj.is_none();

  if (cpp_problem) {
    if (!jac.is_none())
      throw ParameterError("jac",
                           "must be None for a problem from myofatigue.problems (it "
                           "brings its analytic Jacobian)");
    if (!jac_sparsity.is_none())
      throw ParameterError("jac_sparsity",
                           "must be None for a problem from "
                           "myofatigue.problems (it brings its own pattern)");
    return to_dict(*try_solve_problem(Problems{}, fun, span_pair, y0, options), have_events, 0,
                   std::nullopt);
  }

  Callbacks cb;
  cb.fun = fun;
  cb.n = n;
  FunctionSystem system;
  system.fun = [&cb](double t, const Vector& y, Vector& f) { cb.rhs(t, y, f); };
  if (!jac.is_none()) {
    if (PyCallable_Check(jac.ptr())) cb.jac = jac;
    else cb.jac_matrix = Callbacks::to_jacobian(jac, n, "jac", false);
    system.jac = [&cb](double t, const Vector& y, Matrix& J, Vector& dfdt) {
      cb.jacobian(t, y, J, dfdt);
    };
  }
  // The GIL is re-acquired inside every callback.
  IvpResult result =
      solve_without_gil(options.solver, [&] { return solve_ivp(system, span_pair, y0, options); });
  // scipy's njev counts calls of jac: none for a constant matrix.
  const std::optional<std::size_t> jac_calls =
      jac.is_none() ? std::nullopt : std::optional<std::size_t>(cb.jac_calls);
  return to_dict(std::move(result), have_events, cb.extra_rhs_evals, jac_calls);
}

}  // namespace

void expose_solve(py::module_& m) {
  py::class_<OdeSolution>(m, "OdeSolution", R"(Continuous solution of solve_ivp(dense_output=True):
one interpolating polynomial per accepted step (order 4 for Rodas5P, 3 for Rodas4).

sol(t) with a scalar t gives the state (n,); with a 1-D array of k times, an (n, k) array.
Outside [t_min, t_max] it extrapolates the first or last step's polynomial.)")
      .def(
          "__call__",
          [](const OdeSolution& s, const py::object& t) -> py::object {
            if (s.segments().empty())
              throw Error(
                  "sol: this OdeSolution has no segments: the solve stopped before its "
                  "first accepted step (see the result's status and message), so there "
                  "is nothing to interpolate",
                  "sol");
            const RealArray a = to_real_array(t, "t", "a real number or a 1-D array");
            if (a.ndim() == 0) return py::cast(s(*a.data()));
            if (a.ndim() != 1) throw ParameterError("t", "must be a real number or a 1-D array");
            return py::cast(s(std::vector<double>(a.data(), a.data() + a.size())));
          },
          py::arg("t"))
      .def_property_readonly("t_min", &OdeSolution::t_min, "Start of the solved interval.")
      .def_property_readonly("t_max", &OdeSolution::t_max,
                             "End of the solved interval (the event time after a terminal event).")
      .def_property_readonly(
          "ts",
          [](const OdeSolution& s) {
            Vector ts(Index(s.segments().size()) + (s.segments().empty() ? 0 : 1));
            for (std::size_t k = 0; k < s.segments().size(); ++k) ts[Index(k)] = s.segments()[k].t0;
            if (!s.segments().empty()) ts[ts.size() - 1] = s.t_max();
            return ts;
          },
          "Segment boundaries, increasing (n_segments + 1 times).")
      .def_property_readonly(
          "n_segments", [](const OdeSolution& s) { return s.segments().size(); },
          "Number of accepted steps kept.")
      .def(
          "_evaluate_segment",
          [](const OdeSolution& s, std::size_t i, const py::object& t) -> py::object {
            if (i >= s.segments().size())
              throw ParameterError("i", "segment " + std::to_string(i) +
                                            " does not exist; there are " +
                                            std::to_string(s.segments().size()));
            const DenseSegment& seg = s.segments()[i];
            const RealArray a = to_real_array(t, "t", "a real number or a 1-D array");
            if (a.ndim() == 0) {
              Vector y(seg.y0.size());
              seg.evaluate(*a.data(), y);
              return py::cast(y);
            }
            if (a.ndim() != 1) throw ParameterError("t", "must be a real number or a 1-D array");
            Matrix y(seg.y0.size(), a.size());
            for (py::ssize_t k = 0; k < a.size(); ++k) seg.evaluate(a.data()[k], y.col(Index(k)));
            return py::cast(y);
          },
          py::arg("i"), py::arg("t"),
          "The polynomial of segment i (one accepted step) at t, extrapolated outside it.")
      .def(py::pickle(
          // The segments as arrays: t0, t1, h (m,); y0, y1 (m, n); K (m, n, 3).
          [](const OdeSolution& s) {
            const auto& segs = s.segments();
            const Index m = Index(segs.size()), n = m ? segs.front().y0.size() : 0;
            Vector t0(m), t1(m), h(m);
            RowMajorMatrix y0(m, n), y1(m, n), K(m, 3 * n);
            for (Index k = 0; k < m; ++k) {
              const DenseSegment& seg = segs[std::size_t(k)];
              t0[k] = seg.t0;
              t1[k] = seg.t1;
              h[k] = seg.h;
              y0.row(k) = seg.y0.transpose();
              y1.row(k) = seg.y1.transpose();
              K.row(k) = Eigen::Map<const Eigen::RowVectorXd>(seg.K.data(), 3 * n);
            }
            return py::make_tuple(1, t0, t1, h, y0, y1, K);
          },
          [](const py::tuple& state) {
            if (state.size() != 7 || state[0].cast<int>() != 1)
              throw ParameterError("state", "is not an OdeSolution state of version 1");
            const Vector t0 = state[1].cast<Vector>(), t1 = state[2].cast<Vector>(),
                         h = state[3].cast<Vector>();
            const Matrix y0 = state[4].cast<Matrix>(), y1 = state[5].cast<Matrix>(),
                         K = state[6].cast<Matrix>();
            std::vector<DenseSegment> segs(std::size_t(t0.size()));
            for (Index k = 0; k < t0.size(); ++k) {
              DenseSegment& seg = segs[std::size_t(k)];
              seg.t0 = t0[k];
              seg.t1 = t1[k];
              seg.h = h[k];
              seg.y0 = y0.row(k).transpose();
              seg.y1 = y1.row(k).transpose();
              const Eigen::RowVectorXd row = K.row(k);
              seg.K = Eigen::Map<const Matrix>(row.data(), y0.cols(), 3);
            }
            return OdeSolution(std::move(segs));
          }));

  m.def(
      "_reject_unknown_keywords",
      [](const py::object& function, const py::dict& unknown,
         const std::vector<std::string>& valid) {
        reject_unknown_keywords(to_str(function, "function"), unknown, valid);
      },
      py::arg("function"), py::arg("unknown"), py::arg("valid"),
      "Raises ArgumentTypeError for the first key of `unknown`, suggesting the closest of "
      "`valid` (used by the Python-level functions that take **kwargs).");
  m.def("_solve_ivp", &solve, py::arg("fun"), py::arg("t_span"), py::arg("y0"), py::arg("method"),
        py::arg("t_eval"), py::arg("dense_output"), py::arg("events"), py::arg("rtol"),
        py::arg("atol"), py::arg("jac"), py::arg("jac_sparsity"), py::arg("first_step"),
        py::arg("max_step"), py::arg("min_step"), py::arg("max_steps"), py::arg("on_failure"),
        "Implementation of myofatigue.solve_ivp (see its docstring); returns a dict of fields.");
}

}  // namespace myofatigue::python
