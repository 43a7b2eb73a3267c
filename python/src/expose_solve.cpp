// Bindings of the solver layer: the scipy-shaped solve_ivp (wrapped by
// python/myofatigue/_solve.py), its continuous solution OdeSolution, and the stiff test problems
// as the submodule `problems`.
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

namespace py = pybind11;

namespace myofatigue::python {

namespace {

using RealArray = py::array_t<double, py::array::c_style | py::array::forcecast>;
using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// `obj` as a float64 array, or nullptr when it is not made of real numbers (integers or floats:
/// not None, str, bool, complex or object arrays). Through numpy.asarray, not py::array::ensure:
/// ensure clears whatever the conversion raised, so a KeyboardInterrupt raised mid-conversion
/// (Ctrl-C while NumPy converts what a callback returned, or an __array__ that raises) became
/// "returned something that is not an array" and the interrupt was lost. Only NumPy's own
/// refusals (ValueError, TypeError) mean "not real numbers"; anything else propagates.
RealArray as_real_array(py::handle obj) {
  py::array raw;
  try {
    raw = py::module_::import("numpy").attr("asarray")(obj);
  } catch (py::error_already_set& e) {
    if (!e.matches(PyExc_ValueError) && !e.matches(PyExc_TypeError)) throw;
    return py::reinterpret_steal<RealArray>(py::handle());
  }
  const char kind = raw.dtype().kind();
  if (kind != 'f' && kind != 'i' && kind != 'u')
    return py::reinterpret_steal<RealArray>(py::handle());  // null, as RealArray::ensure fails
  return RealArray::ensure(raw);
}

/// `obj` (an argument) as a float64 array. \throws ArgumentTypeError naming `field`.
RealArray to_real_array(py::handle obj, const std::string& field, const char* expected) {
  RealArray a = as_real_array(obj);
  if (!a) wrong_type(field, expected, obj);
  return a;
}

/// What the callback `field` returned as a float64 array. \throws ArgumentTypeError naming the
/// callback and what it returned.
RealArray returned_reals(const py::object& out, const std::string& field,
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
    throw ParameterError(field, "must be a real number, got an array of size " +
                                    std::to_string(a.size()));
  return *a.data();
}

/// A 1-D array as a Vector. \throws ParameterError(field) unless `obj` is 1-D and real.
Vector to_vector_1d(py::handle obj, const std::string& field) {
  RealArray a = to_real_array(obj, field, "a 1-D array of real numbers");
  if (a.ndim() != 1)
    throw ParameterError(field, "must be 1-dimensional, got " + std::to_string(a.ndim()) +
                                    " dimensions");
  return Eigen::Map<const Vector>(a.data(), a.shape(0));
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
    RealArray a = returned_reals(out, "fun", "dy/dt: an array of " + std::to_string(n) +
                                                 " real numbers");
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
    const double t_pert = t + std::sqrt(std::numeric_limits<double>::epsilon() *
                                        std::max(1e-5, std::abs(t)));
    Vector f1(n);
    rhs(t_pert, y, f1);
    ++extra_rhs_evals;
    dfdt = (f1 - f0) / (t_pert - t);
  }

