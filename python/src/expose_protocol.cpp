// Bindings of protocols: Step (the typed form of a step string; its generated label is
// myofatigue::step_label, the printer beside the parser) and Protocol (parsed in C++).
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "values.hpp"  // first: the guarded casters of every bound type

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "myofatigue/protocol/protocol.hpp"

namespace py = pybind11;

namespace myofatigue::python {

namespace {

constexpr const char* mode_accepts = "'isometric', 'concentric' or 'eccentric'";

/// Interventions of a typed step: a sequence of registered names, or a mapping
/// {name: {parameter: value}} whose parameter keys are "<name>.<symbol>" or just "<symbol>",
/// and whose key "profile" names a profile ({"massage.effleurage": {"profile": "claimed"}}).
std::vector<InterventionUse> to_interventions(const py::object& obj) {
  constexpr const char* field = "interventions";
  constexpr const char* accepts =
      "registered intervention names (str), or a mapping {name: {parameter: value, 'profile': "
      "name}}";
  std::vector<InterventionUse> uses;
  if (obj.is_none()) return uses;
  if (is_str(obj)) return {InterventionUse{to_str(obj, field, accepts), {}}};
  if (py::hasattr(obj, "items")) {
    for (auto item : obj.attr("items")()) {
      const auto kv = item.cast<py::tuple>();
      const std::string name = to_str(kv[0], field, accepts);
      const std::string where = std::string(field) + "[" + name + "]";
      py::object values = kv[1];
      std::string profile;
      if (py::isinstance<py::dict>(values) && values.contains("profile")) {
        py::dict rest = py::dict(values);
        profile =
            to_str(rest["profile"], where + ".profile", "a profile name (str), e.g. 'claimed'");
        rest.attr("pop")("profile");
        values = rest;
      }
      ParameterSet::Map map;
      const ParameterSet overrides = to_parameter_set(values, where);
      for (const auto& [key, value] : overrides.values())
        map[key.rfind(name + ".", 0) == 0 ? key : name + "." + key] = value;
      uses.push_back({name, ParameterSet("", std::move(map)), nullptr, profile});
    }
    return uses;
  }
  if (!py::isinstance<py::iterable>(obj)) wrong_type(field, accepts, obj);
  for (auto item : obj) uses.push_back({to_str(item, field, accepts), {}});
  return uses;
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
  Step s{task, duration_s, to_bool(a.until_task_failure, "until_task_failure"),
         to_interventions(a.interventions),
         to_str(a.label, "label", "a str (\"\" generates one from the step)")};
  if (s.label.empty()) s.label = step_label(s);
  return s;
}

}  // namespace

void expose_protocol(py::module_& m) {
  // ----------------------------------------------------------------------------- Step
  py::class_<Step> step_cls(m, "Step",
                            R"(One typed protocol step (the typed form of a step string), built
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
          [](const py::object& duration_s, const py::object& interventions, const py::object& label,
             const py::kwargs& unknown) {
            reject_unknown_keywords("Step.rest", unknown, {"duration_s", "interventions", "label"});
            return make_step(Rest{}, {duration_s, py::bool_(false), interventions, label});
          },
          py::arg("duration_s"), py::kw_only(), py::arg("interventions") = py::none(),
          py::arg("label") = "",
          "Rest (no load) for duration_s [s], optionally with interventions.")
      .def_static(
          "stimulate",
          [](const py::object& frequency_hz, const py::object& on_s, const py::object& off_s,
             const py::object& duration_s, const py::object& interventions, const py::object& label,
             const py::kwargs& unknown) {
            reject_unknown_keywords(
                "Step.stimulate", unknown,
                {"frequency_hz", "on_s", "off_s", "duration_s", "interventions", "label"});
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
            if (const auto* h = std::get_if<Hold>(&s.task))
              return py::str(std::string(to_string(h->mode)));
            if (const auto* i = std::get_if<Intermittent>(&s.task))
              return py::str(std::string(to_string(i->mode)));
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
  py::class_<Protocol> protocol_cls(m, "Protocol",
                                    R"(An immutable sequence of protocol steps, parsed in C++.

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
}

}  // namespace myofatigue::python
