// The solver options converter (options.hpp): one table, one row per option, with how to read
// it from Python and its default from SimulationOptions{}.
#include "options.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "convert.hpp"

namespace myofatigue::python {

namespace {

struct Option {
  const char* name;
  py::object (*default_of)(const SimulationOptions&);
  void (*read)(SimulationOptions&, py::handle);
};

std::size_t to_count(py::handle v, const char* name) {
  return std::size_t(to_int(v, name, 1, std::numeric_limits<std::int64_t>::max(), "an int >= 1"));
}

std::string_view on_failure_name(OnFailure f) { return f == OnFailure::Raise ? "raise" : "return"; }

// In the order of simulate()'s signature.
const std::array<Option, 10> options{{
    {"rtol", [](const SimulationOptions& o) -> py::object { return py::float_(o.solver.rtol); },
     [](SimulationOptions& o, py::handle v) {
       o.solver.rtol = to_real(v, "rtol", "a real number in (2.2e-14, 1)");
     }},
    {"atol", [](const SimulationOptions& o) -> py::object { return py::float_(o.solver.atol); },
     [](SimulationOptions& o, py::handle v) {
       o.solver.atol =
           to_real(v, "atol", "a real number >= 0 (one absolute tolerance for every state)");
     }},
    {"method",
     [](const SimulationOptions& o) -> py::object {
       return py::str(std::string(to_string(o.solver.method)));
     },
     [](SimulationOptions& o, py::handle v) {
       o.solver.method = parse_method(
           to_str(v, "method", "a method name: 'Rodas5P', 'Rodas4' or 'Rosenbrock23'"));
     }},
    {"max_task_duration_s",
     [](const SimulationOptions& o) -> py::object { return py::float_(o.max_task_duration_s); },
     [](SimulationOptions& o, py::handle v) {
       o.max_task_duration_s = to_real(v, "max_task_duration_s", "a duration [s] > 0");
     }},
    {"on_failure",
     [](const SimulationOptions& o) -> py::object {
       return py::str(std::string(on_failure_name(o.solver.on_failure)));
     },
     [](SimulationOptions& o, py::handle v) {
       const std::string name = to_str(v, "on_failure", "'return' or 'raise'");
       if (name == on_failure_name(OnFailure::ReturnPartial))
         o.solver.on_failure = OnFailure::ReturnPartial;
       else if (name == on_failure_name(OnFailure::Raise)) o.solver.on_failure = OnFailure::Raise;
       else
         throw ParameterError("on_failure",
                              "'" + name + "' is not valid; valid: 'return', 'raise'");
     }},
    {"max_steps",
     [](const SimulationOptions& o) -> py::object { return py::int_(o.solver.max_steps); },
     [](SimulationOptions& o, py::handle v) { o.solver.max_steps = to_count(v, "max_steps"); }},
    {"max_step",
     [](const SimulationOptions& o) -> py::object { return py::float_(o.solver.max_step); },
     [](SimulationOptions& o, py::handle v) {
       o.solver.max_step = to_real(v, "max_step", "a step size [s] > 0");
     }},
    {"first_step",
     [](const SimulationOptions& o) -> py::object { return py::float_(o.solver.first_step); },
     [](SimulationOptions& o, py::handle v) {
       o.solver.first_step =
           to_real(v, "first_step", "a step size [s] >= 0 (0 chooses it automatically)");
     }},
    {"max_phases", [](const SimulationOptions& o) -> py::object { return py::int_(o.max_phases); },
     [](SimulationOptions& o, py::handle v) { o.max_phases = to_count(v, "max_phases"); }},
    {"linear_solver",
     [](const SimulationOptions& o) -> py::object {
       return py::str(std::string(to_string(o.solver.linear_solver)));
     },
     [](SimulationOptions& o, py::handle v) {
       o.solver.linear_solver = parse_linear_solver(
           to_str(v, "linear_solver",
                  "'Automatic', 'Dense', 'Sparse', 'BlockBordered' or 'BlockLowRank'"));
     }},
}};

const Option& option(std::string_view name) {
  for (const auto& o : options)
    if (name == o.name) return o;
  throw std::out_of_range("option_arg: no solver option '" + std::string(name) + "'");
}

}  // namespace

SimulationOptions to_simulation_options(const py::dict& given) {
  SimulationOptions o;
  py::dict unknown;
  for (const auto& [key, value] : given) {
    const std::string name = to_str(key, "options", "option names (str)");
    const Option* row = nullptr;
    for (const auto& r : options)
      if (name == r.name) row = &r;
    if (row) row->read(o, value);
    else unknown[key] = value;
  }
  if (!unknown.empty()) {
    std::vector<std::string> valid;
    valid.reserve(options.size());
    for (const auto& r : options) valid.emplace_back(r.name);
    reject_unknown_keywords("options", unknown, valid);
  }
  return o;  // the ranges are checked by SimulationOptions::validate inside simulate()
}

py::dict option_defaults() {
  py::dict d;
  const SimulationOptions defaults;
  for (const auto& o : options) d[py::str(o.name)] = o.default_of(defaults);
  return d;
}

py::arg_v option_arg(const char* name) {
  return py::arg_v(name, option(name).default_of(SimulationOptions{}));
}

const char* const options_doc = R"(
    rtol: relative tolerance of the solver, in (2.2e-14, 1).
    atol: absolute tolerance [state units; states are fractions], >= 0.
    method: "Rodas5P" (default), "Rodas4" or "Rosenbrock23".
    max_task_duration_s: cap [s] on a step that runs "until task failure" (default 4 h).
    max_steps: most solver step attempts (accepted + rejected) of the whole run, >= 1: one
        integrator runs every phase of the protocol; reaching it gives status MaxStepsReached.
    max_step: largest solver step [s], > 0 (default inf).
    first_step: initial solver step [s]; 0 chooses it automatically.
    max_phases: most constant-input phases the protocol may need (each hold or rest is one,
        each on/off half-cycle and stimulation pulse one more), >= 1 (default 1 000 000); a
        protocol that needs more is refused up front with a ProtocolError naming the step.
    linear_solver: "Automatic" (default), "Dense", "Sparse", "BlockBordered" or "BlockLowRank"
        (Woodbury over unit blocks plus the pool's coupling; what Automatic picks for pools).)";

}  // namespace myofatigue::python
