// The extension module myofatigue._core. Each expose_*.cpp binds one layer of the C++ API; the
// pure-Python package (python/myofatigue/) re-exports what users import.
#include <pybind11/pybind11.h>

#include "myofatigue/version.hpp"

namespace py = pybind11;

namespace myofatigue::python {
void expose_errors(py::module_& m);
void expose_solve(py::module_& m);
void expose_simulation(py::module_& m);
void expose_sweep(py::module_& m);
void expose_sensitivities(py::module_& m);
}  // namespace myofatigue::python

PYBIND11_MODULE(_core, m) {
  m.doc() = "myofatigue's compiled core (bindings of the C++ library); import myofatigue instead.";
  m.attr("__version__") = MYOFATIGUE_VERSION_INFO;
  // Errors first: the other layers' docstrings and default arguments may raise them.
  myofatigue::python::expose_errors(m);
  myofatigue::python::expose_solve(m);
  myofatigue::python::expose_simulation(m);
  myofatigue::python::expose_sweep(m);
  myofatigue::python::expose_sensitivities(m);
}
