// PythonComponent (python_component.hpp): a component whose equations are Python callables.
#include "bound_types.hpp"  // first: the guarded casters of every bound type

#include "python_component.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <sstream>

#include <pybind11/numpy.h>

#include "convert.hpp"
#include "myofatigue/core/error.hpp"

namespace myofatigue::python {

namespace {

using RealArray = py::array_t<double, py::array::c_style | py::array::forcecast>;

/// `obj` as a float64 array, or a null array when it is not made of real numbers. Through
/// numpy.asarray rather than py::array::ensure, which clears whatever error the conversion
/// raised: a KeyboardInterrupt that NumPy's signal check raises mid-conversion must reach the
/// caller, not become "not an array". Only NumPy's own refusals (ValueError, TypeError) mean
/// "not real numbers".
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
    return py::reinterpret_steal<RealArray>(py::handle());
  if (RealArray::check_(raw)) return py::reinterpret_borrow<RealArray>(raw);  // float64, C order
  return py::reinterpret_borrow<RealArray>(raw.attr("astype")("float64", py::arg("order") = "C"));
}

/// A new float64 array holding a copy of n doubles (the callables may keep or modify it).
py::array_t<double> copy_of(const double* data, Index n) {
  py::array_t<double> a(n);
  if (n > 0) std::memcpy(a.mutable_data(), data, sizeof(double) * std::size_t(n));
  return a;
}

std::string shape_of(const py::array& a) {
  std::string s = "(";
  for (py::ssize_t d = 0; d < a.ndim(); ++d) s += (d ? ", " : "") + std::to_string(a.shape(d));
  return s + (a.ndim() == 1 ? ",)" : ")");
}

std::string number(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

/// Copies what a callable returned as `part` (e.g. "dxdt") into out (rows x cols, column-major
/// with leading dimension ld; cols == 0 for a 1-D part of `rows` values), after checking that
/// it is real, of that shape and finite. `names` name the rows (state or signal keys).
void read_part(py::handle obj,
               const std::string& component,
               const std::string& field,
               const std::string& part,
               Index rows,
               Index cols,
               const std::vector<std::string>& names,
               double* out,
               Index ld,
               const std::string& context) {
  const std::string shape = cols == 0
                                ? "(" + std::to_string(rows) + ",)"
                                : "(" + std::to_string(rows) + ", " + std::to_string(cols) + ")";
  RealArray a = as_real_array(obj);
  if (!a)
    throw ArgumentTypeError(
        field, "component '" + component + "' returned " + part + " = " + describe(obj) +
                   "; expected an array of real numbers of shape " + shape + context);
  const bool ok = cols == 0 ? a.ndim() == 1 && a.shape(0) == rows
                            : a.ndim() == 2 && a.shape(0) == rows && a.shape(1) == cols;
  if (!ok)
    throw ModelError(field + ": component '" + component + "' returned " + part + " of shape " +
                         shape_of(a) + ", expected " + shape + context,
                     field);
  const Index c = std::max<Index>(cols, 1);
  for (Index i = 0; i < rows; ++i)
    for (Index j = 0; j < c; ++j) {
      const double v = a.data()[i * c + j];
      if (!std::isfinite(v)) {
        std::string where = cols == 0 ? names[std::size_t(i)]
                                      : "[" + std::to_string(i) + ", " + std::to_string(j) + "]";
        throw ModelError(field + ": component '" + component + "' returned a non-finite " + part +
                             " for " + where + " (" + number(v) + ")" + context,
                         field);
      }
      out[i + j * ld] = v;
    }
}

}  // namespace

GilObject::~GilObject() {
  if (!obj_) return;
  if (Py_IsInitialized()) {
    py::gil_scoped_acquire gil;
    obj_ = py::object();
  } else {
    obj_.release();  // the interpreter is gone: nothing left to release into
  }
}

bool PythonComponent::is_declaration(py::handle obj) {
  const py::object cls = py::module_::import("myofatigue._component").attr("Component");
  return py::isinstance(obj, cls);
}

std::shared_ptr<const PythonComponent> PythonComponent::from_declaration(py::handle declaration) {
  if (!is_declaration(declaration)) wrong_type("component", "a myofatigue.Component", declaration);
  auto s = std::make_shared<Shared>();
  const py::object d = py::reinterpret_borrow<py::object>(declaration);
  s->name = to_str(d.attr("name"), "Component.name");
  s->prefix = to_str(d.attr("prefix"), s->name + ".prefix");
  const std::string& n = s->name;
  auto range = [&](py::handle pair, const std::string& field) {
    if (is_str(pair) || !py::isinstance<py::sequence>(pair) || py::len(pair) != 2)
      wrong_type(field, "a (lo, hi) pair of real numbers", pair);
    const auto t = py::reinterpret_borrow<py::sequence>(pair);
    return Range{to_real(t[0], field), to_real(t[1], field)};
  };
  std::vector<double> defaults;
  for (py::handle st : d.attr("states")) {
    const std::string sym = to_str(st.attr("symbol"), n + ".states");
    s->states.push_back(StateSpec{s->keep(sym), s->keep(to_str(st.attr("unit"), n + ".states")),
                                  s->keep(to_str(st.attr("description"), n + ".states")),
                                  range(st.attr("allowed"), n + ".states"),
                                  to_real(st.attr("initial"), n + ".states")});
    s->state_keys.push_back(s->prefix + "." + sym);
  }
  auto signals = [&](const char* attr, std::vector<SignalSpec>& out) {
    for (py::handle sg : d.attr(attr))
      out.push_back(SignalSpec{s->keep(to_str(sg.attr("key"), n + "." + attr)),
                               s->keep(to_str(sg.attr("unit"), n + "." + attr)),
                               s->keep(to_str(sg.attr("description"), n + "." + attr))});
  };
  signals("reads", s->reads);
  signals("writes", s->writes);
  for (py::handle ch : d.attr("channels")) {
    const std::string composition = to_str(ch.attr("composition"), n + ".channels");
    s->channels.push_back(
        ChannelSpec{s->keep(to_str(ch.attr("key"), n + ".channels")),
                    composition == "offset" ? Composition::Offset : Composition::Gain,
                    s->keep(to_str(ch.attr("description"), n + ".channels"))});
  }
  for (py::handle o : d.attr("observables"))
    s->observables.push_back(
        ObservableSpec{s->keep(to_str(o.attr("symbol"), n + ".observables")),
                       s->keep(to_str(o.attr("unit"), n + ".observables")),
                       s->keep(to_str(o.attr("description"), n + ".observables")),
                       to_bool(o.attr("is_capacity"), n + ".observables")});
  for (py::handle p : d.attr("parameters")) {
    const std::string field = n + ".parameters";
    s->parameters.push_back(ParameterInfo{
        s->keep(to_str(p.attr("symbol"), field)), s->keep(to_str(p.attr("unit"), field)),
        s->keep(to_str(p.attr("description"), field)), to_real(p.attr("default"), field),
        range(p.attr("allowed"), field), range(p.attr("plausible"), field),
        s->keep(to_str(p.attr("source"), field))});
    defaults.push_back(s->parameters.back().default_value);
  }
  for (py::handle c : d.attr("citations"))
    s->citations.push_back(s->keep(to_str(c, n + ".citations")));
  s->declaration.set(d);
  s->rhs.set(d.attr("rhs"));
  if (!d.attr("observe").is_none()) s->observe.set(d.attr("observe"));
  if (!d.attr("jacobian").is_none()) s->jacobian.set(d.attr("jacobian"));
  s->parameter_type.set(d.attr("_parameter_type")());
  return std::make_shared<const PythonComponent>(std::move(s), std::move(defaults));
}

PythonComponent::PythonComponent(std::shared_ptr<const Shared> shared, std::vector<double> values)
    : shared_(std::move(shared)), values_(std::move(values)) {
  py::gil_scoped_acquire gil;
  py::tuple args(values_.size());
  for (std::size_t i = 0; i < values_.size(); ++i) args[i] = py::float_(values_[i]);
  p_ = std::make_shared<const GilObject>(shared_->parameter_type.get()(*args));
}

std::shared_ptr<const Component> PythonComponent::with_parameters(
    std::span<const double> values) const {
  if (values.size() != values_.size())
    throw ParameterError(shared_->prefix, "expects " + std::to_string(values_.size()) +
                                              " parameter values, got " +
                                              std::to_string(values.size()));
  for (std::size_t i = 0; i < values.size(); ++i)
    shared_->parameters[i].check(key(shared_->parameters[i].key), values[i]);
  return std::make_shared<const PythonComponent>(shared_,
                                                 std::vector<double>(values.begin(), values.end()));
}

py::object PythonComponent::call(const GilObject& fn,
                                 const char* which,
                                 double t,
                                 const double* x,
                                 const double* u,
                                 const double* ch) const {
  const Index S = Index(shared_->states.size()), r = Index(shared_->reads.size());
  const Index nch = Index(shared_->channels.size());
  try {
    return fn.get()(t, copy_of(x, S), copy_of(u, r), copy_of(ch, nch), p_->get());
  } catch (py::error_already_set& e) {
    // The user's exception, unchanged, with where it happened (PEP 678 notes, Python >= 3.11).
    if (py::hasattr(e.value(), "add_note"))
      e.value().attr("add_note")("raised by the " + std::string(which) + " of component '" +
                                 shared_->name + "' at t = " + number(t) + " s");
    throw;
  }
}

void PythonComponent::evaluate(double t,
                               const double* x,
                               const double* u,
                               const double* ch,
                               double* f,
                               double* y,
                               const std::string& context) const {
  const Index S = Index(shared_->states.size()), m = Index(shared_->writes.size());
  const std::string field = shared_->name + ".rhs";
  const py::object out = call(shared_->rhs, "rhs", t, x, u, ch);
  if (m == 0) {
    read_part(out, shared_->name, field, "dxdt", S, 0, shared_->state_keys, f, S, context);
    return;
  }
  if (is_str(out) || !py::isinstance<py::sequence>(out) || py::len(out) != 2)
    throw ArgumentTypeError(field, "component '" + shared_->name +
                                       "' writes signals, so its rhs must return the "
                                       "pair (dxdt, outputs); it returned " +
                                       describe(out) + context);
  std::vector<std::string> signal_keys;
  for (const auto& w : shared_->writes) signal_keys.emplace_back(w.key);
  const auto pair = py::reinterpret_borrow<py::sequence>(out);
  read_part(pair[0], shared_->name, field, "dxdt", S, 0, shared_->state_keys, f, S, context);
  read_part(pair[1], shared_->name, field, "outputs", m, 0, signal_keys, y, m, context);
}

void PythonComponent::rhs(const Eval<double>& e) const {
  py::gil_scoped_acquire gil;
  evaluate(e.t, e.x, e.inputs, e.channel, e.dxdt, e.outputs, "");
}

void PythonComponent::observe(const Eval<double>& e, double* out) const {
  if (shared_->observables.empty()) return;
  py::gil_scoped_acquire gil;
  std::vector<std::string> keys;
  for (const auto& o : shared_->observables) keys.push_back(key(o.symbol));
  const py::object values = call(shared_->observe, "observe", e.t, e.x, e.inputs, e.channel);
  read_part(values, shared_->name, shared_->name + ".observe", "observables", Index(keys.size()), 0,
            keys, out, Index(keys.size()), "");
}

Index PythonComponent::memo_size() const {
  const Index S = Index(shared_->states.size()), r = Index(shared_->reads.size());
  const Index m = Index(shared_->writes.size()), nch = Index(shared_->channels.size());
  return (1 + S + r + nch) + (S + m) * (1 + S + r + 1);
}

void PythonComponent::linearise(
    double t, const double* x, const double* u, const double* ch, double* lin) const {
  const Index S = Index(shared_->states.size()), r = Index(shared_->reads.size());
  const Index m = Index(shared_->writes.size()), rows = S + m;
  double* f = lin;         // f (S) then y (m)
  double* J = lin + rows;  // rows x (S + r + 1), column-major: d/dx, d/du, d/dt
  evaluate(t, x, u, ch, f, f + S, "");
  std::fill(J, J + rows * (S + r + 1), 0.0);
  if (shared_->jacobian.get()) {
    const std::string field = shared_->name + ".jacobian";
    const py::object out = call(shared_->jacobian, "jacobian", t, x, u, ch);
    if (!py::isinstance<py::dict>(out))
      throw ArgumentTypeError(
          field, "component '" + shared_->name + "' returned " + describe(out) +
                     "; expected a dict with 'dfdx', 'dfdu', 'dydx', 'dydu' (and optionally "
                     "'dfdt', 'dydt') arrays");
    const auto parts = py::reinterpret_borrow<py::dict>(out);
    std::vector<std::string> signal_keys, state_keys = shared_->state_keys;
    for (const auto& w : shared_->writes) signal_keys.emplace_back(w.key);
    struct Part {
      const char* name;
      Index row0, col0, rows, cols;
      bool vector;  // a 1-D part (the t column), of `rows` values
      bool required;
      const std::vector<std::string>* names;
    };
    const Part table[] = {
        {"dfdx", 0, 0, S, S, false, true, &state_keys},
        {"dfdu", 0, S, S, r, false, r > 0, &state_keys},
        {"dfdt", 0, S + r, S, 0, true, false, &state_keys},
        {"dydx", S, 0, m, S, false, m > 0, &signal_keys},
        {"dydu", S, S, m, r, false, m > 0 && r > 0, &signal_keys},
        {"dydt", S, S + r, m, 0, true, false, &signal_keys},
    };
    std::size_t used = 0;
    for (const Part& p : table) {
      if (!parts.contains(p.name)) {
        if (p.required)
          throw ModelError(field + ": component '" + shared_->name + "' returned no '" + p.name +
                               "' (required: 'dfdx'" + (r > 0 ? ", 'dfdu'" : "") +
                               (m > 0 ? ", 'dydx'" : "") + (m > 0 && r > 0 ? ", 'dydu'" : "") + ")",
                           field);
        continue;
      }
      ++used;
      if (p.rows == 0 || (!p.vector && p.cols == 0)) continue;  // an empty block
      read_part(parts[p.name], shared_->name, field, p.name, p.rows, p.cols, *p.names,
                J + p.row0 + p.col0 * rows, rows, "");
    }
    if (used != parts.size()) {
      std::string unknown;
      for (auto [k, v] : parts) {
        const std::string name = py::str(k);
        bool known = false;
        for (const Part& p : table) known |= name == p.name;
        if (!known) unknown += (unknown.empty() ? "'" : ", '") + name + "'";
      }
      throw ModelError(field + ": component '" + shared_->name + "' returned unknown entries " +
                           unknown + "; valid: 'dfdx', 'dfdu', 'dfdt', 'dydx', 'dydu', 'dydt'",
                       field);
    }
    return;
  }
  // Central differences, one-sided where a state sits at an edge of its allowed range (the rhs
  // may be undefined outside it). Step cbrt(eps) * max(|v|, 1): truncation and round-off balance.
  const double h0 = std::cbrt(std::numeric_limits<double>::epsilon());
  std::vector<double> point(static_cast<std::size_t>(S + r + 1));
  std::vector<double> plus(static_cast<std::size_t>(rows)), minus(static_cast<std::size_t>(rows));
  std::copy(x, x + S, point.begin());
  std::copy(u, u + r, point.begin() + S);
  point[std::size_t(S + r)] = t;
  for (Index j = 0; j < S + r + 1; ++j) {
    const double v = point[std::size_t(j)];
    const double h = h0 * std::max(std::abs(v), 1.0);
    const Range allowed = j < S ? shared_->states[std::size_t(j)].allowed : Range{};
    double hi = v + h, lo = v - h;
    if (hi > allowed.hi) hi = v;
    if (lo < allowed.lo) lo = v;
    if (j == S + r && lo < 0.0) lo = v;  // no time before the start of a run
    const std::string context = " (at a finite-difference point for the Jacobian, d/d" +
                                (j < S       ? shared_->state_keys[std::size_t(j)]
                                 : j < S + r ? std::string(shared_->reads[std::size_t(j - S)].key)
                                             : std::string("t")) +
                                ")";
    auto eval_at = [&](double value, double* out) {
      if (value == v) {
        std::copy(f, f + rows, out);
        return;
      }
      point[std::size_t(j)] = value;
      evaluate(point[std::size_t(S + r)], point.data(), point.data() + S, ch, out, out + S,
               context);
      point[std::size_t(j)] = v;
    };
    eval_at(hi, plus.data());
    eval_at(lo, minus.data());
    const double width = hi - lo;
    if (width == 0.0) continue;  // an empty allowed range: the state cannot move
    for (Index i = 0; i < rows; ++i)
      J[i + j * rows] = (plus[std::size_t(i)] - minus[std::size_t(i)]) / width;
  }
}

void PythonComponent::rhs(const Eval<JacobianDual>& e) const {
  const Index S = Index(shared_->states.size()), r = Index(shared_->reads.size());
  const Index m = Index(shared_->writes.size()), nch = Index(shared_->channels.size()),
              rows = S + m;
  const Index n_key = 1 + S + r + nch;
  std::vector<double> local;
  double* memo = e.memo;
  if (!memo) {
    local.assign(std::size_t(memo_size()), std::numeric_limits<double>::quiet_NaN());
    memo = local.data();
  }
  // The point (channels carry no derivative: interventions depend on time only through the
  // protocol, which the ModelSystem applies as constants).
  std::vector<double> key(static_cast<std::size_t>(n_key));
  key[0] = e.t.v;
  for (Index i = 0; i < S; ++i) key[std::size_t(1 + i)] = e.x[i].v;
  for (Index i = 0; i < r; ++i) key[std::size_t(1 + S + i)] = e.inputs[i].v;
  for (Index i = 0; i < nch; ++i) key[std::size_t(1 + S + r + i)] = e.channel[i].v;
  double* lin = memo + n_key;
  if (!std::equal(key.begin(), key.end(), memo)) {
    memo[0] = std::numeric_limits<double>::quiet_NaN();  // invalid until linearise succeeds
    {
      py::gil_scoped_acquire gil;
      linearise(e.t.v, key.data() + 1, key.data() + 1 + S, key.data() + 1 + S + r, lin);
    }
    std::copy(key.begin(), key.end(), memo);
  }
  const double* J = lin + rows;
  for (Index i = 0; i < rows; ++i) {
    JacobianDual out(lin[i]);
    const std::size_t N = out.d.size();
    for (Index j = 0; j < S; ++j) {
      const double a = J[i + j * rows];
      if (a != 0.0)
        for (std::size_t k = 0; k < N; ++k) out.d[k] += a * e.x[j].d[k];
    }
    for (Index j = 0; j < r; ++j) {
      const double a = J[i + (S + j) * rows];
      if (a != 0.0)
        for (std::size_t k = 0; k < N; ++k) out.d[k] += a * e.inputs[j].d[k];
    }
    const double a = J[i + (S + r) * rows];
    if (a != 0.0)
      for (std::size_t k = 0; k < N; ++k) out.d[k] += a * e.t.d[k];
    if (i < S) e.dxdt[i] = out;
    else e.outputs[i - S] = out;
  }
}

}  // namespace myofatigue::python
