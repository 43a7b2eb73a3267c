// Bindings of simulate() and endurance_time(). Every argument is converted to a C++ value
// (values.hpp, options.hpp: errors name the argument) before the GIL is released around the
// solve; Ctrl-C stops a solve started on the main thread (interrupt.hpp). C++ exceptions are
// translated by expose_errors.cpp.
#include <string>

#include "values.hpp"  // first: the guarded casters of every bound type

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "interrupt.hpp"
#include "myofatigue/simulation/simulate.hpp"
#include "options.hpp"

namespace py = pybind11;

namespace myofatigue::python {

namespace {

constexpr const char* model_accepts =
    "a Model (from build_model() or a function of myofatigue.models)";

}  // namespace

void expose_simulate(py::module_& m) {
  m.def("_simulation_option_defaults", &option_defaults,
        "{option name: default} of the solver options of simulate(), endurance_time() and the "
        "sweeps, read from the C++ SimulationOptions{} (private: the sweeps' fingerprint).");
  m.def(
      "simulate",
      [](const py::object& model_obj, const py::object& protocol_obj, const py::object& rtol,
         const py::object& atol, const py::object& method, const py::object& max_task_duration_s,
         const py::object& on_failure, const py::object& max_steps, const py::object& max_step,
         const py::object& first_step, const py::object& max_phases,
         const py::object& linear_solver, const py::kwargs& unknown) {
        reject_unknown_keywords(
            "simulate", unknown,
            {"model", "protocol", "rtol", "atol", "method", "max_task_duration_s", "on_failure",
             "max_steps", "max_step", "first_step", "max_phases", "linear_solver"});
        const Model& model = to_instance<Model>(model_obj, "model", model_accepts);
        const Protocol protocol = to_protocol(protocol_obj, "protocol");
        SimulationOptions o = to_simulation_options(
            py::dict(py::arg("rtol") = rtol, py::arg("atol") = atol, py::arg("method") = method,
                     py::arg("max_task_duration_s") = max_task_duration_s,
                     py::arg("on_failure") = on_failure, py::arg("max_steps") = max_steps,
                     py::arg("max_step") = max_step, py::arg("first_step") = first_step,
                     py::arg("max_phases") = max_phases, py::arg("linear_solver") = linear_solver));
        // model (kept alive by the caller's reference), protocol and options are C++ values.
        return solve_without_gil(o.solver, [&] { return simulate(model, protocol, o); });
      },
      py::arg("model"), py::arg("protocol"), py::kw_only(), option_arg("rtol"), option_arg("atol"),
      option_arg("method"), option_arg("max_task_duration_s"), option_arg("on_failure"),
      option_arg("max_steps"), option_arg("max_step"), option_arg("first_step"),
      option_arg("max_phases"), option_arg("linear_solver"),
      (std::string(R"(Runs a protocol on a model from its rested initial state.

The GIL is released during the solve, so other Python threads keep running. Ctrl-C (SIGINT)
stops a solve started on the main thread within about 15 ms and raises KeyboardInterrupt.

Args:
    model: a Model.
    protocol: a Protocol (or a list of step strings).)") +
       options_doc + R"(
    on_failure: "return" (default): a numerical failure gives a Result with ok == False, the
        partial trajectory and result.failure; "raise": raise SolverError instead.

Returns:
    Result.

Raises:
    ParameterError (ValueError): an option outside its allowed range (naming it).
    ArgumentTypeError (TypeError and ParameterError): an argument of the wrong type (rtol="a",
        max_steps=1.5) or an unknown keyword, naming it.
    ProtocolError (ValueError): an invalid step or an intervention the model cannot honour
        (naming the step).
    ModelError (ValueError): task failure asked of a model without a capacity observable.
    SolverError: a numerical failure when on_failure="raise".)")
          .c_str());

  m.def(
      "endurance_time",
      [](const py::object& model_obj, const py::object& load_fraction_obj, const py::object& rtol,
         const py::object& atol, const py::object& method, const py::object& max_task_duration_s,
         const py::object& max_steps, const py::object& max_step, const py::object& first_step,
         const py::object& max_phases, const py::object& linear_solver, const py::kwargs& unknown) {
        reject_unknown_keywords(
            "endurance_time", unknown,
            {"model", "load_fraction", "rtol", "atol", "method", "max_task_duration_s", "max_steps",
             "max_step", "first_step", "max_phases", "linear_solver"});
        const Model& model = to_instance<Model>(model_obj, "model", model_accepts);
        const double load_fraction = to_real(load_fraction_obj, "load_fraction", load_accepts);
        SimulationOptions o = to_simulation_options(py::dict(
            py::arg("rtol") = rtol, py::arg("atol") = atol, py::arg("method") = method,
            py::arg("max_task_duration_s") = max_task_duration_s, py::arg("max_steps") = max_steps,
            py::arg("max_step") = max_step, py::arg("first_step") = first_step,
            py::arg("max_phases") = max_phases, py::arg("linear_solver") = linear_solver));
        return solve_without_gil(o.solver, [&] { return endurance_time(model, load_fraction, o); });
      },
      py::arg("model"), py::arg("load_fraction"), py::kw_only(), option_arg("rtol"),
      option_arg("atol"), option_arg("method"), option_arg("max_task_duration_s"),
      option_arg("max_steps"), option_arg("max_step"), option_arg("first_step"),
      option_arg("max_phases"), option_arg("linear_solver"),
      (std::string(R"(Time to task failure [s] of a sustained hold from rest.

The GIL is released during the solve; Ctrl-C stops it (on the main thread) with
KeyboardInterrupt. With rtol and atol at their defaults, a model whose every component
declares an endurance tolerance is integrated at it (the motor-unit pool: rtol 1e-3,
atol 1e-6, its endurance times within 1.1e-4 of rtol 1e-6); any other rtol or atol is
taken as given.

Args:
    model: a Model with a capacity observable (e.g. models.three_compartment()).
    load_fraction: target load as a fraction of fresh MVC, in (0, 1] (0.4, not 40).)") +
       options_doc + R"(

Returns:
    Endurance time [s]; math.inf when the load is held for max_task_duration_s without failing.

Raises:
    ParameterError (ValueError): load_fraction outside (0, 1] or an option out of range.
    ArgumentTypeError (TypeError and ParameterError): an argument of the wrong type
        (load_fraction="0.4") or an unknown keyword, naming it.
    ModelError (ValueError): the model has no capacity observable.
    SolverError: the solver failed before task failure.)")
          .c_str());
}

}  // namespace myofatigue::python
