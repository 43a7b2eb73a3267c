// Bindings of the model layer: registry look-ups, ParameterSet, Model (built by registered name,
// so a new component needs no binding code), Protocol, simulate / endurance_time and Result.
//
// Conventions (STYLE.md, ARCHITECTURE section 5):
//  - every argument is converted to a C++ value before the GIL is released around the solve;
//  - Result arrays are read-only NumPy views whose base is the Python Result object, so they
//    share its memory and keep it alive (no copy, no dangling pointer);
//  - C++ exceptions are translated by expose_errors.cpp (ParameterError, ProtocolError,
//    ModelError -> ValueError subclasses; SolverError).
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "myofatigue/model/model.hpp"
#include "myofatigue/model/registry.hpp"
#include "myofatigue/parameters/parameter_set.hpp"
#include "myofatigue/protocol/protocol.hpp"
#include "myofatigue/simulation/result.hpp"
#include "myofatigue/simulation/simulate.hpp"

namespace py = pybind11;

namespace myofatigue::python {

namespace {

// ---------------------------------------------------------------------------------------------
// Conversions (all done with the GIL held, before any solve).

/// A read-only 1-D NumPy view of `n` contiguous doubles, kept alive by `base` (no copy).
py::array readonly_view(const double* data, py::ssize_t n, py::handle base) {
  py::array a(py::dtype::of<double>(), {n}, {py::ssize_t(sizeof(double))}, data, base);
  a.attr("flags").attr("writeable") = false;
  return a;
}

/// A NumPy copy of an Eigen vector (for small, non-view results such as an initial state).
py::array_t<double> copy_vector(const Vector& v) {
  return py::array_t<double>(py::ssize_t(v.size()), v.data());  // copies: no base given
}

/// A ParameterSet from a ParameterSet, a mapping {full key: float}, or None (empty).
/// \throws ParameterError naming the key whose value is not a real number.
ParameterSet to_parameter_set(const py::object& obj) {
  if (obj.is_none()) return {};
  if (py::isinstance<ParameterSet>(obj)) return obj.cast<ParameterSet>();
  if (!py::isinstance<py::dict>(obj) && !py::hasattr(obj, "items"))
    throw py::type_error("parameters must be a ParameterSet or a mapping {key: value}, got " +
                         std::string(py::str(py::type::of(obj).attr("__name__"))));
  ParameterSet::Map map;
  for (auto item : obj.attr("items")()) {
    auto kv = item.cast<py::tuple>();
    if (!py::isinstance<py::str>(kv[0]))
      throw py::type_error("parameter keys are str (\"fatigue.F\"), got " + std::string(py::repr(kv[0])));
    const auto key = kv[0].cast<std::string>();
    try {
      map[key] = kv[1].cast<double>();
    } catch (const py::cast_error&) {
      throw ParameterError(key, "value " + std::string(py::repr(kv[1])) +
                                    " is not a real number");
    }
  }
  return ParameterSet("", std::move(map));
}

py::dict to_dict(const ParameterSet& set) {
  py::dict d;
  for (const auto& [k, v] : set.values()) d[py::str(k)] = v;
  return d;
}

/// Everything simulate() and endurance_time() accept besides the model and the protocol.
SimulationOptions make_options(double rtol, double atol, const std::string& method,
                               double max_task_duration_s, const std::string& on_failure,
                               std::int64_t max_steps, double max_step, double first_step) {
  SimulationOptions o;
  o.solver.rtol = rtol;
  o.solver.atol = atol;
  o.solver.method = parse_method(method);
  o.max_task_duration_s = max_task_duration_s;
  if (on_failure == "return")
    o.solver.on_failure = OnFailure::ReturnPartial;
  else if (on_failure == "raise")
    o.solver.on_failure = OnFailure::Raise;
  else
    throw ParameterError("on_failure", "'" + on_failure + "' is not valid; valid: 'return', 'raise'");
  if (max_steps < 1)
    throw ParameterError("max_steps", "value " + std::to_string(max_steps) + " is outside [1, inf)");
  o.solver.max_steps = std::size_t(max_steps);
  o.solver.max_step = max_step;
  o.solver.first_step = first_step;
  return o;  // the ranges are checked by SimulationOptions::validate inside simulate()
}

/// Interventions of a typed step: a sequence of registered names, or a mapping
/// {name: {parameter: value}} whose parameter keys are "<name>.<symbol>" or just "<symbol>".
std::vector<InterventionUse> to_interventions(const py::object& obj) {
  std::vector<InterventionUse> uses;
  if (obj.is_none()) return uses;
  if (py::isinstance<py::str>(obj)) return {InterventionUse{obj.cast<std::string>(), {}}};
  if (py::hasattr(obj, "items")) {
    for (auto item : obj.attr("items")()) {
      auto kv = item.cast<py::tuple>();
      if (!py::isinstance<py::str>(kv[0]))
        throw py::type_error("intervention names are str, got " + std::string(py::repr(kv[0])));
      const auto name = kv[0].cast<std::string>();
      ParameterSet::Map map;
      const ParameterSet overrides = to_parameter_set(kv[1]);
      for (const auto& [key, value] : overrides.values())
        map[key.rfind(name + ".", 0) == 0 ? key : name + "." + key] = value;
      uses.push_back({name, ParameterSet("", std::move(map))});
    }
    return uses;
  }
  for (auto item : obj) {
    if (!py::isinstance<py::str>(item))
      throw py::type_error("interventions are registered names (str), got " + std::string(py::repr(item)));
    uses.push_back({item.cast<std::string>(), {}});
  }
  return uses;
}

std::string percent(double fraction) {
  std::ostringstream os;
  os << fraction * 100.0;
  return os.str();
}

std::string seconds(double s) {
  std::ostringstream os;
  os << s << " s";
  return os.str();
}

template <class>
inline constexpr bool always_false = false;

/// A label in the string grammar, for typed steps given without one.
std::string describe(const Step& s) {
  std::string text = std::visit(
      [](const auto& task) -> std::string {
        using K = std::decay_t<decltype(task)>;
        if constexpr (std::is_same_v<K, Hold>) {
          return "Hold at " + percent(task.load_fraction) + "% MVC";
        } else if constexpr (std::is_same_v<K, Intermittent>) {
          return "Intermittent " + percent(task.load_fraction) + "% MVC " + seconds(task.on_s) +
                 " on " + seconds(task.off_s) + " off";
        } else if constexpr (std::is_same_v<K, Rest>) {
          return "Rest";
        } else if constexpr (std::is_same_v<K, MvcTest>) {
          return "MVC test";
        } else if constexpr (std::is_same_v<K, Stimulate>) {
          std::ostringstream os;
          os << "Stimulate at " << task.frequency_hz << " Hz";
          if (task.on_s > 0.0 || task.off_s > 0.0)
            os << " " << seconds(task.on_s) << " on " << seconds(task.off_s) << " off";
          return os.str();
        } else {
          static_assert(always_false<K>, "describe(): a new task type needs a label");
        }
      },
      s.task);
  if (s.duration_s) text += " for " + seconds(*s.duration_s);
  if (s.until_task_failure) text += " until task failure";
  for (std::size_t i = 0; i < s.interventions.size(); ++i)
    text += (i ? " and " : " with ") + s.interventions[i].name;
  return text;
}

Step make_step(Task task, std::optional<double> duration_s, bool until_task_failure,
               const py::object& interventions, std::string label) {
  Step s{std::move(task), duration_s, until_task_failure, to_interventions(interventions),
         std::move(label)};
  if (s.label.empty()) s.label = describe(s);
  return s;
}

std::string step_kind(const Step& s) {
  return std::visit(
      [](const auto& task) -> std::string {
        using K = std::decay_t<decltype(task)>;
        if constexpr (std::is_same_v<K, Hold>) return "hold";
        else if constexpr (std::is_same_v<K, Intermittent>) return "intermittent";
        else if constexpr (std::is_same_v<K, Rest>) return "rest";
        else if constexpr (std::is_same_v<K, MvcTest>) return "mvc_test";
        else if constexpr (std::is_same_v<K, Stimulate>) return "stimulate";
        else static_assert(always_false<K>, "step_kind(): a new task type needs a name");
      },
      s.task);
}

/// A Protocol from a Protocol, one step string, or a sequence of step strings or of Steps.
/// \throws ProtocolError (naming the step index); TypeError for other types.
Protocol to_protocol(const py::object& obj) {
  if (py::isinstance<Protocol>(obj)) return obj.cast<Protocol>();
  if (py::isinstance<py::str>(obj)) return Protocol::parse(std::vector{obj.cast<std::string>()});
  if (!py::isinstance<py::sequence>(obj))
    throw py::type_error("a protocol is a Protocol, a step string or a list of step strings or "
                         "Steps, got " + std::string(py::str(py::type::of(obj).attr("__name__"))));
  const auto items = obj.cast<py::sequence>();
  std::vector<std::string> texts;
  std::vector<Step> steps;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const py::object item = items[i];
    if (py::isinstance<py::str>(item) && steps.empty())
      texts.push_back(item.cast<std::string>());
    else if (py::isinstance<Step>(item) && texts.empty())
      steps.push_back(item.cast<Step>());
    else
      throw py::type_error("step " + std::to_string(i) + ": expected " +
                           (steps.empty() ? "a step string" : "a Step") + " like the steps before it, got " +
                           std::string(py::str(py::type::of(item).attr("__name__"))));
  }
  return steps.empty() ? Protocol::parse(texts) : Protocol::from_steps(std::move(steps));
}

Model build_model(const std::vector<std::string>& components, const py::object& parameters) {
  const ParameterSet overrides = to_parameter_set(parameters);
  ModelBuilder b;
  for (const auto& name : components) b.add(name);
  Model m = b.build();
  return overrides.empty() ? m : m.with_parameters(overrides);
}

std::vector<std::string> component_names_of(const Model& m) {
  std::vector<std::string> v;
  for (const auto& c : m.components()) v.emplace_back(c->name());
  return v;
}

std::string join_repr(const std::vector<std::string>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", '" : "'") + v[i] + "'";
  return s + "]";
}

