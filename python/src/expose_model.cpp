// Bindings of the model layer: the registry's names, Model (built by registered name, so a new
// component needs no binding code, or from a myofatigue.Component written in Python) and
// build_model().
#include <memory>
#include <string>
#include <vector>

#include "values.hpp"  // first: the guarded casters of every bound type

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "myofatigue/model/model.hpp"
#include "myofatigue/model/registry.hpp"
#include "python_component.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace myofatigue::python {

namespace {

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

}  // namespace

void expose_model(py::module_& m) {
  // ----------------------------------------------------------------------------- registry
  m.def(
      "component_names", [] { return registry().component_names(); },
      "Names of every registered component (usable in build_model()).");
  m.def(
      "intervention_names", [] { return registry().intervention_names(); },
      "Names of every registered intervention (usable after 'with' in a protocol step).");
  m.def(
      "intervention_info",
      [] {
        py::list out;
        for (const auto& name : registry().intervention_names()) {
          const auto iv = registry().make_intervention(name);
          py::list channels, parameters, profiles, citations;
          for (const auto& c : iv->channels())
            channels.append(
                py::dict("key"_a = std::string(c.key),
                         "composition"_a = c.composition == Composition::Gain ? "gain" : "offset",
                         "description"_a = std::string(c.description)));
          const auto values = iv->parameters();
          for (std::size_t i = 0; i < values.size(); ++i) {
            const auto& info = iv->parameter_info()[i];
            parameters.append(
                py::dict("key"_a = std::string(info.key), "unit"_a = std::string(info.unit),
                         "description"_a = std::string(info.description), "default"_a = values[i],
                         "allowed"_a = py::make_tuple(info.allowed.lo, info.allowed.hi),
                         "plausible"_a = py::make_tuple(info.plausible.lo, info.plausible.hi),
                         "source"_a = std::string(info.source)));
          }
          profiles.append(py::dict("name"_a = std::string(measured_profile),
                                   "description"_a = "the defaults, from controlled studies",
                                   "values"_a = std::vector<double>(values.begin(), values.end())));
          for (const auto& p : iv->profiles())
            profiles.append(py::dict(
                "name"_a = std::string(p.name), "description"_a = std::string(p.description),
                "values"_a = std::vector<double>(p.values.begin(), p.values.end())));
          for (const auto& c : iv->citations()) citations.append(std::string(c));
          out.append(py::dict("name"_a = name, "description"_a = std::string(iv->description()),
                              "channels"_a = channels, "parameters"_a = parameters,
                              "profiles"_a = profiles, "citations"_a = citations));
        }
        return out;
      },
      "Every registered intervention as a dict: name, description, channels (key, composition, "
      "description), parameters (key, unit, description, default, allowed, plausible, source), "
      "profiles (name, description, values; 'measured' first) and citations. "
      "myofatigue.interventions.list() wraps it.");

  // ----------------------------------------------------------------------------- Model
  py::class_<Model> model_cls(m, "Model",
                              R"(An assembled, immutable model (components with their state slices
and resolved signals). Build one with build_model() or the constructors in myofatigue.models.
Safe to share between threads; with_parameters() returns a new model. Picklable (rebuilt from its
components' registered names and parameter values, and the myofatigue.Component declaration of a
component written in Python, whose callables must then be module-level functions); == compares
those.)");
  model_cls.def_property_readonly("n_states", &Model::n_states, "Number of states.")
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
      .def(
          "parameters", [](const Model& mo) { return to_dict(mo.parameters()); },
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
      .def(
          "initial_state", [](const Model& mo) { return copy_vector(mo.initial_state()); },
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
}

}  // namespace myofatigue::python
