// Bindings of simulation/sensitivities.hpp for myofatigue/_sensitivities.py: private functions
// (_sensitivities, _endurance_time_gradient) returning NumPy arrays; users call
// myofatigue.sensitivities() and myofatigue.endurance_time(..., gradient=[...]).
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "bound_types.hpp"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "convert.hpp"
#include "interrupt.hpp"
#include "myofatigue/simulation/sensitivities.hpp"

namespace py = pybind11;

namespace myofatigue::python {

namespace {

std::vector<std::string> key_list(const py::object& obj, const std::string& field) {
  std::vector<std::string> out;
  if (obj.is_none()) return out;
  if (is_str(obj)) return {to_str(obj, field)};
  if (!py::isinstance<py::iterable>(obj)) wrong_type(field, "a list of str", obj);
  std::size_t i = 0;
  for (auto item : obj)
    out.push_back(to_str(item, field + "[" + std::to_string(i++) + "]", "a str"));
  return out;
}

// The solver options both functions take (a subset of simulate()'s).
SimulationOptions options_of(const py::object& rtol,
                             const py::object& atol,
                             const py::object& max_task_duration_s,
                             const py::object& max_steps,
                             const py::object& max_step,
                             const py::object& on_failure) {
  SimulationOptions o;
  o.solver.rtol = to_real(rtol, "rtol", "a real number in (2.2e-14, 1)");
  o.solver.atol = to_real(atol, "atol", "a real number >= 0");
  o.max_task_duration_s = to_real(max_task_duration_s, "max_task_duration_s", "a duration [s] > 0");
  o.solver.max_steps = std::size_t(
      to_int(max_steps, "max_steps", 1, std::numeric_limits<std::int64_t>::max(), "an int >= 1"));
  o.solver.max_step = to_real(max_step, "max_step", "a step size [s] > 0");
  const std::string f = to_str(on_failure, "on_failure", "'return' or 'raise'");
  if (f == "return") o.solver.on_failure = OnFailure::ReturnPartial;
  else if (f == "raise") o.solver.on_failure = OnFailure::Raise;
  else throw ParameterError("on_failure", "'" + f + "' is not valid; valid: 'return', 'raise'");
  return o;
}

py::array_t<double> array_of(const Matrix& m) {
  py::array_t<double> a({m.rows(), m.cols()});
  auto r = a.mutable_unchecked<2>();
  for (Index i = 0; i < m.rows(); ++i)
    for (Index j = 0; j < m.cols(); ++j) r(i, j) = m(i, j);
  return a;
}

}  // namespace

void expose_sensitivities(py::module_& m) {
  m.def(
      "_sensitivities",
      [](const py::object& model_obj, const py::object& protocol_obj, const py::object& params,
         const py::object& variables, const py::object& t_eval, const py::object& rtol,
         const py::object& atol, const py::object& max_task_duration_s, const py::object& max_steps,
         const py::object& max_step, const py::object& on_failure) {
        const Model& model = to_instance<Model>(model_obj, "model", "a Model");
        const Protocol& protocol = to_instance<Protocol>(protocol_obj, "protocol", "a Protocol");
        SensitivityOptions so;
        so.parameters = key_list(params, "params");
        so.variables = key_list(variables, "variables");
        if (!t_eval.is_none()) {
          const auto a =
              py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(t_eval);
          if (!a || a.ndim() != 1) wrong_type("t_eval", "a 1-D array of times [s]", t_eval);
          so.t_eval.assign(a.data(), a.data() + a.size());
        }
        so.simulation =
            options_of(rtol, atol, max_task_duration_s, max_steps, max_step, on_failure);
        const Sensitivities s = solve_without_gil(
            so.simulation.solver, [&] { return sensitivities(model, protocol, so); });
        py::dict d;
        d["parameters"] = s.parameters;
        d["variables"] = s.variables;
        py::array_t<double> t(py::ssize_t(s.t.size()));
        for (Index k = 0; k < s.t.size(); ++k) t.mutable_at(k) = s.t[k];
        d["t"] = t;
        d["values"] = array_of(s.values);
        d["data"] = array_of(s.data);
        d["step_end"] = array_of(s.step_end);
        d["mvc"] = array_of(s.mvc);
        py::list steps;
        for (const auto& r : s.steps) {
          py::dict st;
          st["label"] = r.label;
          st["start_s"] = r.start_s;
          st["end_s"] = r.end_s;
          st["end_reason"] = std::string(to_string(r.end_reason));
          st["mvc_fraction"] = r.mvc_fraction;
          steps.append(st);
        }
        d["steps"] = steps;
        d["status"] = std::string(to_string(s.status));
        d["message"] = s.message;
        return d;
      },
      py::arg("model"), py::arg("protocol"), py::arg("params"), py::arg("variables") = py::none(),
      py::arg("t_eval") = py::none(), py::arg("rtol") = 1e-6, py::arg("atol") = 1e-9,
      py::arg("max_task_duration_s") = 4 * 3600.0, py::arg("max_steps") = std::int64_t(1'000'000),
      py::arg("max_step") = std::numeric_limits<double>::infinity(),
      py::arg("on_failure") = "return",
      "Forward sensitivities of a protocol run (see myofatigue.sensitivities()); a dict of "
      "arrays.");

  m.def(
      "_endurance_time_gradient",
      [](const py::object& model_obj, const py::object& load_obj, const py::object& params,
         const py::object& rtol, const py::object& atol, const py::object& max_task_duration_s,
         const py::object& max_steps, const py::object& max_step) {
        const Model& model = to_instance<Model>(model_obj, "model", "a Model");
        const double load = to_real(load_obj, "load_fraction", "a load fraction in (0, 1]");
        const std::vector<std::string> keys = key_list(params, "gradient");
        SimulationOptions o =
            options_of(rtol, atol, max_task_duration_s, max_steps, max_step, py::str("return"));
        const EnduranceGradient g = solve_without_gil(
            o.solver, [&] { return endurance_time_gradient(model, load, keys, o); });
        py::array_t<double> grad(py::ssize_t(g.gradient.size()));
        for (Index j = 0; j < g.gradient.size(); ++j) grad.mutable_at(j) = g.gradient[j];
        return py::make_tuple(g.endurance_time_s, grad);
      },
      py::arg("model"), py::arg("load_fraction"), py::arg("params"), py::arg("rtol") = 1e-6,
      py::arg("atol") = 1e-9, py::arg("max_task_duration_s") = 4 * 3600.0,
      py::arg("max_steps") = std::int64_t(1'000'000),
      py::arg("max_step") = std::numeric_limits<double>::infinity(),
      "Endurance time and dET/dp (see myofatigue.endurance_time(gradient=...)); (ET, array).");
}

}  // namespace myofatigue::python