std::string format_number(double v) { return std::string(py::repr(py::float_(v))); }

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

// Docstrings shared by simulate() and endurance_time().
constexpr const char* options_doc = R"(
    rtol: relative tolerance of the solver, in (2.2e-14, 1).
    atol: absolute tolerance [state units; states are fractions], >= 0.
    method: "Rodas5P" (default), "Rodas4" or "Rosenbrock23".
    max_task_duration_s: cap [s] on a step that runs "until task failure" (default 4 h).
    max_steps: most solver steps (accepted + rejected) per constant-input phase, >= 1.
    max_step: largest solver step [s], > 0 (default inf).
    first_step: initial solver step [s]; 0 chooses it automatically.)";

}  // namespace

void expose_simulation(py::module_& m) {
  // ----------------------------------------------------------------------------- registry
  m.def("component_names", [] { return registry().component_names(); },
        "Names of every registered component (usable in build_model()).");
  m.def("intervention_names", [] { return registry().intervention_names(); },
        "Names of every registered intervention (usable after 'with' in a protocol step).");

  // ----------------------------------------------------------------------------- ParameterSet
  py::class_<ParameterSet>(m, "ParameterSet", R"(An immutable, named set of parameter values by full
key ("fatigue.F"). Units are those of each parameter (Model.parameter_info()); rates are in 1/s.

ParameterSet(values={}, name="") builds one from a mapping {key: float}.
ParameterSet.named("FreyLaw2012.knee") returns a published set.)")
      .def(py::init([](const py::object& values, const std::string& name) {
             const ParameterSet s = to_parameter_set(values);
             return ParameterSet(name, s.values());
           }),
           py::arg("values") = py::dict(), py::arg("name") = "",
           "A set from a mapping {full key: value}.\n\nRaises ParameterError (ValueError) when a "
           "value is not a real number; TypeError when `values` is not a mapping.")
      .def_static("named", &ParameterSet::named, py::arg("name"),
                  "A published parameter set by name, e.g. \"FreyLaw2012.knee\" (see names()).\n\n"
                  "Raises ParameterError (ValueError) naming the closest published names.")
      .def_static("names", &ParameterSet::names, "Names of every published parameter set.")
      .def_property_readonly("name", &ParameterSet::name, "Name of the set (\"\" if anonymous).")
      .def("keys", &ParameterSet::keys, "Full keys, sorted.")
      .def("to_dict", &to_dict, "The values as a new dict {full key: float}.")
      .def("items", [](const ParameterSet& s) { return to_dict(s).attr("items")(); },
           "(key, value) pairs, as dict.items().")
      .def("with_values",
           [](const ParameterSet& s, const py::object& values) {
             return s.with(to_parameter_set(values));
           },
           py::arg("values"),
           "A copy with `values` (mapping or ParameterSet) overriding this set's values. Not "
           "validated here: Model.with_parameters() checks keys and ranges.")
      .def("__getitem__", &ParameterSet::at, py::arg("key"),
           "The value of `key`. Raises ParameterError (ValueError) suggesting close keys.")
      .def("__contains__", &ParameterSet::contains, py::arg("key"))
      .def("__len__", &ParameterSet::size)
      .def("__iter__", [](const ParameterSet& s) { return py::iter(py::cast(s.keys())); })
      .def("__eq__", [](const ParameterSet& a, const ParameterSet& b) {
        return a.name() == b.name() && a.values() == b.values();
      })
      .def("__repr__", [](const ParameterSet& s) {
        return "ParameterSet(" + std::string(py::repr(to_dict(s))) +
               (s.name().empty() ? "" : ", name='" + s.name() + "'") + ")";
      });

  // ----------------------------------------------------------------------------- ParameterInfo
  py::class_<ParameterInfo>(m, "ParameterInfo",
                            "Metadata of one model parameter (read-only): unit, allowed and "
                            "plausible ranges, default value and source.")
      .def_property_readonly("symbol", [](const ParameterInfo& p) { return std::string(p.key); },
                             "Symbol as in the source paper, e.g. \"F\".")
      .def_property_readonly("unit", [](const ParameterInfo& p) { return std::string(p.unit); },
                             "SI unit, \"1\" for dimensionless.")
      .def_property_readonly("description",
                             [](const ParameterInfo& p) { return std::string(p.description); })
      .def_readonly("default_value", &ParameterInfo::default_value, "Default value [unit].")
      .def_property_readonly("allowed",
                             [](const ParameterInfo& p) { return py::make_tuple(p.allowed.lo, p.allowed.hi); },
                             "(lo, hi): values outside raise ParameterError.")
      .def_property_readonly("plausible",
                             [](const ParameterInfo& p) { return py::make_tuple(p.plausible.lo, p.plausible.hi); },
                             "(lo, hi): the physiologically plausible range (sweep range).")
      .def_property_readonly("source", [](const ParameterInfo& p) { return std::string(p.source); },
                             "Citation key in docs/references.bib.")
      .def("__repr__", [](const ParameterInfo& p) {
        return "ParameterInfo(symbol='" + std::string(p.key) + "', unit='" + std::string(p.unit) +
               "', default_value=" + format_number(p.default_value) + ", allowed=(" +
               format_number(p.allowed.lo) + ", " + format_number(p.allowed.hi) + "))";
      });

  // ----------------------------------------------------------------------------- Model
  py::class_<Model>(m, "Model", R"(An assembled, immutable model (components with their state slices
and resolved signals). Build one with build_model() or the constructors in myofatigue.models.
Safe to share between threads; with_parameters() returns a new model.)")
      .def_property_readonly("n_states", &Model::n_states, "Number of states.")
      .def_property_readonly(
          "state_keys",
          [](const Model& mo) {
            std::vector<std::string> v;
            for (const auto& s : mo.states()) v.push_back(s.key);
            return v;
          },
          "State keys in state-vector order, e.g. ['fatigue.MA', 'fatigue.MR', 'fatigue.MF'].")
      .def_property_readonly("observable_keys", &Model::observable_keys,
                             "Keys of the observables (e.g. 'fatigue.capacity').")
      .def_property_readonly("components", &component_names_of,
                             "Registered names of the components, in evaluation order.")
      .def("parameters", [](const Model& mo) { return to_dict(mo.parameters()); },
           "Every parameter value in use, as a dict {full key: value} (units: parameter_info()).")
      .def(
          "parameter_info",
          [](const Model& mo) {
            py::dict d;
            for (const auto& c : mo.components())
              for (const auto& info : c->parameter_info())
                d[py::str(c->key(info.key))] = py::cast(info, py::return_value_policy::copy);
            return d;
          },
          "Metadata of every parameter: dict {full key: ParameterInfo}.")
      .def(
          "with_parameters",
          [](const Model& mo, const py::object& values) {
            return mo.with_parameters(to_parameter_set(values));
          },
          py::arg("values"),
          "A copy with some parameters changed; `values` is a mapping {full key: value} or a "
          "ParameterSet.\n\nRaises ParameterError (ValueError) naming the key, the value, its unit "
          "and the allowed range, or suggesting close keys for an unknown key.")
      .def("initial_state", [](const Model& mo) { return copy_vector(mo.initial_state()); },
           "Rested, fresh state (a new float64 array of n_states values, state_keys order).")
      .def("citations", &Model::citations,
           "Citation keys (docs/references.bib) of every component.")
      .def("__repr__", [](const Model& mo) {
        return "Model(components=" + join_repr(component_names_of(mo)) +
               ", n_states=" + std::to_string(mo.n_states()) + ")";
      });

  m.def(
      "build_model",
      [](const py::object& components, const py::object& parameters) {
        std::vector<std::string> names;
        if (py::isinstance<py::str>(components))
          names.push_back(components.cast<std::string>());
        else
          names = components.cast<std::vector<std::string>>();
        return build_model(names, parameters);
      },
      py::arg("components"), py::arg("parameters") = py::none(),
      R"(Assembles a Model from registered components by name.

Args:
    components: registered names (component_names()), e.g. ["three_compartment"], or one name.
    parameters: None, a ParameterSet (e.g. ParameterSet.named("FreyLaw2012.knee")) or a mapping
        {full key: value} overriding the defaults (SI units, rates in 1/s).

Raises:
    ModelError (ValueError): unknown component (naming the closest names), a signal without a
        producer, or a cycle.
    ParameterError (ValueError): an unknown key or a value outside its allowed range.)");

  // ----------------------------------------------------------------------------- Step
  py::class_<Step>(m, "Step", R"(One typed protocol step (the typed form of a step string), built
with Step.hold(), Step.intermittent(), Step.rest() or Step.mvc_test() and passed to
Protocol.from_steps(). Loads are fractions of fresh MVC (0.4, not 40); times are in seconds.
Values are checked by Protocol.from_steps(), which names the step and the field.)")
      .def_static(
          "hold",
          [](double load_fraction, std::optional<double> duration_s, bool until_task_failure,
             const py::object& interventions, std::string label) {
            return make_step(Hold{load_fraction}, duration_s, until_task_failure, interventions,
                             std::move(label));
          },
          py::arg("load_fraction"), py::kw_only(), py::arg("duration_s") = py::none(),
          py::arg("until_task_failure") = false, py::arg("interventions") = py::none(),
          py::arg("label") = "",
          "A sustained contraction at load_fraction of fresh MVC, in (0, 1], for duration_s [s] "
          "or until task failure. `interventions`: names, or {name: {parameter: value}}.")
      .def_static(
          "intermittent",
          [](double load_fraction, double on_s, double off_s, std::optional<double> duration_s,
             bool until_task_failure, const py::object& interventions, std::string label) {
            return make_step(Intermittent{load_fraction, on_s, off_s}, duration_s,
                             until_task_failure, interventions, std::move(label));
          },
          py::arg("load_fraction"), py::arg("on_s"), py::arg("off_s"), py::kw_only(),
          py::arg("duration_s") = py::none(), py::arg("until_task_failure") = false,
          py::arg("interventions") = py::none(), py::arg("label") = "",
          "Cycles of on_s [s] at load_fraction (0, 1] and off_s [s] at rest, for duration_s [s] "
          "or until task failure.")
      .def_static(
          "rest",
          [](double duration_s, const py::object& interventions, std::string label) {
            return make_step(Rest{}, duration_s, false, interventions, std::move(label));
          },
          py::arg("duration_s"), py::kw_only(), py::arg("interventions") = py::none(),
          py::arg("label") = "", "Rest (no load) for duration_s [s], optionally with interventions.")
      .def_static(
          "stimulate",
          [](double frequency_hz, double on_s, double off_s, double duration_s,
             const py::object& interventions, std::string label) {
            return make_step(Stimulate{frequency_hz, on_s, off_s}, duration_s, false,
                             interventions, std::move(label));
          },
          py::arg("frequency_hz"), py::kw_only(), py::arg("on_s") = 0.0, py::arg("off_s") = 0.0,
          py::arg("duration_s"), py::arg("interventions") = py::none(), py::arg("label") = "",
          "Electrical stimulation (no voluntary effort) at frequency_hz [Hz], in (0, 1000], for "
          "duration_s [s]: continuous, or trains of on_s [s] every on_s + off_s [s].")
      .def_static(
          "mvc_test",
          [](std::string label) { return make_step(MvcTest{}, std::nullopt, false, py::none(), std::move(label)); },
          py::kw_only(), py::arg("label") = "",
          "An instantaneous maximal test: records the capacity (fraction of fresh MVC).")
      .def_readonly("label", &Step::label, "The step's text (generated when not given).")
      .def_property_readonly("kind", &step_kind,
                             "'hold', 'intermittent', 'rest', 'mvc_test' or 'stimulate'.")
      .def_readonly("duration_s", &Step::duration_s, "Duration [s], or None.")
      .def_readonly("until_task_failure", &Step::until_task_failure)
      .def_property_readonly(
          "interventions",
          [](const Step& s) {
            std::vector<std::string> v;
            for (const auto& u : s.interventions) v.push_back(u.name);
            return v;
          },
          "Names of the interventions applied during the step.")
      .def("__repr__", [](const Step& s) { return "Step('" + s.label + "')"; });

  // ----------------------------------------------------------------------------- Protocol
  py::class_<Protocol>(m, "Protocol", R"(An immutable sequence of protocol steps, parsed in C++.

Protocol(["Hold at 40% MVC until task failure", "Rest for 10 min", "MVC test"]) (or one string,
or a list of typed Steps: see Step and Protocol.from_steps()).
Grammar: "Hold at P% MVC" | "Intermittent P% MVC N s on N s off" | "Rest" | "MVC test",
followed by "for N <unit>" or "until task failure", then optionally "with <intervention>".
Loads are parsed to fractions of fresh MVC (40% -> 0.4); durations to seconds.

Raises ProtocolError (ValueError) with the (0-based) step index, the offending text and valid
examples.)")
      .def(py::init(&to_protocol), py::arg("steps"))
      .def_static("from_steps", &Protocol::from_steps, py::arg("steps"),
                  "A protocol from typed steps (see Step).\n\nRaises ProtocolError (ValueError) "
                  "naming the step index and the field out of range.")
      .def("repeat", &Protocol::repeat, py::arg("cycles"),
           "This protocol repeated `cycles` times (cycles >= 1).\n\nRaises ParameterError "
           "(ValueError) naming `cycles`.")
      .def_property_readonly(
          "steps",
          [](const Protocol& p) {
            std::vector<std::string> v;
            for (const auto& s : p.steps()) v.push_back(s.label);
            return v;
          },
          "Labels of the steps (the original strings).")
      .def("__len__", [](const Protocol& p) { return p.steps().size(); })
      .def("__repr__", [](const Protocol& p) {
        std::vector<std::string> v;
        for (const auto& s : p.steps()) v.push_back(s.label);
        return "Protocol(" + join_repr(v) + ")";
      });

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

  py::class_<Result>(m, "Result", R"(The value returned by simulate(): sample times, every state,
observable and protocol signal by key, per-step ranges, status, failure record, statistics and
citations. Arrays are read-only NumPy views into this object (no copy); they keep it alive.)")
      .def_property_readonly(
          "t",
          [](const py::object& self) {
            const auto& r = self.cast<const Result&>();
            return readonly_view(r.t().data(), py::ssize_t(r.t().size()), self);
          },
          "Sample times [s] (read-only view, shape (n_samples,)).")
      .def(
          "__getitem__",
          [](const py::object& self, const std::string& key) {
            const auto& r = self.cast<const Result&>();
            const Index row = r.index_of(key);  // ParameterError with suggestions
            return readonly_view(r.data().row(row).data(), py::ssize_t(r.data().cols()), self);
          },
          py::arg("key"),
          "Samples of a variable (state, observable or protocol signal) by key, e.g. "
          "result[\"fatigue.MF\"]: a read-only view of shape (n_samples,).\n\nRaises "
          "UnknownVariableError (a KeyError and a ParameterError/ValueError) suggesting the "
          "closest keys.")
      .def("__contains__",
           [](const Result& r, const std::string& key) {
             for (const auto& v : r.variables())
               if (v.name == key) return true;
             return false;
           })
      .def_property_readonly(
          "data",
          [](const py::object& self) {
            const auto& r = self.cast<const Result&>();
            const auto& d = r.data();
            py::array a(py::dtype::of<double>(), {py::ssize_t(d.rows()), py::ssize_t(d.cols())},
                        {py::ssize_t(sizeof(double)) * py::ssize_t(d.cols()),
                         py::ssize_t(sizeof(double))},
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
          "Keys of every variable: states, then observables, then protocol signals.")
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

  // ----------------------------------------------------------------------------- simulate
  m.def(
      "simulate",
      [](const Model& model, const py::object& protocol_like, double rtol, double atol,
         const std::string& method, double max_task_duration_s, const std::string& on_failure,
         std::int64_t max_steps, double max_step, double first_step) {
        const Protocol protocol = to_protocol(protocol_like);
        const SimulationOptions o = make_options(rtol, atol, method, max_task_duration_s,
                                                 on_failure, max_steps, max_step, first_step);
        py::gil_scoped_release no_gil;  // model, protocol and options are immutable C++ values
        return simulate(model, protocol, o);
      },
      py::arg("model"), py::arg("protocol"), py::kw_only(), py::arg("rtol") = 1e-6,
      py::arg("atol") = 1e-9, py::arg("method") = "Rodas5P",
      py::arg("max_task_duration_s") = 4 * 3600.0, py::arg("on_failure") = "return",
      py::arg("max_steps") = std::int64_t(1'000'000),
      py::arg("max_step") = std::numeric_limits<double>::infinity(), py::arg("first_step") = 0.0,
      (std::string(R"(Runs a protocol on a model from its rested initial state.

The GIL is released during the solve, so other Python threads keep running.

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
    ProtocolError (ValueError): an intervention the model cannot honour (naming the step).
    ModelError (ValueError): task failure asked of a model without a capacity observable.
    SolverError: a numerical failure when on_failure="raise".)")
          .c_str());

  m.def(
      "endurance_time",
      [](const Model& model, double load_fraction, double rtol, double atol,
         const std::string& method, double max_task_duration_s, std::int64_t max_steps,
         double max_step, double first_step) {
        const SimulationOptions o = make_options(rtol, atol, method, max_task_duration_s,
                                                 "return", max_steps, max_step, first_step);
        py::gil_scoped_release no_gil;
        return endurance_time(model, load_fraction, o);
      },
      py::arg("model"), py::arg("load_fraction"), py::kw_only(), py::arg("rtol") = 1e-6,
      py::arg("atol") = 1e-9, py::arg("method") = "Rodas5P",
      py::arg("max_task_duration_s") = 4 * 3600.0, py::arg("max_steps") = std::int64_t(1'000'000),
      py::arg("max_step") = std::numeric_limits<double>::infinity(), py::arg("first_step") = 0.0,
      (std::string(R"(Time to task failure [s] of a sustained hold from rest.

The GIL is released during the solve.

Args:
    model: a Model with a capacity observable (e.g. models.three_compartment()).
    load_fraction: target load as a fraction of fresh MVC, in (0, 1] (0.4, not 40).)") +
       options_doc + R"(

Returns:
    Endurance time [s]; math.inf when the load is held for max_task_duration_s without failing.

Raises:
    ParameterError (ValueError): load_fraction outside (0, 1] or an option out of range.
    ModelError (ValueError): the model has no capacity observable.
    SolverError: the solver failed before task failure.)")
          .c_str());
}

}  // namespace myofatigue::python
