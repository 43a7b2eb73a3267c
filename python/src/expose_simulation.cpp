// Bindings of the model layer: registry look-ups, ParameterSet, Model (built by registered name,
// so a new component needs no binding code), Protocol, simulate / endurance_time and Result.
//
// Conventions (STYLE.md, ARCHITECTURE section 5):
//  - every argument is converted to a C++ value by convert.hpp (errors name the argument) before
//    the GIL is released around the solve; Ctrl-C stops a solve started on the main thread
//    (interrupt.hpp);
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

#include "bound_types.hpp"  // first: the guarded casters of every bound type

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "interrupt.hpp"
#include "python_component.hpp"
#include "state.hpp"
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
/// \throws ArgumentTypeError naming `field` (not a mapping, a key not a str) or the key whose
/// value is not a real number.
ParameterSet to_parameter_set(const py::object& obj, const std::string& field) {
  if (obj.is_none()) return {};
  if (py::isinstance<ParameterSet>(obj)) return obj.cast<ParameterSet>();
  if (!py::hasattr(obj, "items"))
    wrong_type(field, "a ParameterSet or a mapping {full key: value}", obj);
  ParameterSet::Map map;
  for (auto item : obj.attr("items")()) {
    const auto kv = item.cast<py::tuple>();
    const std::string key = to_str(kv[0], field, "parameter keys that are str, e.g. \"fatigue.F\"");
    map[key] = to_real(kv[1], key, "a real number");
  }
  return ParameterSet("", std::move(map));
}

py::dict to_dict(const ParameterSet& set) {
  py::dict d;
  for (const auto& [k, v] : set.values()) d[py::str(k)] = v;
  return d;
}

/// The options simulate() and endurance_time() take besides the model and the protocol, as
/// Python objects (converted here, so a wrong type names the option).
struct OptionArgs {
  const py::object& rtol;
  const py::object& atol;
  const py::object& method;
  const py::object& max_task_duration_s;
  const py::object& on_failure;
  const py::object& max_steps;
  const py::object& max_step;
  const py::object& first_step;
  const py::object& max_phases;
  const py::object& linear_solver;
};

SimulationOptions make_options(const OptionArgs& a) {
  SimulationOptions o;
  o.solver.rtol = to_real(a.rtol, "rtol", "a real number in (2.2e-14, 1)");
  o.solver.atol = to_real(a.atol, "atol",
                          "a real number >= 0 (one absolute tolerance for every state)");
  o.solver.method = parse_method(
      to_str(a.method, "method", "a method name: 'Rodas5P', 'Rodas4' or 'Rosenbrock23'"));
  o.max_task_duration_s =
      to_real(a.max_task_duration_s, "max_task_duration_s", "a duration [s] > 0");
  const std::string on_failure = to_str(a.on_failure, "on_failure", "'return' or 'raise'");
  if (on_failure == "return")
    o.solver.on_failure = OnFailure::ReturnPartial;
  else if (on_failure == "raise")
    o.solver.on_failure = OnFailure::Raise;
  else
    throw ParameterError("on_failure", "'" + on_failure + "' is not valid; valid: 'return', 'raise'");
  o.solver.max_steps = std::size_t(to_int(a.max_steps, "max_steps", 1,
                                          std::numeric_limits<std::int64_t>::max(), "an int >= 1"));
  o.solver.max_step = to_real(a.max_step, "max_step", "a step size [s] > 0");
  o.solver.first_step =
      to_real(a.first_step, "first_step", "a step size [s] >= 0 (0 chooses it automatically)");
  o.max_phases = std::size_t(to_int(a.max_phases, "max_phases", 1,
                                    std::numeric_limits<std::int64_t>::max(), "an int >= 1"));
  o.solver.linear_solver = parse_linear_solver(to_str(
      a.linear_solver, "linear_solver",
      "'Automatic', 'Dense', 'Sparse', 'BlockBordered' or 'BlockLowRank'"));
  return o;  // the ranges are checked by SimulationOptions::validate inside simulate()
}

