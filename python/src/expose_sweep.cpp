// Bindings of the sweep pool (simulation/sweep.hpp) for myofatigue/sweep/: a validated spec and
// a run in flight whose finished chunks come back as dicts of NumPy arrays. Private names
// (_SweepSpec, _SweepRun): users call myofatigue.sweep(), which owns the store and the progress.
//
// The GIL is released while waiting for chunks and while joining the workers, so the workers
// (C++ only, or a component written in Python that takes the GIL per call) never wait on the
// thread that drains them.
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "bound_types.hpp"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "myofatigue/simulation/sweep.hpp"
#include "options.hpp"

namespace myofatigue::python {
/// A SweepSpec shared by the runs made from it (immutable once built).
struct SweepSpecHandle {
  std::shared_ptr<const SweepSpec> spec;
};
/// A run whose destructor releases the GIL before joining its workers.
struct SweepRunHandle {
  std::unique_ptr<SweepRun> run;
  SweepRunHandle() = default;
  SweepRunHandle(SweepRunHandle&&) = default;
  ~SweepRunHandle() {
    if (run && Py_IsInitialized() && PyGILState_Check()) {
      py::gil_scoped_release no_gil;
      run.reset();
    }
  }
};
}  // namespace myofatigue::python

MYOFATIGUE_GUARDED_TYPE(myofatigue::python::SweepSpecHandle, "myofatigue.sweep()")
MYOFATIGUE_GUARDED_TYPE(myofatigue::python::SweepRunHandle, "myofatigue.sweep()")

namespace myofatigue::python {

namespace {

std::vector<std::string> to_str_list(const py::object& obj, const std::string& field) {
  std::vector<std::string> out;
  if (obj.is_none()) return out;
  if (is_str(obj) || !py::isinstance<py::iterable>(obj)) wrong_type(field, "a list of str", obj);
  for (auto item : obj) out.push_back(to_str(item, field, "a list of str"));
  return out;
}

Vector to_vector(const py::object& obj, const std::string& field) {
  if (obj.is_none()) return {};
  const auto a = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(obj);
  if (!a || a.ndim() != 1) wrong_type(field, "a 1-D array of real numbers", obj);
  return Eigen::Map<const Vector>(a.data(), a.shape(0));
}

template <class T>
py::array_t<T> array_of(const std::vector<T>& v, std::vector<py::ssize_t> shape) {
  py::array_t<T> a(shape);
  std::copy(v.begin(), v.end(), a.mutable_data());
  return a;
}

py::array_t<double> array_of(const SweepChunk::Rows& m, const std::vector<py::ssize_t>& shape) {
  py::array_t<double> a(shape);
  std::copy(m.data(), m.data() + m.size(), a.mutable_data());
  return a;
}

py::dict chunk_dict(const SweepChunk& c, const SweepSpec& spec) {
  py::dict d;
  const auto n = py::ssize_t(c.count);
  d["id"] = c.id;
  d["first"] = c.first;
  d["count"] = c.count;
  d["status"] = array_of(c.status, {n});
  py::list messages;
  for (const auto& m : c.message) messages.append(py::str(m));
  d["message"] = messages;
  d["t_fail_s"] = py::array_t<double>(n, c.t_fail_s.data());
  d["wall_s"] = py::array_t<double>(n, c.wall_s.data());
  if (const auto* e = std::get_if<EnduranceTask>(&spec.task)) {
    // A chunk that failed as a whole (no buffers) leaves its arrays empty: NaN-filled here.
    SweepChunk::Rows et = c.endurance_time_s.size() ? c.endurance_time_s
                                                    : SweepChunk::Rows::Constant(
                                                          c.count, Index(e->loads.size()),
                                                          std::numeric_limits<double>::quiet_NaN());
    d["endurance_time_s"] = array_of(et, {n, py::ssize_t(e->loads.size())});
  } else {
    const auto& s = std::get<SimulateTask>(spec.task);
    const auto steps = py::ssize_t(s.protocol.steps().size());
    const auto times = py::ssize_t(s.outputs.times_s.size());
    const auto nan = std::numeric_limits<double>::quiet_NaN();
    auto block = [&](const SweepChunk::Rows& m, Index cols) {
      return m.size() ? m : SweepChunk::Rows::Constant(c.count, cols, nan);
    };
    d["final"] = array_of(block(c.final_values, Index(s.outputs.final_keys.size())),
                          {n, py::ssize_t(s.outputs.final_keys.size())});
    d["step_end_s"] = array_of(block(c.step_end_s, steps), {n, steps});
    std::vector<std::int8_t> reasons = c.step_end_reason;
    reasons.resize(std::size_t(n * steps), std::int8_t(-1));
    d["step_end_reason"] = array_of(reasons, {n, steps});
    d["mvc_fraction"] = array_of(block(c.mvc_fraction, steps), {n, steps});
    const auto n_traj = py::ssize_t(s.outputs.trajectory_keys.size());
    d["trajectory"] = array_of(block(c.trajectory, Index(n_traj * times)), {n, n_traj, times});
  }
  return d;
}

}  // namespace

void expose_sweep(py::module_& m) {
  py::class_<SweepSpecHandle>(m, "_SweepSpec",
                              "A validated sweep specification (private: see myofatigue.sweep).")
      .def(py::init([](const py::object& model, const py::object& keys, const py::object& points,
                       const py::object& loads, const py::object& protocol,
                       const py::object& final_keys, const py::object& trajectory_keys,
                       const py::object& times_s, const py::object& chunk_points,
                       const py::dict& options) {
             auto spec = std::make_shared<SweepSpec>(
                 SweepSpec{to_instance<Model>(model, "model", "a Model"), to_str_list(keys, "keys"),
                           Matrix(), EnduranceTask{}, to_simulation_options(options),
                           Index(to_int(chunk_points, "chunk", 1,
                                        std::numeric_limits<std::int32_t>::max(), "an int >= 1"))});
             const auto a =
                 py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(points);
             if (!a || a.ndim() != 2) wrong_type("points", "a 2-D array of real numbers", points);
             spec->points = Eigen::Map<
                 const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
                 a.data(), a.shape(0), a.shape(1));
             if (protocol.is_none()) {
               const Vector l = to_vector(loads, "loads");
               spec->task = EnduranceTask{std::vector<double>(l.data(), l.data() + l.size())};
             } else {
               spec->task =
                   SimulateTask{to_instance<Protocol>(protocol, "protocol", "a Protocol"),
                                SweepOutputs{to_str_list(final_keys, "outputs.final"),
                                             to_str_list(trajectory_keys, "outputs.trajectory"),
                                             to_vector(times_s, "outputs.t")}};
             }
             spec->validate();
             return SweepSpecHandle{std::move(spec)};
           }),
           py::arg("model"), py::arg("keys"), py::arg("points"), py::arg("loads"),
           py::arg("protocol"), py::arg("final_keys"), py::arg("trajectory_keys"),
           py::arg("times_s"), py::arg("chunk_points"), py::arg("options"))
      .def_property_readonly("n_chunks",
                             [](const SweepSpecHandle& h) { return h.spec->n_chunks(); })
      .def_property_readonly("n_points",
                             [](const SweepSpecHandle& h) { return h.spec->n_points(); })
      .def(
          "run_chunk",
          [](const SweepSpecHandle& h, const py::object& chunk_id,
             const py::object& point_timeout_s) -> py::object {
            const Index id = Index(to_int(chunk_id, "chunk_id", 0, h.spec->n_chunks() - 1));
            const double timeout =
                point_timeout_s.is_none()
                    ? std::numeric_limits<double>::infinity()
                    : to_real(point_timeout_s, "point_timeout_s", "a duration [s] > 0, or None");
            std::optional<SweepChunk> c;
            {
              py::gil_scoped_release no_gil;
              c = run_sweep_chunk(*h.spec, id, nullptr, timeout);
            }
            return chunk_dict(*c, *h.spec);
          },
          py::arg("chunk_id"), py::arg("point_timeout_s") = py::none(),
          "Runs one chunk on this thread (GIL released; the Dask back end's task); a dict of "
          "arrays.");

