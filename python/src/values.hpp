#pragma once
// What several binding files share about the library's values: converting a ParameterSet or a
// Protocol from what Python users pass, read-only NumPy views, reprs, and the Python value
// protocol (==, hash, pickle) of the immutable values. Errors name the argument (convert.hpp).
#include <string>
#include <vector>

#include "bound_types.hpp"  // first: the guarded casters of every bound type

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "state.hpp"

namespace myofatigue::python {

namespace py = pybind11;

inline constexpr const char* load_accepts = "a fraction of fresh MVC in (0, 1] (0.4, not 40)";

/// \brief A read-only 1-D NumPy view of `n` contiguous doubles, kept alive by `base` (no copy).
py::array readonly_view(const double* data, py::ssize_t n, py::handle base);

/// \brief A NumPy copy of an Eigen vector (for small, non-view results such as an initial state).
py::array_t<double> copy_vector(const Vector& v);

/// \brief A float as Python writes it (shortest round-trip form), for __repr__.
std::string format_number(double v);

/// \brief "['a', 'b']": names as a Python list literal, for __repr__.
std::string join_repr(const std::vector<std::string>& v);

/// \brief A ParameterSet from a ParameterSet, a mapping {full key: float}, or None (empty).
/// \throws ArgumentTypeError naming `field` (not a mapping, a key not a str) or the key whose
/// value is not a real number.
ParameterSet to_parameter_set(const py::object& obj, const std::string& field);

/// \brief The values as a new dict {full key: float}.
py::dict to_dict(const ParameterSet& set);

/// \brief Typed steps from a sequence of Steps (the argument `field`).
/// \throws ArgumentTypeError naming the element ("steps[2]") that is not a Step.
std::vector<Step> to_steps(const py::object& obj, const std::string& field);

/// \brief A Protocol from a Protocol, one step string, or a sequence of step strings or of Steps:
/// the argument `field` ("steps" of Protocol(), "protocol" of simulate()). Its elements are named
/// as the steps they are ("steps[1]"), like the ProtocolErrors of the parser.
/// \throws ProtocolError naming the step; ArgumentTypeError for other types; ParameterError for
/// a str that is not valid text.
Protocol to_protocol(const py::object& obj, const std::string& field);

/// \brief `a == other` for a bound value type: NotImplemented unless `other` is a T too.
template <class T, class Same>
py::object equal_to(const T& a, const py::object& other, Same same) {
  if (!py::isinstance<T>(other)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
  return py::bool_(same(a, other.cast<const T&>()));
}

/// \brief __eq__ and __hash__ of an immutable value from its state (state.hpp); pickling from
/// the same.
template <class T, class Class>
void value_semantics(Class& cls, py::dict (*state)(const T&), T (*from_state)(const py::dict&)) {
  cls.def(
         "__eq__",
         [state](const T& a, const py::object& other) {
           return equal_to(a, other,
                           [state](const T& x, const T& y) { return state(x).equal(state(y)); });
         },
         py::arg("other"), "Equal values: built from the same parts (see __getstate__).")
      .def(
          "__hash__", [state](const T& a) { return py::hash(frozen(state(a))); },
          "A hash consistent with ==, from the state.")
      .def(py::pickle([state](const T& a) { return state(a); },
                      [from_state](const py::dict& d) { return from_state(d); }),
           "Pickle support: the state is plain data (dict, list, str, float), version 1; "
           "__setstate__ rebuilds an equal value and checks it like its constructor.");
}

}  // namespace myofatigue::python