/// Interventions of a typed step: a sequence of registered names, or a mapping
/// {name: {parameter: value}} whose parameter keys are "<name>.<symbol>" or just "<symbol>".
std::vector<InterventionUse> to_interventions(const py::object& obj) {
  constexpr const char* field = "interventions";
  constexpr const char* accepts =
      "registered intervention names (str), or a mapping {name: {parameter: value}}";
  std::vector<InterventionUse> uses;
  if (obj.is_none()) return uses;
  if (is_str(obj)) return {InterventionUse{to_str(obj, field, accepts), {}}};
  if (py::hasattr(obj, "items")) {
    for (auto item : obj.attr("items")()) {
      const auto kv = item.cast<py::tuple>();
      const std::string name = to_str(kv[0], field, accepts);
      ParameterSet::Map map;
      const ParameterSet overrides = to_parameter_set(kv[1], std::string(field) + "[" + name + "]");
      for (const auto& [key, value] : overrides.values())
        map[key.rfind(name + ".", 0) == 0 ? key : name + "." + key] = value;
      uses.push_back({name, ParameterSet("", std::move(map))});
    }
    return uses;
  }
  if (!py::isinstance<py::iterable>(obj)) wrong_type(field, accepts, obj);
  for (auto item : obj) uses.push_back({to_str(item, field, accepts), {}});
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
        // The mode word only where it is not the default, as a user would write it.
        const auto mode = [](ContractionMode m) {
          return m == ContractionMode::Isometric ? std::string() : std::string(to_string(m)) + " ";
        };
        if constexpr (std::is_same_v<K, Hold>) {
          return "Hold " + mode(task.mode) + "at " + percent(task.load_fraction) + "% MVC";
        } else if constexpr (std::is_same_v<K, Intermittent>) {
          return "Intermittent " + mode(task.mode) + percent(task.load_fraction) + "% MVC " +
                 seconds(task.on_s) + " on " + seconds(task.off_s) + " off";
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

/// The arguments every Step factory takes besides its task's own.
struct StepArgs {
  const py::object& duration_s;
  const py::object& until_task_failure;
  const py::object& interventions;
  const py::object& label;
};

Step make_step(Task task, const StepArgs& a) {
  std::optional<double> duration_s;
  if (!a.duration_s.is_none())
    duration_s = to_real(a.duration_s, "duration_s", "a duration [s] > 0, or None");
  Step s{std::move(task), duration_s, to_bool(a.until_task_failure, "until_task_failure"),
         to_interventions(a.interventions),
         to_str(a.label, "label", "a str (\"\" generates one from the step)")};
  if (s.label.empty()) s.label = describe(s);
  return s;
}

/// `a == other` for a bound value type: NotImplemented unless `other` is a T too.
template <class T, class Same>
py::object equal_to(const T& a, const py::object& other, Same same) {
  if (!py::isinstance<T>(other)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
  return py::bool_(same(a, other.cast<const T&>()));
}

/// __eq__ and __hash__ of an immutable value from its state (state.hpp); pickling from the same.
template <class T, class Class>
void value_semantics(Class& cls, py::dict (*state)(const T&), T (*from_state)(const py::dict&)) {
  cls.def(
         "__eq__",
         [state](const T& a, const py::object& other) {
           return equal_to(a, other, [state](const T& x, const T& y) {
             return state(x).equal(state(y));
           });
         },
         py::arg("other"), "Equal values: built from the same parts (see __getstate__).")
      .def("__hash__", [state](const T& a) { return py::hash(frozen(state(a))); },
           "A hash consistent with ==, from the state.")
      .def(py::pickle([state](const T& a) { return state(a); },
                      [from_state](const py::dict& d) { return from_state(d); }),
           "Pickle support: the state is plain data (dict, list, str, float), version 1; "
           "__setstate__ rebuilds an equal value and checks it like its constructor.");
}

constexpr const char* model_accepts =
    "a Model (from build_model() or a function of myofatigue.models)";
constexpr const char* load_accepts = "a fraction of fresh MVC in (0, 1] (0.4, not 40)";
constexpr const char* mode_accepts = "'isometric', 'concentric' or 'eccentric'";

constexpr const char* protocol_accepts =
    "a Protocol, a step string, or a list of step strings or of Steps";

/// Typed steps from a sequence of Steps (the argument `field`).
/// \throws ArgumentTypeError naming the element ("steps[2]") that is not a Step.
std::vector<Step> to_steps(const py::object& obj, const std::string& field) {
  if (is_str(obj) || !py::isinstance<py::sequence>(obj)) wrong_type(field, "a list of Steps", obj);
  const auto items = py::reinterpret_borrow<py::sequence>(obj);
  std::vector<Step> steps;
  for (std::size_t i = 0; i < items.size(); ++i)
    steps.push_back(to_instance<Step>(items[i], field + "[" + std::to_string(i) + "]",
                                      "a Step (Step.hold(), Step.rest(), ...)"));
  return steps;
}

/// A Protocol from a Protocol, one step string, or a sequence of step strings or of Steps: the
/// argument `field` ("steps" of Protocol(), "protocol" of simulate()). Its elements are named as
/// the steps they are ("steps[1]"), like the ProtocolErrors of the parser.
/// \throws ProtocolError naming the step; ArgumentTypeError for other types; ParameterError for
/// a str that is not valid text.
Protocol to_protocol(const py::object& obj, const std::string& field) {
  if (py::isinstance<Protocol>(obj)) return obj.cast<Protocol>();
  if (is_str(obj)) return Protocol::parse(std::vector{to_str(obj, "steps[0]", "a step string")});
  if (!py::isinstance<py::sequence>(obj)) wrong_type(field, protocol_accepts, obj);
  const auto items = py::reinterpret_borrow<py::sequence>(obj);
  if (items.size() > 0 && py::isinstance<Step>(items[0]))
    return Protocol::from_steps(to_steps(obj, "steps"));
  std::vector<std::string> texts;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const py::object item = items[i];
    const std::string item_field = "steps[" + std::to_string(i) + "]";
    if (i > 0 && !is_str(item))
      wrong_type(item_field, "a step string, like the steps before step " + std::to_string(i),
                 item);
    texts.push_back(to_str(item, item_field, "a step string or a Step"));
  }
  return Protocol::parse(texts);
}

/// Registered component names from one str or a sequence of them (the argument `components`).
// One entry of build_model's `components`: a registered name, or (name, {"units": n, ...}).
// A myofatigue.Component (a component written in Python) comes as `custom`.
struct ComponentEntry {
  std::string name;
  ComponentOptions options;
  std::shared_ptr<const Component> custom = nullptr;
};

std::vector<ComponentEntry> to_components(const py::object& obj) {
  constexpr const char* accepts =
      "a registered component name (str), a (name, options) pair such as "
      "(\"motor_unit_pool\", {\"units\": 120}), a myofatigue.Component, or a list of them";
  auto entry = [&](const py::handle item, const std::string& field) -> ComponentEntry {
    if (is_str(item)) return {to_str(item, field, accepts), {}};
    if (PythonComponent::is_declaration(item)) {
      auto c = PythonComponent::from_declaration(item);
      return {std::string(c->name()), {}, std::move(c)};
    }
    if (py::isinstance<py::tuple>(item) && py::len(item) == 2) {
      const auto pair = py::reinterpret_borrow<py::tuple>(item);
      return {to_str(pair[0], field + "[0]", "a registered component name (str)"),
              component_options(pair[1], field + "[1]")};
    }
    wrong_type(field, accepts, item);
  };
  if (is_str(obj) || py::isinstance<py::tuple>(obj) || PythonComponent::is_declaration(obj))
    return {entry(obj, "components")};
  if (!py::isinstance<py::sequence>(obj)) wrong_type("components", accepts, obj);
  const auto items = py::reinterpret_borrow<py::sequence>(obj);
  std::vector<ComponentEntry> entries;
  for (std::size_t i = 0; i < items.size(); ++i)
    entries.push_back(entry(items[i], "components[" + std::to_string(i) + "]"));
  return entries;
}

Model build_model(const std::vector<ComponentEntry>& components, const ParameterSet& overrides) {
  ModelBuilder b;
  for (const auto& c : components) {
    if (c.custom) b.add(c.custom);
    else b.add(c.name, {}, c.options);
  }
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
    max_steps: most solver step attempts (accepted + rejected) of the whole run, >= 1: one
        integrator runs every phase of the protocol; reaching it gives status MaxStepsReached.
    max_step: largest solver step [s], > 0 (default inf).
    first_step: initial solver step [s]; 0 chooses it automatically.
    max_phases: most constant-input phases the protocol may need (each hold or rest is one,
        each on/off half-cycle and stimulation pulse one more), >= 1 (default 1 000 000); a
        protocol that needs more is refused up front with a ProtocolError naming the step.
    linear_solver: "Automatic" (default), "Dense", "Sparse", "BlockBordered" or "BlockLowRank"
        (Woodbury over unit blocks plus the pool's coupling; what Automatic picks for pools).)";

}  // namespace

void expose_simulation(py::module_& m) {
  // ----------------------------------------------------------------------------- registry
  m.def("component_names", [] { return registry().component_names(); },
        "Names of every registered component (usable in build_model()).");
  m.def("intervention_names", [] { return registry().intervention_names(); },
        "Names of every registered intervention (usable after 'with' in a protocol step).");

  // ----------------------------------------------------------------------------- ParameterSet
  py::class_<ParameterSet> parameter_set_cls(
      m, "ParameterSet", R"(An immutable, named set of parameter values by full
key ("fatigue.F"). Units are those of each parameter (Model.parameter_info()); rates are in 1/s.

ParameterSet(values={}, name="") builds one from a mapping {key: float}.
ParameterSet.named("FreyLaw2012.knee") returns a published set.)");
  parameter_set_cls
      .def(py::init([](const py::object& values, const py::object& name) {
             const ParameterSet s = to_parameter_set(values, "values");
             return ParameterSet(to_str(name, "name"), s.values());
           }),
           py::arg("values") = py::dict(), py::arg("name") = "",
           "A set from a mapping {full key: value}.\n\nRaises ArgumentTypeError (TypeError and "
           "ParameterError) naming the key whose value is not a real number, or `values` when it "
           "is not a mapping.")
      .def_static("named",
                  [](const py::object& name) {
                    return ParameterSet::named(
                        to_str(name, "name", "a published set's name (str)"));
                  },
                  py::arg("name"),
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
             return s.with(to_parameter_set(values, "values"));
           },
           py::arg("values"),
           "A copy with `values` (mapping or ParameterSet) overriding this set's values. Not "
           "validated here: Model.with_parameters() checks keys and ranges.")
      .def("__getitem__",
           [](const ParameterSet& s, const py::object& key) {
             return s.at(to_str(key, "key", "a full parameter key (str), e.g. \"fatigue.F\""));
           },
           py::arg("key"),
           "The value of `key`. Raises ParameterError (ValueError) suggesting close keys.")
      .def("__contains__",
           [](const ParameterSet& s, const py::object& key) {
             return is_str(key) && s.contains(to_str(key, "key"));
           },
           py::arg("key"))
      .def("__len__", &ParameterSet::size)
      .def("__iter__", [](const ParameterSet& s) { return py::iter(py::cast(s.keys())); })
      .def("__repr__", [](const ParameterSet& s) {
        return "ParameterSet(" + std::string(py::repr(to_dict(s))) +
               (s.name().empty() ? "" : ", name='" + s.name() + "'") + ")";
      });

  value_semantics(parameter_set_cls, &parameter_set_state, &parameter_set_from_state);

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
  py::class_<Model> model_cls(
      m, "Model", R"(An assembled, immutable model (components with their state slices
and resolved signals). Build one with build_model() or the constructors in myofatigue.models.
Safe to share between threads; with_parameters() returns a new model. Picklable (rebuilt from its
components' registered names and parameter values, and the myofatigue.Component declaration of a
component written in Python, whose callables must then be module-level functions); == compares
those.)");
  model_cls
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
                             "Names of the components (registered names, or the name of a "
                             "myofatigue.Component), in evaluation order.")
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
            return mo.with_parameters(to_parameter_set(values, "values"));
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

  value_semantics(model_cls, &model_state, &model_from_state);

  m.def(
      "build_model",
      [](const py::object& components, const py::object& parameters, const py::kwargs& unknown) {
        reject_unknown_keywords("build_model", unknown, {"components", "parameters"});
        return build_model(to_components(components), to_parameter_set(parameters, "parameters"));
      },
      py::arg("components"), py::arg("parameters") = py::none(),
      R"(Assembles a Model from registered components by name and components written in Python.

Args:
    components: registered names (component_names()), e.g. ["three_compartment"], or one name;
        an entry may be a (name, options) pair, e.g. ("motor_unit_pool", {"units": 120}) for a
        replicated component (its per-unit states come back as 2-D arrays, see Result), or a
        myofatigue.Component (a component written in Python), e.g.
        [("motor_unit_pool", {"units": 40}), my_component].
    parameters: None, a ParameterSet (e.g. ParameterSet.named("FreyLaw2012.knee")) or a mapping
        {full key: value} overriding the defaults (SI units, rates in 1/s).

Raises:
    ModelError (ValueError): unknown component (naming the closest names), a signal without a
        producer, or a cycle.
    ParameterError (ValueError): an unknown key or a value outside its allowed range.
    ArgumentTypeError (TypeError and ParameterError): an argument of the wrong type or an
        unknown keyword, naming it.)");

  // ----------------------------------------------------------------------------- Step
  py::class_<Step> step_cls(
      m, "Step", R"(One typed protocol step (the typed form of a step string), built
with Step.hold(), Step.intermittent(), Step.rest() or Step.mvc_test() and passed to
Protocol.from_steps(). Loads are fractions of fresh MVC (0.4, not 40); times are in seconds.
Values are checked by Protocol.from_steps(), which names the step and the field.)");
  step_cls
      .def_static(
          "hold",
          [](const py::object& load_fraction, const py::object& duration_s,
             const py::object& until_task_failure, const py::object& mode,
             const py::object& interventions, const py::object& label, const py::kwargs& unknown) {
            reject_unknown_keywords("Step.hold", unknown,
                                    {"load_fraction", "duration_s", "until_task_failure", "mode",
                                     "interventions", "label"});
            return make_step(Hold{to_real(load_fraction, "load_fraction", load_accepts),
                                  contraction_mode(to_str(mode, "mode", mode_accepts))},
                             {duration_s, until_task_failure, interventions, label});
          },
          py::arg("load_fraction"), py::kw_only(), py::arg("duration_s") = py::none(),
          py::arg("until_task_failure") = false, py::arg("mode") = "isometric",
          py::arg("interventions") = py::none(), py::arg("label") = "",
          "A sustained contraction at load_fraction of fresh MVC, in (0, 1], for duration_s [s] "
          "or until task failure; mode 'isometric', 'concentric' or 'eccentric' (lengthening: "
          "the contractions that damage muscle). `interventions`: names, or {name: {parameter: "
          "value}}.")
      .def_static(
          "intermittent",
          [](const py::object& load_fraction, const py::object& on_s, const py::object& off_s,
             const py::object& duration_s, const py::object& until_task_failure,
             const py::object& mode, const py::object& interventions, const py::object& label,
             const py::kwargs& unknown) {
            reject_unknown_keywords("Step.intermittent", unknown,
                                    {"load_fraction", "on_s", "off_s", "duration_s",
                                     "until_task_failure", "mode", "interventions", "label"});
            return make_step(Intermittent{to_real(load_fraction, "load_fraction", load_accepts),
                                          to_real(on_s, "on_s", "a duration [s] > 0"),
                                          to_real(off_s, "off_s", "a duration [s] > 0"),
                                          contraction_mode(to_str(mode, "mode", mode_accepts))},
                             {duration_s, until_task_failure, interventions, label});
          },
          py::arg("load_fraction"), py::arg("on_s"), py::arg("off_s"), py::kw_only(),
          py::arg("duration_s") = py::none(), py::arg("until_task_failure") = false,
          py::arg("mode") = "isometric", py::arg("interventions") = py::none(),
          py::arg("label") = "",
          "Cycles of on_s [s] at load_fraction (0, 1] and off_s [s] at rest, for duration_s [s] "
          "or until task failure; mode 'isometric', 'concentric' or 'eccentric'.")
      .def_static(
          "rest",
          [](const py::object& duration_s, const py::object& interventions,
             const py::object& label, const py::kwargs& unknown) {
            reject_unknown_keywords("Step.rest", unknown, {"duration_s", "interventions", "label"});
            return make_step(Rest{}, {duration_s, py::bool_(false), interventions, label});
          },
          py::arg("duration_s"), py::kw_only(), py::arg("interventions") = py::none(),
          py::arg("label") = "", "Rest (no load) for duration_s [s], optionally with interventions.")
      .def_static(
          "stimulate",
          [](const py::object& frequency_hz, const py::object& on_s, const py::object& off_s,
             const py::object& duration_s, const py::object& interventions,
             const py::object& label, const py::kwargs& unknown) {
            reject_unknown_keywords("Step.stimulate", unknown,
                                    {"frequency_hz", "on_s", "off_s", "duration_s",
                                     "interventions", "label"});
            return make_step(
                Stimulate{to_real(frequency_hz, "frequency_hz", "a frequency [Hz] in (0, 1000]"),
                          to_real(on_s, "on_s", "a train duration [s] >= 0 (0: continuous)"),
                          to_real(off_s, "off_s", "a pause [s] >= 0 (0: continuous)")},
                {duration_s, py::bool_(false), interventions, label});
          },
          py::arg("frequency_hz"), py::kw_only(), py::arg("on_s") = 0.0, py::arg("off_s") = 0.0,
          py::arg("duration_s"), py::arg("interventions") = py::none(), py::arg("label") = "",
          "Electrical stimulation (no voluntary effort) at frequency_hz [Hz], in (0, 1000], for "
          "duration_s [s]: continuous, or trains of on_s [s] every on_s + off_s [s].")
      .def_static(
          "mvc_test",
          [](const py::object& label, const py::kwargs& unknown) {
            reject_unknown_keywords("Step.mvc_test", unknown, {"label"});
            return make_step(MvcTest{}, {py::none(), py::bool_(false), py::none(), label});
          },
          py::kw_only(), py::arg("label") = "",
          "An instantaneous maximal test: records the capacity (fraction of fresh MVC).")
      .def_readonly("label", &Step::label, "The step's text (generated when not given).")
      .def_property_readonly("kind", &step_kind,
                             "'hold', 'intermittent', 'rest', 'mvc_test' or 'stimulate'.")
      .def_readonly("duration_s", &Step::duration_s, "Duration [s], or None.")
      .def_readonly("until_task_failure", &Step::until_task_failure)
      .def_property_readonly(
          "mode",
          [](const Step& s) -> py::object {
            if (const auto* h = std::get_if<Hold>(&s.task)) return py::str(std::string(to_string(h->mode)));
            if (const auto* i = std::get_if<Intermittent>(&s.task)) return py::str(std::string(to_string(i->mode)));
            return py::none();
          },
          "Contraction mode of a hold or intermittent step ('isometric', 'concentric' or "
          "'eccentric'); None for other steps.")
      .def_property_readonly(
          "interventions",
          [](const Step& s) {
            std::vector<std::string> v;
            for (const auto& u : s.interventions) v.push_back(u.name);
            return v;
          },
          "Names of the interventions applied during the step.")
      .def("__repr__", [](const Step& s) { return "Step('" + s.label + "')"; });

  value_semantics(step_cls, &step_state, &step_from_state);

  // ----------------------------------------------------------------------------- Protocol
  py::class_<Protocol> protocol_cls(
      m, "Protocol", R"(An immutable sequence of protocol steps, parsed in C++.

Protocol(["Hold at 40% MVC until task failure", "Rest for 10 min", "MVC test"]) (or one string,
or a list of typed Steps: see Step and Protocol.from_steps()).
Grammar: "Hold at P% MVC" | "Intermittent P% MVC N s on N s off" | "Rest" | "MVC test",
followed by "for N <unit>" or "until task failure", then optionally "with <intervention>".
Loads are parsed to fractions of fresh MVC (40% -> 0.4); durations to seconds.

Raises ProtocolError (ValueError) with the (0-based) step index, the offending text and valid
examples.)");
  protocol_cls
      .def(py::init([](const py::object& steps, const py::kwargs& unknown) {
             reject_unknown_keywords("Protocol", unknown, {"steps"});
             return to_protocol(steps, "steps");
           }),
           py::arg("steps"))
      .def_static(
          "from_steps",
          [](const py::object& steps) { return Protocol::from_steps(to_steps(steps, "steps")); },
          py::arg("steps"),
          "A protocol from typed steps (see Step).\n\nRaises ProtocolError (ValueError) "
          "naming the step index and the field out of range, or the limit on the number of steps "
          "(docs/protocols.md, Limits).")
      .def(
          "repeat",
          [](const Protocol& p, const py::object& cycles) {
            // Counts beyond C++'s int are refused for the step limit, like those just below it.
            const auto index = PyIndex_Check(cycles.ptr()) && !PyBool_Check(cycles.ptr())
                                   ? py::reinterpret_steal<py::object>(PyNumber_Index(cycles.ptr()))
                                   : py::object();
            if (!index) PyErr_Clear();
            if (index && index > py::int_(std::numeric_limits<int>::max()))
              throw ProtocolError("cycles: " + py::repr(index).cast<std::string>() +
                                      " cycles are more than the limit of " +
                                      std::to_string(max_protocol_steps) +
                                      " steps in a protocol (docs/protocols.md, Limits)",
                                  "cycles");
            return p.repeat(int(to_int(cycles, "cycles", std::numeric_limits<int>::min(),
                                       std::numeric_limits<int>::max(), "an int >= 1")));
          },
          py::arg("cycles"),
          "This protocol repeated `cycles` times (cycles >= 1).\n\nRaises ParameterError "
          "(ValueError) naming `cycles` when it is below 1; ProtocolError naming `cycles` when "
          "the result would exceed the limit on the number of steps (docs/protocols.md, Limits).")
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

  value_semantics(protocol_cls, &protocol_state, &protocol_from_state);
  protocol_cls.attr("MAX_STEPS") = py::int_(max_protocol_steps);  // docs/protocols.md, Limits

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

  py::class_<Result> result_cls(
      m, "Result", R"(The value returned by simulate(): sample times, every state,
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
              py::array a(py::dtype::of<double>(), {py::ssize_t(block.rows()), py::ssize_t(block.cols())},
                          {py::ssize_t(sizeof(double)), py::ssize_t(sizeof(double)) * py::ssize_t(block.outerStride())},
                          block.data(), self);
              a.attr("flags").attr("writeable") = false;
              return py::object(a);
            }
            throw UnknownVariable(key, "is not a variable of this result" +
                                           detail::suggestion(key, names));
          },
          py::arg("key"),
          "Samples of a variable (state, observable or signal) by key, e.g. "
          "result[\"fatigue.MF\"]: a read-only view of shape (n_samples,). A per-unit variable of a "
          "replicated component by its key without the unit, e.g. result[\"pool.P\"]: shape "
          "(n_samples, n_units); result[\"pool.P[3]\"] is unit 3 alone.\n\nRaises "
          "UnknownVariableError (a KeyError and a ParameterError/ValueError) suggesting the "
          "closest keys.")
      .def("__contains__",
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

  // ----------------------------------------------------------------------------- simulate
  m.def(
      "simulate",
      [](const py::object& model_obj, const py::object& protocol_obj, const py::object& rtol,
         const py::object& atol, const py::object& method, const py::object& max_task_duration_s,
         const py::object& on_failure, const py::object& max_steps, const py::object& max_step,
         const py::object& first_step, const py::object& max_phases,
         const py::object& linear_solver, const py::kwargs& unknown) {
        reject_unknown_keywords("simulate", unknown,
                                {"model", "protocol", "rtol", "atol", "method",
                                 "max_task_duration_s", "on_failure", "max_steps", "max_step",
                                 "first_step", "max_phases", "linear_solver"});
        const Model& model = to_instance<Model>(model_obj, "model", model_accepts);
        const Protocol protocol = to_protocol(protocol_obj, "protocol");
        SimulationOptions o = make_options({rtol, atol, method, max_task_duration_s, on_failure,
                                            max_steps, max_step, first_step, max_phases,
                                            linear_solver});
        // model (kept alive by the caller's reference), protocol and options are C++ values.
        return solve_without_gil(o.solver, [&] { return simulate(model, protocol, o); });
      },
      py::arg("model"), py::arg("protocol"), py::kw_only(), py::arg("rtol") = 1e-6,
      py::arg("atol") = 1e-9, py::arg("method") = "Rodas5P",
      py::arg("max_task_duration_s") = 4 * 3600.0, py::arg("on_failure") = "return",
      py::arg("max_steps") = std::int64_t(1'000'000),
      py::arg("max_step") = std::numeric_limits<double>::infinity(), py::arg("first_step") = 0.0,
      py::arg("max_phases") = std::int64_t(1'000'000), py::arg("linear_solver") = "Automatic",
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
      [](const py::object& model_obj, const py::object& load_fraction_obj,
         const py::object& rtol, const py::object& atol, const py::object& method,
         const py::object& max_task_duration_s, const py::object& max_steps,
         const py::object& max_step, const py::object& first_step, const py::object& max_phases,
         const py::object& linear_solver, const py::kwargs& unknown) {
        reject_unknown_keywords("endurance_time", unknown,
                                {"model", "load_fraction", "rtol", "atol", "method",
                                 "max_task_duration_s", "max_steps", "max_step", "first_step",
                                 "max_phases", "linear_solver"});
        const Model& model = to_instance<Model>(model_obj, "model", model_accepts);
        const double load_fraction = to_real(load_fraction_obj, "load_fraction", load_accepts);
        SimulationOptions o = make_options({rtol, atol, method, max_task_duration_s,
                                            py::str("return"), max_steps, max_step, first_step,
                                            max_phases, linear_solver});
        return solve_without_gil(o.solver,
                                 [&] { return endurance_time(model, load_fraction, o); });
      },
      py::arg("model"), py::arg("load_fraction"), py::kw_only(), py::arg("rtol") = 1e-6,
      py::arg("atol") = 1e-9, py::arg("method") = "Rodas5P",
      py::arg("max_task_duration_s") = 4 * 3600.0, py::arg("max_steps") = std::int64_t(1'000'000),
      py::arg("max_step") = std::numeric_limits<double>::infinity(), py::arg("first_step") = 0.0,
      py::arg("max_phases") = std::int64_t(1'000'000), py::arg("linear_solver") = "Automatic",
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