  py::class_<SweepRunHandle>(m, "_SweepRun",
                             "A sweep in flight on the C++ thread pool (private: see "
                             "myofatigue.sweep).")
      .def(py::init([](const SweepSpecHandle& spec, const py::object& chunk_ids,
                       const py::object& threads, const py::object& point_timeout_s) {
             std::vector<Index> ids;
             for (auto item : chunk_ids) ids.push_back(Index(to_int(item, "chunk_ids", 0)));
             SweepRunOptions o;
             o.threads = unsigned(to_int(threads, "threads", 1, 4096, "an int in [1, 4096]"));
             o.point_timeout_s =
                 point_timeout_s.is_none()
                     ? std::numeric_limits<double>::infinity()
                     : to_real(point_timeout_s, "point_timeout_s", "a duration [s] > 0, or None");
             SweepRunHandle h;
             h.run = std::make_unique<SweepRun>(spec.spec, std::move(ids), o);
             return h;
           }),
           py::arg("spec"), py::arg("chunk_ids"), py::arg("threads"), py::arg("point_timeout_s"),
           py::keep_alive<1, 2>())
      .def(
          "next_completed",
          [](SweepRunHandle& h, const SweepSpecHandle& spec, double timeout_s) -> py::object {
            std::optional<SweepChunk> c;
            {
              py::gil_scoped_release no_gil;
              c = h.run->next_completed(timeout_s);
            }
            if (!c) return py::none();
            return chunk_dict(*c, *spec.spec);
          },
          py::arg("spec"), py::arg("timeout_s"),
          "The next finished chunk as a dict of arrays, or None after timeout_s [s] (GIL "
          "released while waiting).")
      .def_property_readonly("finished", [](const SweepRunHandle& h) { return h.run->finished(); })
      .def_property_readonly("points_done",
                             [](const SweepRunHandle& h) { return h.run->points_done(); })
      .def_property_readonly("threads", [](const SweepRunHandle& h) { return h.run->threads(); })
      .def("request_stop", [](SweepRunHandle& h) { h.run->request_stop(); })
      .def("join", [](SweepRunHandle& h) {
        py::gil_scoped_release no_gil;
        h.run->join();
      });

  m.def(
      "_result_variables",
      [](const Model& model) {
        py::dict d;
        for (const auto& v : result_variables(model)) d[py::str(v.name)] = v.unit;
        return d;
      },
      py::arg("model"), "{key: unit} of every variable simulate(model, ...) records.");
  m.def(
      "_point_status_names",
      [] {
        std::vector<std::string> names;
        for (int s = 0; s <= int(PointStatus::Crashed); ++s)
          names.emplace_back(to_string(PointStatus(s)));
        return names;
      },
      "Point status names by code (0 = pending).");
}

}  // namespace myofatigue::python
