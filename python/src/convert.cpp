// The conversion layer (convert.hpp): Python arguments to C++ values, with errors that name the
// argument and say what it accepts.
#include "convert.hpp"

#include <cstdio>

#include <pybind11/gil_safe_call_once.h>
#include <pybind11/numpy.h>

#include "myofatigue/core/fuzzy.hpp"

namespace myofatigue::python {

namespace {

/// At most `max_bytes` of UTF-8 text, cut at a character boundary, with "..." when shortened.
std::string shorten(std::string s, std::size_t max_bytes = 60) {
  if (s.size() <= max_bytes) return s;
  std::size_t cut = max_bytes - 3;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // continuation
  s.resize(cut);
  return s + "...";
}

/// numbers.Real (numpy registers its integer and floating scalars there).
py::handle numbers_real() {
  PYBIND11_CONSTINIT static py::gil_safe_call_once_and_store<py::object> storage;
  return storage
      .call_once_and_store_result([] { return py::module_::import("numbers").attr("Real"); })
      .get_stored();
}

/// The dtype kind of a NumPy scalar or 0-d array ('f', 'i', 'u', 'b', ...), or 0 for anything else.
char scalar_kind(py::handle obj) {
  if (py::isinstance<py::array>(obj)) {
    const auto a = py::reinterpret_borrow<py::array>(obj);
    return a.ndim() == 0 ? a.dtype().kind() : char(0);
  }
  if (py::hasattr(obj, "dtype") && py::hasattr(obj, "ndim") && py::hasattr(obj, "item")) {
    // a NumPy scalar (numpy.float32, numpy.bool_, ...)
    const py::object dtype = obj.attr("dtype");
    if (py::isinstance<py::dtype>(dtype) && obj.attr("ndim").cast<int>() == 0)
      return py::reinterpret_borrow<py::dtype>(dtype).kind();
  }
  return 0;
}

bool is_real_number(py::handle obj) {
  PyObject* p = obj.ptr();
  if (PyBool_Check(p)) return false;
  if (PyFloat_Check(p) || PyLong_Check(p)) return true;
  const char kind = scalar_kind(obj);
  if (kind != 0) return kind == 'f' || kind == 'i' || kind == 'u';
  return PyObject_IsInstance(p, numbers_real().ptr()) == 1;
}

std::string unicode_code(Py_UCS4 c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

/// repr(obj), shortened; "<unprintable>" when __repr__ raises or returns text UTF-8 cannot hold.
std::string safe_repr(py::handle obj) {
  try {
    return shorten(py::repr(obj).cast<std::string>());
  } catch (const std::exception&) {  // error_already_set, or cast_error for a lone surrogate
    PyErr_Clear();
    return "<unprintable>";
  }
}

}  // namespace

std::string describe(py::handle obj) {
  if (obj.is_none()) return "None";
  return std::string(py::str(py::type::of(obj).attr("__name__"))) + " " + safe_repr(obj);
}

void wrong_type(const std::string& field, std::string_view accepts, py::handle obj) {
  throw ArgumentTypeError(field, "expected " + std::string(accepts) + ", got " + describe(obj));
}

double to_real(py::handle obj, const std::string& field, std::string_view accepts) {
  if (PyFloat_Check(obj.ptr())) return PyFloat_AS_DOUBLE(obj.ptr());
  if (!is_real_number(obj)) wrong_type(field, accepts, obj);
  const double v = PyFloat_AsDouble(obj.ptr());
  if (v == -1.0 && PyErr_Occurred()) {
    PyErr_Clear();  // OverflowError: an int beyond the range of a double
    throw ParameterError(field, "value " + safe_repr(obj) + " is too large for a float; expected " +
                                    std::string(accepts));
  }
  return v;
}

std::int64_t to_int(py::handle obj,
                    const std::string& field,
                    std::int64_t lo,
                    std::int64_t hi,
                    std::string_view accepts) {
  PyObject* p = obj.ptr();
  if (PyBool_Check(p) || !PyIndex_Check(p) || scalar_kind(obj) == 'b')
    wrong_type(field, accepts, obj);
  const auto index = py::reinterpret_steal<py::object>(PyNumber_Index(p));
  if (!index) {
    PyErr_Clear();  // e.g. a float array: has __index__ but refuses it
    wrong_type(field, accepts, obj);
  }
  int overflow = 0;
  const long long v = PyLong_AsLongLongAndOverflow(index.ptr(), &overflow);
  if (v == -1 && PyErr_Occurred()) throw py::error_already_set();
  if (overflow != 0 || v < lo || v > hi)
    throw ParameterError(field, "value " + safe_repr(index) + " is outside the allowed range [" +
                                    std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return v;
}

ComponentOptions component_options(py::handle obj, const std::string& field) {
  ComponentOptions options;
  if (obj.is_none()) return options;
  if (!PyDict_Check(obj.ptr()))
    wrong_type(field, "a dict of component options, e.g. {\"units\": 120}", obj);
  for (auto [key, value] : py::reinterpret_borrow<py::dict>(obj)) {
    const std::string name = to_str(key, field, "an option name (str)");
    if (name != "units")
      throw ParameterError(field + "['" + name + "']", "is not a component option; valid: 'units'");
    options.units = Index(to_int(value, field + "['units']", 1));
  }
  return options;
}

bool to_bool(py::handle obj, const std::string& field) {
  if (PyBool_Check(obj.ptr())) return obj.ptr() == Py_True;
  if (scalar_kind(obj) == 'b') return PyObject_IsTrue(obj.ptr()) == 1;
  wrong_type(field, "a bool (True or False)", obj);
}

std::string to_str(py::handle obj, const std::string& field, std::string_view accepts) {
  if (!PyUnicode_Check(obj.ptr())) wrong_type(field, accepts, obj);
  Py_ssize_t size = 0;
  const char* text = PyUnicode_AsUTF8AndSize(obj.ptr(), &size);
  if (text) return std::string(text, std::size_t(size));
  // UnicodeEncodeError: a lone surrogate ("\ud800"), which no UTF-8 text can hold.
  py::error_already_set error;
  std::string where;
  if (error.matches(PyExc_UnicodeEncodeError)) {
    const auto start = error.value().attr("start").cast<Py_ssize_t>();
    where = " at index " + std::to_string(start) + " (" +
            unicode_code(PyUnicode_ReadChar(obj.ptr(), start)) + ", a lone surrogate)";
  }
  throw ParameterError(field, "is not valid text: the character" + where +
                                  " cannot be encoded as UTF-8; expected " + std::string(accepts));
}

void reject_unknown_keywords(std::string_view function,
                             const py::dict& unknown,
                             const std::vector<std::string>& names) {
  if (unknown.empty()) return;
  const std::string key = to_str(unknown.begin()->first, "keyword");
  std::string list;
  for (std::size_t i = 0; i < names.size(); ++i) list += (i ? ", " : "") + names[i];
  const std::string hint = detail::suggestion(key, names);
  throw ArgumentTypeError(key, std::string(function) + "() got an unexpected keyword argument '" +
                                   key + "'" + (hint.empty() ? "." : hint) + " It takes: " + list +
                                   ".");
}

void require_initialised(py::handle src, const std::type_info& cpp_type, const char* how) {
  const py::detail::type_info* tinfo = py::detail::get_type_info(cpp_type);
  if (!tinfo || !PyObject_TypeCheck(src.ptr(), tinfo->type)) return;
  auto* inst = reinterpret_cast<py::detail::instance*>(src.ptr());
  // pybind11 sets the value pointer when it constructs or references a C++ value (py::init, a
  // returned value, a reference into a container); only __new__ without __init__ leaves it null.
  // (Loading such an instance would allocate raw memory for it: the guard comes first.)
  const py::detail::value_and_holder v_h = inst->get_value_and_holder(tinfo, false);
  if (v_h && v_h.value_ptr() != nullptr) return;
  const std::string name =
      py::str(py::handle(reinterpret_cast<PyObject*>(tinfo->type)).attr("__name__"));
  throw py::type_error(name + " instance is not initialised (made by " + name +
                       ".__new__() without __init__); get one from " + how);
}

// numpy.asarray, not RealArray::ensure: see convert.hpp.
RealArray as_real_array(py::handle obj) {
  py::array raw;
  try {
    raw = py::module_::import("numpy").attr("asarray")(obj);
  } catch (py::error_already_set& e) {
    if (!e.matches(PyExc_ValueError) && !e.matches(PyExc_TypeError)) throw;
    return py::reinterpret_steal<RealArray>(py::handle());
  }
  const char kind = raw.dtype().kind();
  if (kind != 'f' && kind != 'i' && kind != 'u')
    return py::reinterpret_steal<RealArray>(py::handle());  // null, as RealArray::ensure fails
  return RealArray::ensure(raw);
}

/// `obj` (an argument) as a float64 array. \throws ArgumentTypeError naming `field`.
RealArray to_real_array(py::handle obj, const std::string& field, const char* expected) {
  RealArray a = as_real_array(obj);
  if (!a) wrong_type(field, expected, obj);
  return a;
}

Vector to_vector_1d(py::handle obj, const std::string& field) {
  RealArray a = to_real_array(obj, field, "a 1-D array of real numbers");
  if (a.ndim() != 1)
    throw ParameterError(field,
                         "must be 1-dimensional, got " + std::to_string(a.ndim()) + " dimensions");
  return Eigen::Map<const Vector>(a.data(), a.shape(0));
}

}  // namespace myofatigue::python
