#pragma once
// A component whose equations are Python callables (myofatigue.Component, declared in
// python/myofatigue/_component.py), composed with the registered C++ components by ModelBuilder.
//
// The solves run without the GIL; every call into Python takes it (py::gil_scoped_acquire), and
// what the callables return is checked (type, shape, finiteness) with errors naming the component
// and the callable. An exception the callable raises (KeyboardInterrupt included) unwinds the
// solver, which holds only RAII scratch, and reaches the caller unchanged, with a note naming the
// component and the time.
//
// Python cannot be called with AD duals, so rhs(Eval<JacobianDual>) is exact from a
// linearisation at the double point: value f(x), derivative parts J_x x.d + J_u inputs.d +
// J_t t.d, with J from the user's `jacobian` or from central differences of `rhs`. The
// linearisation is kept in Eval::memo (per run, owned by the ModelSystem) keyed by the exact
// point, so the dual passes of one Jacobian (whole-state AD seeds 8 directions per pass) compute
// it once, and the component itself stays immutable.
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include <pybind11/pybind11.h>

#include "myofatigue/model/component.hpp"

namespace myofatigue::python {

namespace py = pybind11;

/// \brief A strong reference to a Python object that may be dropped on any thread: the last
/// owner of a Model may be C++ code running without the GIL, so the release takes it.
class GilObject {
 public:
  GilObject() = default;
  explicit GilObject(py::object o) : obj_(std::move(o)) {}
  GilObject(const GilObject&) = delete;
  GilObject& operator=(const GilObject&) = delete;
  ~GilObject();
  /// With the GIL held.
  void set(py::object o) { obj_ = std::move(o); }
  const py::object& get() const noexcept { return obj_; }

 private:
  py::object obj_;
};

class PythonComponent final : public Component {
 public:
  /// \brief Built from a myofatigue.Component (GIL held), with its default parameter values.
  /// \throws ArgumentTypeError / ModelError naming the field of the declaration that is wrong.
  static std::shared_ptr<const PythonComponent> from_declaration(py::handle declaration);
  /// \brief True when `obj` is a myofatigue.Component.
  static bool is_declaration(py::handle obj);
  /// \brief The myofatigue.Component it was built from (GIL held).
  py::object declaration() const { return shared_->declaration.get(); }

  std::string_view name() const override { return shared_->name; }
  std::string_view prefix() const override { return shared_->prefix; }
  std::span<const StateSpec> states() const override { return shared_->states; }
  std::span<const SignalSpec> reads() const override { return shared_->reads; }
  std::span<const SignalSpec> writes() const override { return shared_->writes; }
  std::span<const ChannelSpec> channels() const override { return shared_->channels; }
  std::span<const ObservableSpec> observables() const override { return shared_->observables; }
  std::span<const SwitchSpec> switches() const override { return {}; }
  std::span<const ParameterInfo> parameter_info() const override { return shared_->parameters; }
  std::span<const std::string_view> citations() const override { return shared_->citations; }
  std::span<const double> parameters() const override { return values_; }
  /// \throws ParameterError naming the full key, value, unit and allowed range.
  std::shared_ptr<const Component> with_parameters(std::span<const double> values) const override;

  /// \brief Calls rhs(t, x, inputs, channels, p) with the GIL.
  /// \throws ArgumentTypeError (not real numbers) or ModelError (wrong shape, not finite)
  /// naming the component and the callable; whatever the callable raised.
  void rhs(const Eval<double>& e) const override;
  /// \brief Exact from the linearisation at the value point (see the file comment).
  void rhs(const Eval<JacobianDual>& e) const override;
  void observe(const Eval<double>& e, double* out) const override;
  /// \brief The key, the value and the linearisation of the last dual evaluation.
  Index memo_size() const override;

  /// Immutable parts shared by every copy (with_parameters): the strings the specs view, the
  /// specs and the callables.
  struct Shared {
    std::deque<std::string> text;  // stable storage for the string_views of the specs
    std::string name, prefix;
    std::vector<StateSpec> states;
    std::vector<SignalSpec> reads, writes;
    std::vector<ChannelSpec> channels;
    std::vector<ObservableSpec> observables;
    std::vector<ParameterInfo> parameters;
    std::vector<std::string_view> citations;
    std::vector<std::string> state_keys;  // "prefix.symbol", for messages
    GilObject declaration, rhs, observe, jacobian, parameter_type;
    std::string_view keep(std::string s) { return text.emplace_back(std::move(s)); }
  };

  /// GIL held. Public for std::make_shared; use from_declaration.
  PythonComponent(std::shared_ptr<const Shared> shared, std::vector<double> values);

 private:
  // With the GIL: calls rhs at the point, writing dxdt (S) and outputs (m); `context` says why
  // (empty, or the finite-difference column) for messages.
  void evaluate(double t,
                const double* x,
                const double* u,
                const double* ch,
                double* f,
                double* y,
                const std::string& context) const;
  // With the GIL: value and Jacobian at the point into lin = [f (S+m) | J (S+m) x (S+r+1)].
  void linearise(double t, const double* x, const double* u, const double* ch, double* lin) const;
  py::object call(const GilObject& fn,
                  const char* which,
                  double t,
                  const double* x,
                  const double* u,
                  const double* ch) const;

  std::shared_ptr<const Shared> shared_;
  std::vector<double> values_;
  std::shared_ptr<const GilObject> p_;  // the named tuple of values_ handed to the callables
};

}  // namespace myofatigue::python
