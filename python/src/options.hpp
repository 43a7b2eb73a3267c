#pragma once
// The one converter of the solver options that simulate(), endurance_time() and the sweeps take
// besides their model and task. Each option's default is read from SimulationOptions{} (the C++
// struct), both for the bindings' signatures (option_arg) and for an option a caller leaves out
// (to_simulation_options), so no binding restates a default.
#include <pybind11/pybind11.h>

#include "myofatigue/simulation/simulate.hpp"

namespace myofatigue::python {

namespace py = pybind11;

/// \brief SimulationOptions from {option name: Python value}; an absent option keeps its default
/// from SimulationOptions{}. Ranges are checked later, by SimulationOptions::validate.
/// \throws ArgumentTypeError naming the option of the wrong type, or the first unknown name;
/// ParameterError for an unknown method, linear solver or on_failure value.
SimulationOptions to_simulation_options(const py::dict& options);

/// \brief The keyword argument `name` (one of the options) with its default from
/// SimulationOptions{}, for a binding's signature. \throws std::out_of_range for another name.
py::arg_v option_arg(const char* name);

/// \brief {option name: default from SimulationOptions{}} for every option, for the Python
/// layers that take options themselves (the sweeps' fingerprint), so they restate none.
py::dict option_defaults();

/// \brief The "Args:" lines of the options (except on_failure), shared by the docstrings.
extern const char* const options_doc;

}  // namespace myofatigue::python
