// The extension module myofatigue._core. Each expose_*.cpp binds one concept of the C++ API; the
// pure-Python package (python/myofatigue/) re-exports what users import.
#include <pybind11/pybind11.h>

#include "myofatigue/version.hpp"

namespace py = pybind11;

namespace myofatigue::python {
void expose_errors(py::module_& m);
void expose_solve(py::module_& m);
void expose_problems(py::module_& m);
void expose_parameters(py::module_& m);
void expose_model(py::module_& m);
void expose_protocol(py::module_& m);
void expose_result(py::module_& m);
void expose_simulate(py::module_& m);
void expose_sweep(py::module_& m);
void expose_sensitivities(py::module_& m);
}  // namespace myofatigue::python

PYBIND11_MODULE(_core, m) {
  m.doc() = "myofatigue's compiled core (bindings of the C++ library); import myofatigue instead.";
  m.attr("__version__") = MYOFATIGUE_VERSION_INFO;
  // Errors first: the other layers' docstrings and default arguments may raise them. Then each
  // class before the functions whose signatures name it (pybind11 writes a class not yet bound
  // by its C++ name).
  myofatigue::python::expose_errors(m);
  myofatigue::python::expose_solve(m);
  myofatigue::python::expose_problems(m);
  myofatigue::python::expose_parameters(m);
  myofatigue::python::expose_model(m);
  myofatigue::python::expose_protocol(m);
  myofatigue::python::expose_result(m);
  myofatigue::python::expose_simulate(m);
  myofatigue::python::expose_sweep(m);
  myofatigue::python::expose_sensitivities(m);
}
