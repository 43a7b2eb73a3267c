// C++ exceptions as Python exceptions. Every invalid-input error of the library is a ValueError
// subclass (so `except ValueError` catches all of them); a numerical failure raised on request
// (on_failure="raise") is a SolverError carrying the status, time, step size and state.
#include <pybind11/eigen.h>
#include <pybind11/pybind11.h>

#include "myofatigue/core/error.hpp"
#include "myofatigue/solvers/status.hpp"

namespace py = pybind11;

namespace myofatigue::python {

namespace {

// Borrowed: the module owns the exception types for the interpreter's lifetime. Plain pointers,
// not static py::objects, so nothing is released after the interpreter has shut down.
PyObject* error_type = nullptr;
PyObject* parameter_error_type = nullptr;
PyObject* protocol_error_type = nullptr;
PyObject* model_error_type = nullptr;
PyObject* solver_error_type = nullptr;

PyObject* add_type(py::module_& m, const char* name, PyObject* base, const char* doc) {
  py::object type = py::reinterpret_steal<py::object>(PyErr_NewExceptionWithDoc(
      (std::string("myofatigue.") + name).c_str(), doc, base, nullptr));
  if (!type) throw py::error_already_set();
  m.attr(name) = type;
  return type.ptr();
}

/// Raises an instance of `type` with `message` and extra attributes.
void raise(PyObject* type, const char* message, const py::dict& attributes = {}) {
  py::object exc = py::reinterpret_borrow<py::object>(type)(message);
  for (auto [key, value] : attributes) exc.attr(key) = value;
  PyErr_SetObject(type, exc.ptr());
}

}  // namespace

void expose_errors(py::module_& m) {
  error_type = add_type(m, "Error", PyExc_ValueError,
                        "Base of myofatigue's invalid-input errors (a ValueError).");
  parameter_error_type = add_type(
      m, "ParameterError", error_type,
      "An invalid parameter, option or argument. The message starts with the field name and "
      "states the allowed range; raised from C++ it also has the attribute `field`.");
  protocol_error_type = add_type(
      m, "ProtocolError", error_type,
      "An invalid protocol: the message names the step index, the bad text and valid examples.");
  model_error_type = add_type(
      m, "ModelError", error_type,
      "An invalid model assembly (unknown component, unresolved signal, missing observable).");
  // A numerical failure is not bad input: SolverError is a RuntimeError, not a ValueError.
  solver_error_type = add_type(
      m, "SolverError", PyExc_RuntimeError,
      "The solver failed and on_failure='raise' was requested. Attributes: status (str), t_s and "
      "step_s (float), state (numpy array): the last accepted point and the step that failed.");

  py::register_exception_translator([](std::exception_ptr p) {
    if (!p) return;
    try {
      std::rethrow_exception(p);
    } catch (const ParameterError& e) {
      py::dict attributes;
      attributes["field"] = e.field();
      raise(parameter_error_type, e.what(), attributes);
    } catch (const ProtocolError& e) {
      raise(protocol_error_type, e.what());
    } catch (const ModelError& e) {
      raise(model_error_type, e.what());
    } catch (const SolverError& e) {
      py::dict attributes;
      attributes["status"] = std::string(to_string(e.status()));
      attributes["t_s"] = e.failure().t_s;
      attributes["step_s"] = e.failure().step_s;
      attributes["state"] = py::cast(Vector(e.failure().state));
      raise(solver_error_type, e.what(), attributes);
    } catch (const Error& e) {
      raise(error_type, e.what());
    }
  });
}

}  // namespace myofatigue::python