  /// An n x n matrix from an array-like or a scipy.sparse matrix (densified): the argument
  /// `field`, or what the callback `field` returned.
  static Matrix to_jacobian(py::object obj, Index n, const std::string& field, bool returned) {
    if (py::hasattr(obj, "toarray")) obj = obj.attr("toarray")();
    const std::string expected = "an (" + std::to_string(n) + ", " + std::to_string(n) +
                                 ") array of real numbers";
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
IvpOptions to_options(Index n, const py::object& method, const py::object& t_eval,
                      bool dense_output, const py::object& rtol, const py::object& atol,
                      const py::object& jac_sparsity, const py::object& first_step,
                      const py::object& max_step, const py::object& min_step,
                      const py::object& max_steps, const py::object& on_failure_obj) {
  IvpOptions o;
  o.solver.method = parse_method(
      to_str(method, "method", "a method name: 'Rodas5P', 'Rodas4' or 'Rosenbrock23'"));
  const RealArray rtol_array = to_real_array(rtol, "rtol", "a real number or a 1-D array");
  if (rtol_array.ndim() == 0) {
    o.solver.rtol = *rtol_array.data();
  } else if (rtol_array.ndim() == 1) {
    o.solver.rtol_vector = Eigen::Map<const Vector>(rtol_array.data(), rtol_array.shape(0));
  } else {
    throw ParameterError("rtol", "must be a real number or a 1-D array of size " +
                                     std::to_string(n));
  }
  const RealArray atol_array = to_real_array(atol, "atol", "a real number or a 1-D array");
  if (atol_array.ndim() == 0) {
    o.solver.atol = *atol_array.data();
  } else if (atol_array.ndim() == 1) {
    o.solver.atol_vector = Eigen::Map<const Vector>(atol_array.data(), atol_array.shape(0));
  } else {
    throw ParameterError("atol", "must be a real number or a 1-D array of size " +
                                     std::to_string(n));
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
  o.solver.max_steps = std::size_t(to_int(max_steps, "max_steps", 1,
                                          std::numeric_limits<std::int64_t>::max(), "an int >= 1"));
  const std::string on_failure = to_str(on_failure_obj, "on_failure", "'return' or 'raise'");
  if (on_failure == "return")
    o.solver.on_failure = OnFailure::ReturnPartial;
  else if (on_failure == "raise")
    o.solver.on_failure = OnFailure::Raise;
  else
    throw ParameterError("on_failure",
                         "'" + on_failure + "' is not valid; valid: 'return', 'raise'");
  o.solver.validate(n);  // every remaining range (rtol, atol, max_step), before the GIL goes
  return o;
}

// ---------------------------------------------------------------------------------------------
// The C++ problems.

template <class... P>
struct TypeList {};
using Problems = TypeList<problems::Rober, problems::Hires, problems::VdPol, problems::VdPolM,
                          problems::ProtheroRobinson, problems::BlockBordered>;

template <class P>
Index n_states(const P& p) {
  if constexpr (requires { p.n_states(); })
    return p.n_states();
  else
    return P::size;
}

template <class P>
IvpResult solve_problem(const P& problem, std::pair<double, double> t_span, const Vector& y0,
                        IvpOptions& options) {
  if (y0.size() != n_states(problem))
    throw ParameterError("y0", "has " + std::to_string(y0.size()) + " components but " +
                                   std::string(P::name) + " has " +
                                   std::to_string(n_states(problem)) + " states");
  // problem (kept alive by the caller's reference), span, y0 and options are C++ values.
  return solve_without_gil(options.solver,
                           [&] { return solve_ivp(problem, t_span, y0, options); });
}

/// Solves when `fun` is one of the bound problems; nullopt otherwise.
template <class... P>
std::optional<IvpResult> try_solve_problem(TypeList<P...>, py::handle fun,
                                           std::pair<double, double> t_span, const Vector& y0,
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
py::dict to_dict(IvpResult&& r, bool have_events, std::size_t extra_rhs_evals,
                 std::optional<std::size_t> jac_calls) {
  r.stats.rhs_evals += extra_rhs_evals;
  py::dict d;
  d["t"] = py::cast(std::move(r.t));
  d["y"] = py::cast(std::move(r.y));
  d["sol"] = r.sol ? py::cast(std::move(*r.sol)) : py::none();
  if (have_events) {
    py::list t_events, y_events;
    for (std::size_t k = 0; k < r.t_events.size(); ++k) {
      t_events.append(py::cast(Vector(Eigen::Map<const Vector>(
          r.t_events[k].data(), Index(r.t_events[k].size())))));
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

py::dict solve(const py::object& fun, const py::object& t_span, const py::object& y0_obj,
               const py::object& method, const py::object& t_eval, bool dense_output,
               const py::object& events_obj, const py::object& rtol, const py::object& atol,
               const py::object& jac, const py::object& jac_sparsity,
               const py::object& first_step, const py::object& max_step,
               const py::object& min_step, const py::object& max_steps,
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
      throw ParameterError("jac", "must be None for a problem from myofatigue.problems (it "
                                  "brings its analytic Jacobian)");
    if (!jac_sparsity.is_none())
      throw ParameterError("jac_sparsity", "must be None for a problem from "
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
    if (PyCallable_Check(jac.ptr()))
      cb.jac = jac;
    else
      cb.jac_matrix = Callbacks::to_jacobian(jac, n, "jac", false);
    system.jac = [&cb](double t, const Vector& y, Matrix& J, Vector& dfdt) {
      cb.jacobian(t, y, J, dfdt);
    };
  }
  // The GIL is re-acquired inside every callback.
  IvpResult result = solve_without_gil(options.solver,
                                       [&] { return solve_ivp(system, span_pair, y0, options); });
  // scipy's njev counts calls of jac: none for a constant matrix.
  const std::optional<std::size_t> jac_calls =
      jac.is_none() ? std::nullopt : std::optional<std::size_t>(cb.jac_calls);
  return to_dict(std::move(result), have_events, cb.extra_rhs_evals, jac_calls);
}

// ---------------------------------------------------------------------------------------------
// Problem bindings: immutable values with their default span and initial state.

/// A float as Python writes it (shortest round-trip form), for __repr__.
std::string fmt(double v) { return std::string(py::repr(py::float_(v))); }

/// A problem's t_end argument. \throws ArgumentTypeError, or ParameterError outside (0, inf).
double to_t_end(const py::object& obj) {
  const double t_end = to_real(obj, "t_end", "a final time > 0");
  detail::check_range("t_end", t_end, 0.0, std::numeric_limits<double>::infinity(), "", true, true);
  return t_end;
}

/// A problem's positive parameter `field`. \throws ArgumentTypeError, or ParameterError <= 0.
double to_positive(const py::object& obj, const char* field) {
  const double v = to_real(obj, field, "a real number > 0");
  detail::check_range(field, v, 0.0, std::numeric_limits<double>::infinity(), "", true, true);
  return v;
}

template <class P>
py::class_<P> bind_problem(py::module_& pm, const char* py_name, const char* doc) {
  // Final: a Python subclass overriding rhs would be silently ignored by the C++ solve.
  py::class_<P> c(pm, py_name, doc, py::is_final());
  c.def_readonly("t_end", &P::t_end, "Final time of the test set's reference solution.")
      .def_property_readonly_static("name", [](const py::object&) { return std::string(P::name); },
                                    "The test set's name of the problem.")
      .def_property_readonly("n", [](const P& p) { return n_states(p); }, "Number of states.")
      .def_property_readonly("t_span", [](const P& p) { return py::make_tuple(0.0, p.t_end); },
                             "(0, t_end): the span of the reference solution.")
      .def_property_readonly("y0", [](const P& p) { return p.initial_state(); },
                             "Initial state (a new array).")
      .def(
          "rhs",
          [](const P& p, const py::object& t, const py::object& y_obj) {
            const Vector y = to_vector_1d(y_obj, "y");
            if (y.size() != n_states(p))
              throw ParameterError("y", "has " + std::to_string(y.size()) +
                                            " components, expected " +
                                            std::to_string(n_states(p)));
            Vector f(y.size());
            p.rhs(to_real(t, "t"), y, f);
            return f;
          },
          py::arg("t"), py::arg("y"), "dy/dt at (t, y), evaluated in C++ (a new array).")
      .def(
          "jacobian",
          [](const P& p, const py::object& t_obj, const py::object& y_obj) {
            const double t = to_real(t_obj, "t");
            const Vector y = to_vector_1d(y_obj, "y");
            const Index n = n_states(p);
            if (y.size() != n)
              throw ParameterError("y", "has " + std::to_string(y.size()) +
                                            " components, expected " +
                                            std::to_string(n));
            Vector dfdt(n);
            if constexpr (DenseJacobianSystem<P>) {
              Matrix J(n, n);
              p.jacobian(t, y, J, dfdt);
              return J;
            } else {
              SparseMatrix J;
              p.jacobian(t, y, J, dfdt);
              return Matrix(J);
            }
          },
          py::arg("t"), py::arg("y"),
          "Analytic df/dy at (t, y) as a dense (n, n) array (usable as scipy's jac).");
  return c;
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
              throw Error("sol: this OdeSolution has no segments: the solve stopped before its "
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
      .def_property_readonly("n_segments", [](const OdeSolution& s) { return s.segments().size(); },
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

  // ----------------------------------------------------------------------------- problems
  py::module_ pm = m.def_submodule("problems", R"(Stiff test problems defined in C++.

From the "Test Set for IVP Solvers" (F. Mazzia, C. Magherini et al., University of Bari,
https://archimede.uniba.it/~testset/): Rober, Hires, VdPol, VdPolM; and two synthetic problems:
ProtheroRobinson (known exact solution) and BlockBordered (a motor-unit-pool-shaped sparse system).

Pass one as `fun` to myofatigue.solve_ivp: it is then solved entirely in C++ with its analytic
Jacobian and the GIL released. Each is an immutable value with t_span, y0, n, rhs(t, y) and
jacobian(t, y).)");

  bind_problem<problems::Rober>(pm, "Rober", R"(Robertson's chemical kinetics (3 species;
k1 = 0.04, k2 = 3e7, k3 = 1e4). Default t_end = 1e11; y0 = (1, 0, 0).)")
      .def(py::init([](const py::object& t_end) {
             problems::Rober p;
             p.t_end = to_t_end(t_end);
             return p;
           }),
           py::kw_only(), py::arg("t_end") = problems::Rober{}.t_end)
      .def("__repr__", [](const problems::Rober& p) {
        return "Rober(t_end=" + fmt(p.t_end) + ")";
      });

  bind_problem<problems::Hires>(pm, "Hires", R"(HIRES, "High Irradiance RESponse" of
photomorphogenesis (Schaefer 1975), 8 states. Default t_end = 321.8122.)")
      .def(py::init([](const py::object& t_end) {
             problems::Hires p;
             p.t_end = to_t_end(t_end);
             return p;
           }),
           py::kw_only(), py::arg("t_end") = problems::Hires{}.t_end)
      .def("__repr__", [](const problems::Hires& p) {
        return "Hires(t_end=" + fmt(p.t_end) + ")";
      });

  bind_problem<problems::VdPol>(pm, "VdPol", R"(Van der Pol oscillator, scaled form
y1' = y2, y2' = ((1 - y1^2) y2 - y1) / eps. Defaults eps = 1e-6, t_end = 2; y0 = (2, 0).)")
      .def(py::init([](const py::object& eps, const py::object& t_end) {
             problems::VdPol p;
             p.eps = to_positive(eps, "eps");
             p.t_end = to_t_end(t_end);
             return p;
           }),
           py::kw_only(), py::arg("eps") = problems::VdPol{}.eps,
           py::arg("t_end") = problems::VdPol{}.t_end)
      .def_readonly("eps", &problems::VdPol::eps, "Stiffness parameter (dimensionless), > 0.")
      .def("__repr__", [](const problems::VdPol& p) {
        return "VdPol(eps=" + fmt(p.eps) + ", t_end=" +
               fmt(p.t_end) + ")";
      });

  bind_problem<problems::VdPolM>(pm, "VdPolM", R"(Van der Pol oscillator, unscaled form
y1' = y2, y2' = mu (1 - y1^2) y2 - y1. Defaults mu = 1000, t_end = 2000; y0 = (2, 0).)")
      .def(py::init([](const py::object& mu, const py::object& t_end) {
             problems::VdPolM p;
             p.mu = to_positive(mu, "mu");
             p.t_end = to_t_end(t_end);
             return p;
           }),
           py::kw_only(), py::arg("mu") = problems::VdPolM{}.mu,
           py::arg("t_end") = problems::VdPolM{}.t_end)
      .def_readonly("mu", &problems::VdPolM::mu, "Damping parameter (dimensionless), > 0.")
      .def("__repr__", [](const problems::VdPolM& p) {
        return "VdPolM(mu=" + fmt(p.mu) + ", t_end=" +
               fmt(p.t_end) + ")";
      });

  bind_problem<problems::ProtheroRobinson>(pm, "ProtheroRobinson", R"(Non-autonomous problem with
a known solution (Prothero & Robinson 1974): y1' = lambda (y1 - phi(t)) + phi'(t), phi = sin t +
cos t, and y2' = -2 t y2^2. Exact: y1 = phi(t), y2 = 1 / (1 + t^2). Defaults lambda_ = -10,
t_end = 2.)")
      .def(py::init([](const py::object& lambda_obj, const py::object& t_end) {
             const double lambda = to_real(lambda_obj, "lambda_", "a real number [1/time]");
             detail::check_range("lambda_", lambda, -std::numeric_limits<double>::max(),
                                 std::numeric_limits<double>::max());
             problems::ProtheroRobinson p;
             p.lambda = lambda;
             p.t_end = to_t_end(t_end);
             return p;
           }),
           py::kw_only(), py::arg("lambda_") = problems::ProtheroRobinson{}.lambda,
           py::arg("t_end") = problems::ProtheroRobinson{}.t_end)
      .def_readonly("lambda_", &problems::ProtheroRobinson::lambda,
                    "Stiffness rate lambda [1/time] (C++: lambda).")
      .def_static("exact", &problems::ProtheroRobinson::exact, py::arg("t"),
                  "Exact solution at time t: (sin t + cos t, 1 / (1 + t^2)).")
      .def("__repr__", [](const problems::ProtheroRobinson& p) {
        return "ProtheroRobinson(lambda_=" + fmt(p.lambda) + ", t_end=" +
               fmt(p.t_end) + ")";
      });

  bind_problem<problems::BlockBordered>(pm, "BlockBordered", R"(Synthetic block-bordered system
shaped like a motor-unit pool: `units` independent 3-state blocks (fast rates 10..1e4 1/time)
coupled only through 2 shared states (drive, metabolite); n = 3 units + 2. Stiff and
non-autonomous. Defaults units = 10, t_end = 10. From 100 states on, solve_ivp uses a sparse LU.)")
      .def(py::init([](const py::object& units, const py::object& t_end) {
             problems::BlockBordered p;
             p.units = Index(to_int(units, "units", 1, 1'000'000, "an int in [1, 1000000]"));
             p.t_end = to_t_end(t_end);
             return p;
           }),
           py::kw_only(), py::arg("units") = problems::BlockBordered{}.units,
           py::arg("t_end") = problems::BlockBordered{}.t_end)
      .def_readonly("units", &problems::BlockBordered::units, "Number of 3-state blocks.")
      .def(
          "sparsity",
          [](const problems::BlockBordered& p) { return Matrix(p.sparsity()); },
          "Structural pattern of df/dy as a dense (n, n) array of 0/1 (usable as scipy's "
          "jac_sparsity).")
      .def("__repr__", [](const problems::BlockBordered& p) {
        return "BlockBordered(units=" + std::to_string(p.units) + ", t_end=" +
               fmt(p.t_end) + ")";
      });
}

}  // namespace myofatigue::python
