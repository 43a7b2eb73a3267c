// Bindings of the parameters: ParameterSet (immutable named values by full key, the published
// sets) and ParameterInfo (one parameter's unit, ranges, default and source).
#include <string>

#include "values.hpp"  // first: the guarded casters of every bound type

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

namespace py = pybind11;

namespace myofatigue::python {

void expose_parameters(py::module_& m) {
  // ----------------------------------------------------------------------------- ParameterSet
  py::class_<ParameterSet> parameter_set_cls(m, "ParameterSet",
                                             R"(An immutable, named set of parameter values by full
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
      .def_static(
          "named",
          [](const py::object& name) {
            return ParameterSet::named(to_str(name, "name", "a published set's name (str)"));
          },
          py::arg("name"),
          "A published parameter set by name, e.g. \"FreyLaw2012.knee\" (see names()).\n\n"
          "Raises ParameterError (ValueError) naming the closest published names.")
      .def_static("names", &ParameterSet::names, "Names of every published parameter set.")
      .def_property_readonly("name", &ParameterSet::name, "Name of the set (\"\" if anonymous).")
      .def("keys", &ParameterSet::keys, "Full keys, sorted.")
      .def("to_dict", &to_dict, "The values as a new dict {full key: float}.")
      .def(
          "items", [](const ParameterSet& s) { return to_dict(s).attr("items")(); },
          "(key, value) pairs, as dict.items().")
      .def(
          "with_values",
          [](const ParameterSet& s, const py::object& values) {
            return s.with(to_parameter_set(values, "values"));
          },
          py::arg("values"),
          "A copy with `values` (mapping or ParameterSet) overriding this set's values. Not "
          "validated here: Model.with_parameters() checks keys and ranges.")
      .def(
          "__getitem__",
          [](const ParameterSet& s, const py::object& key) {
            return s.at(to_str(key, "key", "a full parameter key (str), e.g. \"fatigue.F\""));
          },
          py::arg("key"),
          "The value of `key`. Raises ParameterError (ValueError) suggesting close keys.")
      .def(
          "__contains__",
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
      .def_property_readonly(
          "symbol", [](const ParameterInfo& p) { return std::string(p.key); },
          "Symbol as in the source paper, e.g. \"F\".")
      .def_property_readonly(
          "unit", [](const ParameterInfo& p) { return std::string(p.unit); },
          "SI unit, \"1\" for dimensionless.")
      .def_property_readonly("description",
                             [](const ParameterInfo& p) { return std::string(p.description); })
      .def_readonly("default_value", &ParameterInfo::default_value, "Default value [unit].")
      .def_property_readonly(
          "allowed",
          [](const ParameterInfo& p) { return py::make_tuple(p.allowed.lo, p.allowed.hi); },
          "(lo, hi): values outside raise ParameterError.")
      .def_property_readonly(
          "plausible",
          [](const ParameterInfo& p) { return py::make_tuple(p.plausible.lo, p.plausible.hi); },
          "(lo, hi): the physiologically plausible range (sweep range).")
      .def_property_readonly(
          "source", [](const ParameterInfo& p) { return std::string(p.source); },
          "Citation key in docs/references.bib.")
      .def("__repr__", [](const ParameterInfo& p) {
        return "ParameterInfo(symbol='" + std::string(p.key) + "', unit='" + std::string(p.unit) +
               "', default_value=" + format_number(p.default_value) + ", allowed=(" +
               format_number(p.allowed.lo) + ", " + format_number(p.allowed.hi) + "))";
      });
}

}  // namespace myofatigue::python
