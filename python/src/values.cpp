// Conversions and helpers shared by the binding files (values.hpp).
#include "values.hpp"

#include <utility>

namespace myofatigue::python {

namespace {

constexpr const char* protocol_accepts =
    "a Protocol, a step string, or a list of step strings or of Steps";

}  // namespace

py::array readonly_view(const double* data, py::ssize_t n, py::handle base) {
  py::array a(py::dtype::of<double>(), {n}, {py::ssize_t(sizeof(double))}, data, base);
  a.attr("flags").attr("writeable") = false;
  return a;
}

py::array_t<double> copy_vector(const Vector& v) {
  return py::array_t<double>(py::ssize_t(v.size()), v.data());  // copies: no base given
}

std::string format_number(double v) { return std::string(py::repr(py::float_(v))); }

std::string join_repr(const std::vector<std::string>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", '" : "'") + v[i] + "'";
  return s + "]";
}

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

std::vector<Step> to_steps(const py::object& obj, const std::string& field) {
  if (is_str(obj) || !py::isinstance<py::sequence>(obj)) wrong_type(field, "a list of Steps", obj);
  const auto items = py::reinterpret_borrow<py::sequence>(obj);
  std::vector<Step> steps;
  for (std::size_t i = 0; i < items.size(); ++i)
    steps.push_back(to_instance<Step>(items[i], field + "[" + std::to_string(i) + "]",
                                      "a Step (Step.hold(), Step.rest(), ...)"));
  return steps;
}

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

}  // namespace myofatigue::python
