#pragma once
// The one conversion layer between Python arguments and C++ values, used by every entry point
// (simulate, endurance_time, build_model, Protocol, Step, solve_ivp, ...). Each converter names
// the argument in its error, so no binding needs its own type checks:
//  - a value of the wrong type throws ArgumentTypeError (Python: myofatigue.ArgumentTypeError,
//    both a TypeError and a ParameterError) "field: expected <what it accepts>, got <type> <repr>";
//  - a value of the right type but outside what C++ can hold (an int beyond int64, a float
//    overflow, a str that is not valid Unicode) throws ParameterError naming the field.
// Ranges are still checked by the C++ library itself (SolverOptions::validate, ...).
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "myofatigue/core/error.hpp"
#include "myofatigue/core/types.hpp"
#include "myofatigue/model/component.hpp"

namespace myofatigue::python {

namespace py = pybind11;

/// \brief An argument of the wrong type. field() is the argument's name. Translated to
/// myofatigue.ArgumentTypeError (TypeError and ParameterError) by expose_errors.cpp.
class ArgumentTypeError : public ParameterError {
 public:
  using ParameterError::ParameterError;
};

/// \brief result[key] with a key the result does not have. Translated to
/// myofatigue.UnknownVariableError (KeyError and ParameterError).
class UnknownVariable : public ParameterError {
 public:
  using ParameterError::ParameterError;
};

/// \brief "str 'abc'", "None", "list [1e-09, 1e-09]": an object's type and (shortened) repr.
std::string describe(py::handle obj);

/// \brief Throws ArgumentTypeError "field: expected <accepts>, got <describe(obj)>".
[[noreturn]] void wrong_type(const std::string& field, std::string_view accepts, py::handle obj);

/// \brief A real number: int, float or a NumPy integer/floating scalar (or 0-d array); not bool,
/// not str. \throws ArgumentTypeError naming field; ParameterError if the int overflows a double.
double to_real(py::handle obj,
               const std::string& field,
               std::string_view accepts = "a real number");

/// \brief An integer (anything with __index__ except bool) in [lo, hi].
/// \throws ArgumentTypeError naming field; ParameterError outside [lo, hi].
std::int64_t to_int(py::handle obj,
                    const std::string& field,
                    std::int64_t lo = 1,
                    std::int64_t hi = std::numeric_limits<std::int64_t>::max(),
                    std::string_view accepts = "an int");

/// \brief A bool (Python or NumPy). \throws ArgumentTypeError naming field.
bool to_bool(py::handle obj, const std::string& field);

/// \brief ComponentOptions from None or a mapping {"units": int >= 1}.
/// \throws ArgumentTypeError naming field (or "field['units']"); ParameterError for an unknown
/// option, naming it and the valid ones.
ComponentOptions component_options(py::handle obj, const std::string& field);

/// \brief A str as UTF-8. \throws ArgumentTypeError naming field; ParameterError when it cannot
/// be encoded (a lone surrogate such as "\ud800").
std::string to_str(py::handle obj, const std::string& field, std::string_view accepts = "a str");

/// \brief A C-contiguous float64 array (what the array converters below return).
using RealArray = py::array_t<double, py::array::c_style | py::array::forcecast>;

/// \brief `obj` as a float64 array, or a null RealArray when it is not made of real numbers
/// (integers or floats: not None, str, bool, complex or object arrays). Through numpy.asarray,
/// not py::array::ensure: ensure clears whatever the conversion raised, so a KeyboardInterrupt
/// raised mid-conversion (Ctrl-C while NumPy converts what a callback returned, or an __array__
/// that raises) became "returned something that is not an array" and the interrupt was lost.
/// Only NumPy's own refusals (ValueError, TypeError) mean "not real numbers"; anything else
/// propagates.
RealArray as_real_array(py::handle obj);

/// \brief `obj` (an argument) as a float64 array. \throws ArgumentTypeError naming `field`.
RealArray to_real_array(py::handle obj, const std::string& field, const char* expected);

/// \brief A 1-D array as a Vector. \throws ArgumentTypeError or ParameterError naming `field`
/// unless `obj` is 1-D and real.
Vector to_vector_1d(py::handle obj, const std::string& field);

/// \brief True when `obj` is a str (no conversion).
inline bool is_str(py::handle obj) { return PyUnicode_Check(obj.ptr()); }

/// \brief A bound C++ value of type T (checked to be initialised by the guarded caster).
/// \throws ArgumentTypeError naming field when obj is not a T.
template <class T>
const T& to_instance(py::handle obj, const std::string& field, std::string_view accepts) {
  if (!py::isinstance<T>(obj)) wrong_type(field, accepts, obj);
  return obj.cast<const T&>();
}

/// \brief Throws ArgumentTypeError for the first keyword of `unknown` (pybind11 collects the
/// keywords a function does not name into a py::kwargs): "function() got an unexpected keyword
/// argument 'rtl'; did you mean 'rtol'? It takes: ...".
void reject_unknown_keywords(std::string_view function,
                             const py::dict& unknown,
                             const std::vector<std::string>& valid);
inline void reject_unknown_keywords(std::string_view function,
                                    const py::dict& unknown,
                                    std::initializer_list<std::string_view> valid) {
  if (!unknown.empty())
    reject_unknown_keywords(function, unknown,
                            std::vector<std::string>(valid.begin(), valid.end()));
}

// ---------------------------------------------------------------------------------------------
// Guarded casters: `Type.__new__(Type)` makes a Python object whose C++ value was never
// constructed (pybind11 would hand out raw memory). Every bound type's caster checks that the
// instance was initialised before loading it, so any use (self of a method or property, an
// argument, py::cast) raises a TypeError that says how to construct one instead of reading
// garbage. bound_types.hpp declares the caster of every bound type.

/// \brief How a Python user gets an initialised T (specialised by MYOFATIGUE_GUARDED_TYPE).
template <class T>
struct Construction;

/// \brief Throws TypeError when `src` is an instance of the bound type `cpp_type` whose C++
/// value was never constructed.
void require_initialised(py::handle src, const std::type_info& cpp_type, const char* how);

template <class T>
class GuardedCaster : public py::detail::type_caster_base<T> {
 public:
  bool load(py::handle src, bool convert) {
    require_initialised(src, typeid(T), Construction<T>::how);
    return py::detail::type_caster_base<T>::load(src, convert);
  }
};

}  // namespace myofatigue::python

/// Declares, at global scope, the guarded caster of a bound type and how to construct one.
#define MYOFATIGUE_GUARDED_TYPE(Type, how_to_construct)                          \
  namespace myofatigue::python {                                                 \
  template <>                                                                    \
  struct Construction<Type> {                                                    \
    static constexpr const char* how = how_to_construct;                         \
  };                                                                             \
  }                                                                              \
  namespace pybind11::detail {                                                   \
  template <>                                                                    \
  class type_caster<Type> : public ::myofatigue::python::GuardedCaster<Type> {}; \
  }
