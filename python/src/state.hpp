#pragma once
// The values' states: each immutable value as plain Python data (dict, list, str, float, NumPy
// arrays), from which an equal value is rebuilt. Used for pickling (process pools, Dask: a
// Model, Protocol, ParameterSet or Result crosses processes) and for __eq__ / __hash__.
//
// Every state is a dict with "version": 1, so a later release can add keys and still read old
// pickles. A Model is pickled as what it is made of, not as its memory: per component the
// registered name, the parameter values by symbol and an "options" dict (per-component structure
// such as a motor-unit pool's unit count), rebuilt with the registry and ModelBuilder; a component
// written in Python adds its myofatigue.Component declaration as "component" (pickled by
// reference to its callables) and is rebuilt from it.
#include <string>

#include <pybind11/pybind11.h>

#include "bound_types.hpp"

namespace myofatigue::python {

namespace py = pybind11;

py::dict parameter_set_state(const ParameterSet& set);
ParameterSet parameter_set_from_state(const py::dict& state);

py::dict model_state(const Model& model);
/// \throws ModelError (unknown component, an option this version does not know), ParameterError
/// (unknown parameter symbol or value out of range) naming the field.
Model model_from_state(const py::dict& state);

/// "hold", "intermittent", "rest", "mvc_test" or "stimulate" (Step.kind, and the state's "kind").
std::string step_kind(const Step& step);
py::dict step_state(const Step& step);
Step step_from_state(const py::dict& state);

py::dict protocol_state(const Protocol& protocol);
Protocol protocol_from_state(const py::dict& state);

/// A Result's state holds copies of its arrays (t, data, the failure's state).
py::dict result_state(const Result& result);
Result result_from_state(const py::dict& state);
/// Equal Results: every field, arrays element by element, with NaN equal to NaN (an unpickled
/// Result equals the original).
bool same_result(const Result& a, const Result& b);

/// A hashable form of a state: dicts become sorted tuples of items, lists tuples.
py::object frozen(const py::handle& state);

}  // namespace myofatigue::python
