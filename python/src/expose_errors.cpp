// C++ exceptions as Python exceptions. The classes are defined in python/myofatigue/_errors.py
// (docstrings, a `field` attribute, pickling) and imported here. Every invalid-input error of the
// library is a myofatigue.Error, a ValueError subclass, whose `field` is the C++ Error::field()
// (None when empty); a numerical failure raised on request (on_failure="raise") is a SolverError
// carrying the status, time, step size and state.
#include <pybind11/eigen.h>
#include <pybind11/pybind11.h>

#include "convert.hpp"
#include "myofatigue/core/error.hpp"
#include "myofatigue/solvers/status.hpp"

namespace py = pybind11;

namespace myofatigue::python {

namespace {

// Borrowed: the module keeps the exception types alive for the interpreter's lifetime. Plain
// pointers, not static py::objects, so nothing is released after the interpreter has shut down.
PyObject* error_type = nullptr;
PyObject* parameter_error_type = nullptr;
PyObject* protocol_error_type = nullptr;
PyObject* model_error_type = nullptr;
PyObject* solver_error_type = nullptr;
PyObject* argument_type_error_type = nullptr;
PyObject* unknown_variable_error_type = nullptr;

PyObject* export_type(py::module_& m, const py::module_& errors, const char* name) {
  py::object type = errors.attr(name);
  m.attr(name) = type;
  return type.ptr();  // kept alive by both modules
}

/// Raises `type(message, field=field or None)`.
void raise(PyObject* type, const Error& e) {
  py::object field = e.field().empty() ? py::object(py::none()) : py::object(py::str(e.field()));
  py::object exc = py::reinterpret_borrow<py::object>(type)(e.what(), py::arg("field") = field);
  PyErr_SetObject(type, exc.ptr());
}

}  // namespace

void expose_errors(py::module_& m) {
  const py::module_ errors = py::module_::import("myofatigue._errors");
  error_type = export_type(m, errors, "Error");
  parameter_error_type = export_type(m, errors, "ParameterError");
  protocol_error_type = export_type(m, errors, "ProtocolError");
  model_error_type = export_type(m, errors, "ModelError");
  solver_error_type = export_type(m, errors, "SolverError");
  argument_type_error_type = export_type(m, errors, "ArgumentTypeError");
  unknown_variable_error_type = export_type(m, errors, "UnknownVariableError");

  // pybind11's translator type takes the exception_ptr by value.
  // NOLINTNEXTLINE(performance-unnecessary-value-param)
  py::register_exception_translator([](std::exception_ptr p) {
    if (!p) return;
    try {
      std::rethrow_exception(p);
    } catch (const ArgumentTypeError& e) {
      raise(argument_type_error_type, e);
    } catch (const UnknownVariable& e) {
      raise(unknown_variable_error_type, e);
    } catch (const ParameterError& e) {
      raise(parameter_error_type, e);
    } catch (const ProtocolError& e) {
      raise(protocol_error_type, e);
    } catch (const ModelError& e) {
      raise(model_error_type, e);
    } catch (const SolverError& e) {
      // SolverError is a RuntimeError: no `field`, but where and why the solver stopped.
      py::object exc = py::reinterpret_borrow<py::object>(solver_error_type)(e.what());
      exc.attr("status") = std::string(to_string(e.status()));
      exc.attr("t_s") = e.failure().t_s;
      exc.attr("step_s") = e.failure().step_s;
      exc.attr("state") = py::cast(Vector(e.failure().state));
      PyErr_SetObject(solver_error_type, exc.ptr());
    } catch (const Error& e) {
      raise(error_type, e);
    }
  });
}

}  // namespace myofatigue::python
