// The values' states (state.hpp): pickling and equality of ParameterSet, Model, Step, Protocol
// and Result.
#include "state.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "myofatigue/core/fuzzy.hpp"
#include "myofatigue/model/registry.hpp"
#include "python_component.hpp"

namespace myofatigue::python {

namespace {

using namespace pybind11::literals;

constexpr std::int64_t state_version = 1;

template <class>
inline constexpr bool always_false = false;

/// \throws ParameterError when the state was written by a release with another state version.
void check_version(const py::dict& state, const std::string& what) {
  const std::int64_t version =
      state.contains("version")
          ? to_int(state["version"], "version", 0, std::numeric_limits<std::int64_t>::max())
          : state_version;
  if (version != state_version)
    throw ParameterError(
        "version", "this " + what + " was pickled with state version " + std::to_string(version) +
                       "; this myofatigue reads version " + std::to_string(state_version));
}

py::object get(const py::dict& d, const char* key, const std::string& where) {
  if (!d.contains(key)) throw ParameterError(where, std::string("has no '") + key + "' entry");
  return d[key];
}

py::dict as_dict(const py::handle& obj, const std::string& field) {
  if (!py::isinstance<py::dict>(obj)) wrong_type(field, "a dict", obj);
  return py::reinterpret_borrow<py::dict>(obj);
}

py::sequence as_sequence(const py::handle& obj, const std::string& field) {
  if (is_str(obj) || !py::isinstance<py::sequence>(obj)) wrong_type(field, "a list", obj);
  return py::reinterpret_borrow<py::sequence>(obj);
}

py::array_t<double> copy_array(const double* data, const std::vector<py::ssize_t>& shape) {
  py::array_t<double> a(shape);
  std::copy(data, data + a.size(), a.mutable_data());
  return a;
}

using RealArray = py::array_t<double, py::array::c_style | py::array::forcecast>;

Vector to_state_vector(const py::handle& obj, const std::string& field) {
  const RealArray a = RealArray::ensure(obj);
  if (!a || a.ndim() != 1) wrong_type(field, "a 1-D array of real numbers", obj);
  return Eigen::Map<const Vector>(a.data(), a.shape(0));
}

/// A Status or EndReason from its name, over every value to_string() knows (so a new status
/// needs no change here).
template <class Enum>
Enum enum_from_name(const std::string& name, const std::string& field, std::string_view unknown) {
  if (name != unknown)
    for (int i = 0; i < 64; ++i)
      if (to_string(static_cast<Enum>(i)) == name) return static_cast<Enum>(i);
  throw ParameterError(field, "'" + name + "' is not a known value");
}

const char* kind_name(VariableKind k) {
  switch (k) {
    case VariableKind::State: return "state";
    case VariableKind::Observable: return "observable";
    case VariableKind::Signal: return "signal";
  }
  return "unknown";
}

VariableKind kind_from_name(const std::string& name, const std::string& field) {
  for (VariableKind k : {VariableKind::State, VariableKind::Observable, VariableKind::Signal})
    if (name == kind_name(k)) return k;
  throw ParameterError(field, "'" + name + "' is not 'state', 'observable' or 'signal'");
}

bool same_number(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

template <class A, class B>
bool same_numbers(const A& a, const B& b) {
  if (a.size() != b.size()) return false;
  for (Index i = 0; i < Index(a.size()); ++i)
    if (!same_number(a.data()[i], b.data()[i])) return false;
  return true;
}

}  // namespace

// ------------------------------------------------------------------------------ ParameterSet
py::dict parameter_set_state(const ParameterSet& set) {
  py::dict values;
  for (const auto& [k, v] : set.values()) values[py::str(k)] = v;
  return py::dict("version"_a = state_version, "name"_a = set.name(), "values"_a = values);
}

ParameterSet parameter_set_from_state(const py::dict& state) {
  check_version(state, "ParameterSet");
  ParameterSet::Map map;
  for (auto [k, v] : as_dict(get(state, "values", "state"), "values")) {
    const std::string key = to_str(k, "values");
    map[key] = to_real(v, key);
  }
  return ParameterSet(to_str(get(state, "name", "state"), "name"), std::move(map));
}

// ------------------------------------------------------------------------------ Model
py::dict model_state(const Model& model) {
  py::list components;
  for (const auto& c : model.components()) {
    py::dict parameters;
    const auto info = c->parameter_info();
    const auto values = c->parameters();
    for (std::size_t i = 0; i < info.size(); ++i)
      parameters[py::str(std::string(info[i].key))] = values[i];
    py::dict options;
    if (c->units() != 1) options["units"] = c->units();
    py::dict entry("name"_a = std::string(c->name()), "parameters"_a = parameters,
                   "options"_a = options);
    // A component written in Python: its declaration (pickled by reference to its callables).
    if (const auto* custom = dynamic_cast<const PythonComponent*>(c.get()))
      entry["component"] = custom->declaration();
    components.append(entry);
  }
  return py::dict("version"_a = state_version, "components"_a = components);
}

Model model_from_state(const py::dict& state) {
  check_version(state, "Model");
  const py::sequence components = as_sequence(get(state, "components", "state"), "components");
  ModelBuilder builder;
  for (std::size_t k = 0; k < components.size(); ++k) {
    const std::string where = "components[" + std::to_string(k) + "]";
    const py::dict c = as_dict(components[k], where);
    const std::string name = to_str(get(c, "name", where), where + ".name");
    const py::dict options =
        c.contains("options") ? as_dict(c["options"], where + ".options") : py::dict();
    std::shared_ptr<const Component> component =
        c.contains("component")
            ? std::shared_ptr<const Component>(PythonComponent::from_declaration(c["component"]))
            : registry().make_component(name, component_options(options, where + ".options"));
    const auto info = component->parameter_info();
    std::vector<double> values(component->parameters().begin(), component->parameters().end());
    std::vector<std::string> symbols;
    for (const auto& p : info) symbols.emplace_back(p.key);
    const py::dict parameters = as_dict(get(c, "parameters", where), where + ".parameters");
    for (auto [s, v] : parameters) {
      const std::string symbol = to_str(s, where + ".parameters");
      std::size_t i = 0;
      while (i < symbols.size() && symbols[i] != symbol) ++i;
      if (i == symbols.size())
        throw ParameterError(component->key(symbol), "is not a parameter of component '" + name +
                                                         "'" + detail::suggestion(symbol, symbols));
      values[i] = to_real(v, component->key(symbol));
    }
    if (!parameters.empty()) component = component->with_parameters(values);  // checks ranges
    builder.add(std::move(component));
  }
  return builder.build();
}

// ------------------------------------------------------------------------------ Step, Protocol
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

py::dict step_state(const Step& s) {
  py::dict d("version"_a = state_version, "kind"_a = step_kind(s));
  std::visit(
      [&d](const auto& task) {
        using K = std::decay_t<decltype(task)>;
        if constexpr (std::is_same_v<K, Hold>) {
          d["load_fraction"] = task.load_fraction;
          d["mode"] = std::string(to_string(task.mode));
        } else if constexpr (std::is_same_v<K, Intermittent>) {
          d["load_fraction"] = task.load_fraction;
          d["on_s"] = task.on_s;
          d["off_s"] = task.off_s;
          d["mode"] = std::string(to_string(task.mode));
        } else if constexpr (std::is_same_v<K, Stimulate>) {
          d["frequency_hz"] = task.frequency_hz;
          d["on_s"] = task.on_s;
          d["off_s"] = task.off_s;
        } else if constexpr (!std::is_same_v<K, Rest> && !std::is_same_v<K, MvcTest>) {
          static_assert(always_false<K>, "step_state(): a new task type needs its fields");
        }
      },
      s.task);
  d["duration_s"] = s.duration_s ? py::object(py::float_(*s.duration_s)) : py::object(py::none());
  d["until_task_failure"] = s.until_task_failure;
  py::list uses;
  for (const auto& u : s.interventions)
    uses.append(py::dict("name"_a = u.name, "parameters"_a = parameter_set_state(u.parameters),
                         "profile"_a = u.profile));
  d["interventions"] = uses;
  d["label"] = s.label;
  return d;
}

Step step_from_state(const py::dict& state) {
  check_version(state, "Step");
  const std::string kind = to_str(get(state, "kind", "state"), "kind");
  auto real = [&state](const char* key) { return to_real(get(state, key, "state"), key); };
  // (States pickled before contraction modes existed have no "mode": isometric.)
  const auto mode = [&state] {
    return state.contains("mode") ? contraction_mode(to_str(state["mode"], "mode"), "mode")
                                  : ContractionMode::Isometric;
  };
  Step s;
  if (kind == "hold") s.task = Hold{real("load_fraction"), mode()};
  else if (kind == "intermittent")
    s.task = Intermittent{real("load_fraction"), real("on_s"), real("off_s"), mode()};
  else if (kind == "rest") s.task = Rest{};
  else if (kind == "mvc_test") s.task = MvcTest{};
  else if (kind == "stimulate")
    s.task = Stimulate{real("frequency_hz"), real("on_s"), real("off_s")};
  else
    throw ParameterError("kind", "'" + kind +
                                     "' is not a step kind ('hold', 'intermittent', "
                                     "'rest', 'mvc_test' or 'stimulate')");
  const py::object duration = get(state, "duration_s", "state");
  if (!duration.is_none()) s.duration_s = to_real(duration, "duration_s");
  s.until_task_failure = to_bool(get(state, "until_task_failure", "state"), "until_task_failure");
  const py::sequence uses = as_sequence(get(state, "interventions", "state"), "interventions");
  for (std::size_t i = 0; i < uses.size(); ++i) {
    const std::string where = "interventions[" + std::to_string(i) + "]";
    const py::dict u = as_dict(uses[i], where);
    // (States pickled before profiles existed have no "profile": the defaults.)
    s.interventions.push_back(
        {to_str(get(u, "name", where), where + ".name"),
         parameter_set_from_state(as_dict(get(u, "parameters", where), where + ".parameters")),
         nullptr,
         u.contains("profile") ? to_str(u["profile"], where + ".profile") : std::string()});
  }
  s.label = to_str(get(state, "label", "state"), "label");
  return s;
}

py::dict protocol_state(const Protocol& protocol) {
  py::list steps;
  for (const auto& s : protocol.steps()) steps.append(step_state(s));
  return py::dict("version"_a = state_version, "steps"_a = steps);
}

Protocol protocol_from_state(const py::dict& state) {
  check_version(state, "Protocol");
  const py::sequence items = as_sequence(get(state, "steps", "state"), "steps");
  std::vector<Step> steps;
  for (std::size_t i = 0; i < items.size(); ++i)
    steps.push_back(step_from_state(as_dict(items[i], "steps[" + std::to_string(i) + "]")));
  return Protocol::from_steps(std::move(steps));  // validated as when it was made
}

// ------------------------------------------------------------------------------ Result
py::dict result_state(const Result& r) {
  py::dict d("version"_a = state_version, "status"_a = std::string(to_string(r.status())),
             "message"_a = r.message());
  if (r.failure()) {
    const Failure& f = *r.failure();
    d["failure"] = py::dict("t_s"_a = f.t_s, "step_s"_a = f.step_s,
                            "state"_a = copy_array(f.state.data(), {py::ssize_t(f.state.size())}),
                            "message"_a = f.message);
  } else {
    d["failure"] = py::none();
  }
  d["t"] = copy_array(r.t().data(), {py::ssize_t(r.t().size())});
  d["data"] =
      copy_array(r.data().data(), {py::ssize_t(r.data().rows()), py::ssize_t(r.data().cols())});
  py::list variables;
  for (const auto& v : r.variables())
    variables.append(py::dict("name"_a = v.name, "unit"_a = v.unit, "kind"_a = kind_name(v.kind)));
  d["variables"] = variables;
  py::list steps;
  for (const auto& s : r.steps())
    steps.append(py::dict("label"_a = s.label, "start_s"_a = s.start_s, "end_s"_a = s.end_s,
                          "first_sample"_a = s.first_sample, "last_sample"_a = s.last_sample,
                          "end_reason"_a = std::string(to_string(s.end_reason)),
                          "mvc_fraction"_a = s.mvc_fraction));
  d["steps"] = steps;
  const SolverStats& st = r.stats();
  d["stats"] = py::dict(
      "steps"_a = st.steps, "rejected"_a = st.rejected, "rhs_evals"_a = st.rhs_evals,
      "jacobian_evals"_a = st.jacobian_evals, "factorizations"_a = st.factorizations,
      "linear_solves"_a = st.linear_solves, "switches"_a = st.switches, "wall_s"_a = st.wall_s);
  d["citations"] = py::cast(r.citations());
  return d;
}

Result result_from_state(const py::dict& state) {
  check_version(state, "Result");
  Result::Parts p;
  p.status =
      enum_from_name<Status>(to_str(get(state, "status", "state"), "status"), "status", "Unknown");
  p.message = to_str(get(state, "message", "state"), "message");
  const py::object failure = get(state, "failure", "state");
  if (!failure.is_none()) {
    const py::dict f = as_dict(failure, "failure");
    p.failure = Failure{to_real(get(f, "t_s", "failure"), "failure.t_s"),
                        to_real(get(f, "step_s", "failure"), "failure.step_s"),
                        to_state_vector(get(f, "state", "failure"), "failure.state"),
                        to_str(get(f, "message", "failure"), "failure.message")};
  }
  p.t = to_state_vector(get(state, "t", "state"), "t");
  const RealArray data = RealArray::ensure(get(state, "data", "state"));
  if (!data || data.ndim() != 2) wrong_type("data", "a 2-D array of real numbers", state["data"]);
  p.data = Eigen::Map<const Result::Data>(data.data(), data.shape(0), data.shape(1));
  const py::sequence variables = as_sequence(get(state, "variables", "state"), "variables");
  for (std::size_t i = 0; i < variables.size(); ++i) {
    const std::string where = "variables[" + std::to_string(i) + "]";
    const py::dict v = as_dict(variables[i], where);
    p.variables.push_back(
        {to_str(get(v, "name", where), where + ".name"),
         to_str(get(v, "unit", where), where + ".unit"),
         kind_from_name(to_str(get(v, "kind", where), where + ".kind"), where + ".kind")});
  }
  const py::sequence steps = as_sequence(get(state, "steps", "state"), "steps");
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const std::string where = "steps[" + std::to_string(i) + "]";
    const py::dict s = as_dict(steps[i], where);
    auto index = [&](const char* key) {
      return Index(to_int(get(s, key, where), where + "." + key, 0,
                          std::numeric_limits<std::int64_t>::max(), "an int >= 0"));
    };
    StepRange r;
    r.label = to_str(get(s, "label", where), where + ".label");
    r.start_s = to_real(get(s, "start_s", where), where + ".start_s");
    r.end_s = to_real(get(s, "end_s", where), where + ".end_s");
    r.first_sample = index("first_sample");
    r.last_sample = index("last_sample");
    r.end_reason =
        enum_from_name<EndReason>(to_str(get(s, "end_reason", where), where + ".end_reason"),
                                  where + ".end_reason", "unknown");
    r.mvc_fraction = to_real(get(s, "mvc_fraction", where), where + ".mvc_fraction");
    p.steps.push_back(std::move(r));
  }
  const py::dict st = as_dict(get(state, "stats", "state"), "stats");
  auto count = [&st](const char* key) {
    return std::size_t(to_int(get(st, key, "stats"), std::string("stats.") + key, 0,
                              std::numeric_limits<std::int64_t>::max(), "an int >= 0"));
  };
  p.stats.steps = count("steps");
  p.stats.rejected = count("rejected");
  p.stats.rhs_evals = count("rhs_evals");
  p.stats.jacobian_evals = count("jacobian_evals");
  p.stats.factorizations = count("factorizations");
  p.stats.linear_solves = count("linear_solves");
  p.stats.switches = count("switches");
  p.stats.wall_s = to_real(get(st, "wall_s", "stats"), "stats.wall_s");
  const py::sequence citations = as_sequence(get(state, "citations", "state"), "citations");
  for (std::size_t i = 0; i < citations.size(); ++i)
    p.citations.push_back(to_str(citations[i], "citations[" + std::to_string(i) + "]"));
  return Result::from_parts(std::move(p));
}

bool same_result(const Result& a, const Result& b) {
  if (a.status() != b.status() || a.message() != b.message() || a.citations() != b.citations())
    return false;
  if (a.failure().has_value() != b.failure().has_value()) return false;
  if (a.failure()) {
    const Failure &fa = *a.failure(), &fb = *b.failure();
    if (!same_number(fa.t_s, fb.t_s) || !same_number(fa.step_s, fb.step_s) ||
        fa.message != fb.message || !same_numbers(fa.state, fb.state))
      return false;
  }
  if (!same_numbers(a.t(), b.t()) || a.data().rows() != b.data().rows() ||
      !same_numbers(a.data(), b.data()))
    return false;
  if (a.variables().size() != b.variables().size() || a.steps().size() != b.steps().size())
    return false;
  for (std::size_t i = 0; i < a.variables().size(); ++i) {
    const auto &va = a.variables()[i], &vb = b.variables()[i];
    if (va.name != vb.name || va.unit != vb.unit || va.kind != vb.kind) return false;
  }
  for (std::size_t i = 0; i < a.steps().size(); ++i) {
    const auto &sa = a.steps()[i], &sb = b.steps()[i];
    if (sa.label != sb.label || !same_number(sa.start_s, sb.start_s) ||
        !same_number(sa.end_s, sb.end_s) || sa.first_sample != sb.first_sample ||
        sa.last_sample != sb.last_sample || sa.end_reason != sb.end_reason ||
        !same_number(sa.mvc_fraction, sb.mvc_fraction))
      return false;
  }
  const SolverStats &ta = a.stats(), &tb = b.stats();
  return ta.steps == tb.steps && ta.rejected == tb.rejected && ta.rhs_evals == tb.rhs_evals &&
         ta.jacobian_evals == tb.jacobian_evals && ta.factorizations == tb.factorizations &&
         ta.linear_solves == tb.linear_solves && ta.switches == tb.switches &&
         same_number(ta.wall_s, tb.wall_s);
}

py::object frozen(const py::handle& state) {
  if (py::isinstance<py::dict>(state)) {
    py::list items;
    for (auto [k, v] : py::reinterpret_borrow<py::dict>(state))
      items.append(py::make_tuple(k, frozen(v)));
    items.attr("sort")();  // by key: the keys of a state are distinct str
    return py::tuple(items);
  }
  if (py::isinstance<py::list>(state) || py::isinstance<py::tuple>(state)) {
    py::list items;
    for (py::handle x : state) items.append(frozen(x));
    return py::tuple(items);
  }
  return py::reinterpret_borrow<py::object>(state);
}

}  // namespace myofatigue::python
