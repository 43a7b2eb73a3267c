// Bindings of Result (what simulate() returns) and StepRange. Result arrays are read-only NumPy
// views whose base is the Python Result object, so they share its memory and keep it alive (no
// copy, no dangling pointer).
#include <string>
#include <vector>

#include "values.hpp"  // first: the guarded casters of every bound type

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "myofatigue/simulation/result.hpp"

namespace py = pybind11;

namespace myofatigue::python {

namespace {

py::dict stats_dict(const SolverStats& s) {
  py::dict d;
  d["steps"] = s.steps;
  d["rejected"] = s.rejected;
  d["rhs_evals"] = s.rhs_evals;
  d["jacobian_evals"] = s.jacobian_evals;
  d["factorizations"] = s.factorizations;
  d["linear_solves"] = s.linear_solves;
  d["switches"] = s.switches;
  d["wall_s"] = s.wall_s;
  return d;
}

}  // namespace

void expose_result(py::module_& m) {
  // ----------------------------------------------------------------------------- Result
  py::class_<StepRange>(m, "StepRange", "One protocol step in a Result (read-only).")
      .def_readonly("label", &StepRange::label, "The step's text.")
      .def_readonly("start_s", &StepRange::start_s, "Start time [s].")
      .def_readonly("end_s", &StepRange::end_s, "End time [s].")
      .def_readonly("first_sample", &StepRange::first_sample,
                    "Index into Result.t of the step's first sample.")
      .def_readonly("last_sample", &StepRange::last_sample,
                    "Index into Result.t of the step's last sample (inclusive).")
      .def_property_readonly(
          "end_reason", [](const StepRange& s) { return std::string(to_string(s.end_reason)); },
          "Why it ended: 'duration', 'task_failure', 'max_duration', 'instant', "
          "'solver_failure' or 'not_reached'.")
      .def_readonly("mvc_fraction", &StepRange::mvc_fraction,
                    "Capacity (fraction of fresh MVC) measured by an 'MVC test' step, else NaN.")
      .def("__repr__", [](const StepRange& s) {
        return "StepRange(label='" + s.label + "', start_s=" + format_number(s.start_s) +
               ", end_s=" + format_number(s.end_s) + ", end_reason='" +
               std::string(to_string(s.end_reason)) + "')";
      });

  py::class_<Result> result_cls(m, "Result",
                                R"(The value returned by simulate(): sample times, every state,
observable and protocol signal by key, per-step ranges, status, failure record, statistics and
citations. Arrays are read-only NumPy views into this object (no copy); they keep it alive.
Picklable; == compares every field (NaN equal to NaN).)");
  result_cls
      .def_property_readonly(
          "t",
          [](const py::object& self) {
            const auto& r = self.cast<const Result&>();
            return readonly_view(r.t().data(), py::ssize_t(r.t().size()), self);
          },
          "Sample times [s] (read-only view, shape (n_samples,)).")
      .def(
          "__getitem__",
          [](const py::object& self, const py::object& key_obj) {
            const auto& r = self.cast<const Result&>();
            const std::string key =
                to_str(key_obj, "key", "a variable name (str), e.g. \"fatigue.MF\"");
            std::vector<std::string> names;
            bool per_unit = false;
            for (std::size_t row = 0; row < r.variables().size(); ++row) {
              if (r.variables()[row].name == key)
                return py::object(readonly_view(r.data().row(Index(row)).data(),
                                                py::ssize_t(r.data().cols()), self));
              const auto [base, u] = detail::split_unit_key(r.variables()[row].name);
              per_unit |= u >= 0 && base == key;
              names.push_back(r.variables()[row].name);
              if (u == 0) names.emplace_back(base);
            }
            if (per_unit) {
              // (n_samples, n_units): column u is unit u's samples, a strided view of data.
              const Result::UnitBlock block = r.units_of(key);
              py::array a(py::dtype::of<double>(),
                          {py::ssize_t(block.rows()), py::ssize_t(block.cols())},
                          {py::ssize_t(sizeof(double)),
                           py::ssize_t(sizeof(double)) * py::ssize_t(block.outerStride())},
                          block.data(), self);
              a.attr("flags").attr("writeable") = false;
              return py::object(a);
            }
            throw UnknownVariable(
                key, "is not a variable of this result" + detail::suggestion(key, names));
          },
          py::arg("key"),
          "Samples of a variable (state, observable or signal) by key, e.g. "
          "result[\"fatigue.MF\"]: a read-only view of shape (n_samples,). A per-unit variable of "
          "a "
          "replicated component by its key without the unit, e.g. result[\"pool.P\"]: shape "
          "(n_samples, n_units); result[\"pool.P[3]\"] is unit 3 alone.\n\nRaises "
          "UnknownVariableError (a KeyError and a ParameterError/ValueError) suggesting the "
          "closest keys.")
      .def(
          "__contains__",
          [](const Result& r, const py::object& key) {
            if (!is_str(key)) return false;
            const std::string name = to_str(key, "key");
            for (const auto& v : r.variables())
              if (v.name == name || detail::split_unit_key(v.name).first == name) return true;
            return false;
          },
          py::arg("key"))
      .def_property_readonly(
          "data",
          [](const py::object& self) {
            const auto& r = self.cast<const Result&>();
            const auto& d = r.data();
            py::array a(
                py::dtype::of<double>(), {py::ssize_t(d.rows()), py::ssize_t(d.cols())},
                {py::ssize_t(sizeof(double)) * py::ssize_t(d.cols()), py::ssize_t(sizeof(double))},
                d.data(), self);
            a.attr("flags").attr("writeable") = false;
            return a;
          },
          "All samples, one row per variable (variables order), one column per time "
          "(read-only view).")
      .def_property_readonly(
          "variables",
          [](const Result& r) {
            std::vector<std::string> v;
            for (const auto& x : r.variables()) v.push_back(x.name);
            return v;
          },
          "Keys of every variable: states, then observables, then per-unit observables, then "
          "signals; a unit of a replicated component is 'pool.P[17]'.")
      .def_property_readonly(
          "units",
          [](const Result& r) {
            py::dict d;
            for (const auto& x : r.variables()) d[py::str(x.name)] = x.unit;
            return d;
          },
          "Unit of every variable, dict {key: unit} ('1' = dimensionless fraction).")
      .def_property_readonly("steps", &Result::steps, "One StepRange per protocol step.")
      .def_property_readonly(
          "status", [](const Result& r) { return std::string(to_string(r.status())); },
          "'Completed', or the solver failure: 'StepSizeTooSmall', 'MaxStepsReached', "
          "'NonFiniteState', 'SingularJacobian'.")
      .def_property_readonly("ok", &Result::ok, "True when the whole protocol was simulated.")
      .def_property_readonly("message", &Result::message, "What happened, in words.")
      .def_property_readonly(
          "failure",
          [](const Result& r) -> py::object {
            if (!r.failure()) return py::none();
            const Failure& f = *r.failure();
            py::object ns = py::module_::import("types").attr("SimpleNamespace");
            return ns(py::arg("t_s") = f.t_s, py::arg("step_s") = f.step_s,
                      py::arg("state") = copy_vector(f.state), py::arg("message") = f.message);
          },
          "None, or the failure record: t_s (last accepted time [s]), step_s (the step size that "
          "failed [s]), state (last accepted state, state_keys order), message.")
      .def_property_readonly(
          "stats", [](const Result& r) { return stats_dict(r.stats()); },
          "Solver work counters summed over the run: dict with steps, rejected, rhs_evals, "
          "jacobian_evals, factorizations, linear_solves, switches (restarts where a "
          "switching function of a piecewise component changed sign) and wall_s [s].")
      .def_property_readonly("citations", &Result::citations,
                             "Citation keys (docs/references.bib) of what this run used.")
      .def("__repr__", [](const Result& r) {
        return "Result(status='" + std::string(to_string(r.status())) +
               "', n_samples=" + std::to_string(r.t().size()) +
               ", t_end_s=" + format_number(r.t().size() ? r.t()[r.t().size() - 1] : 0.0) +
               ", steps=" + std::to_string(r.steps().size()) + ")";
      });

  result_cls
      .def(
          "__eq__",
          [](const Result& a, const py::object& other) { return equal_to(a, other, &same_result); },
          py::arg("other"),
          "Equal results: every array element by element (NaN equal to NaN), every step, status, "
          "message, statistic and citation.")
      .def(py::pickle(&result_state, [](const py::dict& d) { return result_from_state(d); }),
           "Pickle support: the state is plain data with copies of the arrays, version 1.");
}

}  // namespace myofatigue::python
