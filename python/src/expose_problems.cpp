// Bindings of the stiff test problems (include/myofatigue/problems/stiff_test_set.hpp) as the
// submodule `problems`: immutable values with their default span and initial state, rhs and
// analytic Jacobian evaluated in C++. solve_ivp (expose_solve.cpp) solves them natively.
#include <limits>
#include <string>

#include "values.hpp"  // first: the guarded casters of every bound type

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "myofatigue/core/check.hpp"
#include "myofatigue/solvers/system.hpp"
#include "problems.hpp"

namespace py = pybind11;

namespace myofatigue::python {

namespace {

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
      .def_property_readonly_static(
          "name", [](const py::object&) { return std::string(P::name); },
          "The test set's name of the problem.")
      .def_property_readonly(
          "n", [](const P& p) { return n_states(p); }, "Number of states.")
      .def_property_readonly(
          "t_span", [](const P& p) { return py::make_tuple(0.0, p.t_end); },
          "(0, t_end): the span of the reference solution.")
      .def_property_readonly(
          "y0", [](const P& p) { return p.initial_state(); }, "Initial state (a new array).")
      .def(
          "rhs",
          [](const P& p, const py::object& t, const py::object& y_obj) {
            const Vector y = to_vector_1d(y_obj, "y");
            if (y.size() != n_states(p))
              throw ParameterError("y", "has " + std::to_string(y.size()) +
                                            " components, expected " + std::to_string(n_states(p)));
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
                                            " components, expected " + std::to_string(n));
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

void expose_problems(py::module_& m) {
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
      .def("__repr__",
           [](const problems::Rober& p) { return "Rober(t_end=" + format_number(p.t_end) + ")"; });

  bind_problem<problems::Hires>(pm, "Hires", R"(HIRES, "High Irradiance RESponse" of
photomorphogenesis (Schaefer 1975), 8 states. Default t_end = 321.8122.)")
      .def(py::init([](const py::object& t_end) {
             problems::Hires p;
             p.t_end = to_t_end(t_end);
             return p;
           }),
           py::kw_only(), py::arg("t_end") = problems::Hires{}.t_end)
      .def("__repr__",
           [](const problems::Hires& p) { return "Hires(t_end=" + format_number(p.t_end) + ")"; });

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
        return "VdPol(eps=" + format_number(p.eps) + ", t_end=" + format_number(p.t_end) + ")";
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
        return "VdPolM(mu=" + format_number(p.mu) + ", t_end=" + format_number(p.t_end) + ")";
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
        return "ProtheroRobinson(lambda_=" + format_number(p.lambda) +
               ", t_end=" + format_number(p.t_end) + ")";
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
          "sparsity", [](const problems::BlockBordered& p) { return Matrix(p.sparsity()); },
          "Structural pattern of df/dy as a dense (n, n) array of 0/1 (usable as scipy's "
          "jac_sparsity).")
      .def("__repr__", [](const problems::BlockBordered& p) {
        return "BlockBordered(units=" + std::to_string(p.units) +
               ", t_end=" + format_number(p.t_end) + ")";
      });
}

}  // namespace myofatigue::python
