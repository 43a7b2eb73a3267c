#pragma once
// A registered component alone, with a stub producer for every signal it reads that neither the
// protocol nor it itself writes (shared by the conformance checks and the sensitivity tests).
#include <memory>
#include <string>
#include <vector>

#include "myofatigue/model/model.hpp"
#include "myofatigue/model/registry.hpp"

namespace myofatigue::test {

// Writes each of the given signals from one state of its own (dx/dt = 0, allowed [0, 1]), so a
// component that reads signals other components write can be built and checked alone, and the
// AD and finite-difference Jacobians see the chain through its inputs.
class StubProducer : public Component {
 public:
  explicit StubProducer(const std::vector<SignalSpec>& signals) {
    for (std::size_t k = 0; k < signals.size(); ++k) {
      keys_.emplace_back(signals[k].key);
      units_.emplace_back(signals[k].unit);
      symbols_.emplace_back("s");
      symbols_.back().append(std::to_string(k));  // by append: g++ 12 -O3 false -Wrestrict
    }
    for (std::size_t k = 0; k < signals.size(); ++k) {
      writes_.push_back({keys_[k], units_[k], "stub value"});
      states_.push_back({symbols_[k], units_[k], "stub value", {0.0, 1.0}, 0.5});
    }
  }
  StubProducer(const StubProducer&) = delete;
  StubProducer& operator=(const StubProducer&) = delete;

  std::string_view name() const override { return "stub_producer"; }
  std::string_view prefix() const override { return "stub"; }
  std::span<const StateSpec> states() const override { return states_; }
  std::span<const SignalSpec> reads() const override { return {}; }
  std::span<const SignalSpec> writes() const override { return writes_; }
  std::span<const ChannelSpec> channels() const override { return {}; }
  std::span<const ObservableSpec> observables() const override { return {}; }
  std::span<const SwitchSpec> switches() const override { return {}; }
  std::span<const ParameterInfo> parameter_info() const override { return {}; }
  std::span<const std::string_view> citations() const override { return {}; }
  std::span<const double> parameters() const override { return {}; }
  std::shared_ptr<const Component> with_parameters(std::span<const double>) const override {
    std::vector<SignalSpec> signals(writes_.begin(), writes_.end());
    return std::make_shared<const StubProducer>(signals);
  }
  void rhs(const Eval<double>& e) const override { stub_rhs(e); }
  void rhs(const Eval<JacobianDual>& e) const override { stub_rhs(e); }

 private:
  template <class T>
  void stub_rhs(const Eval<T>& e) const {
    for (std::size_t k = 0; k < writes_.size(); ++k) {
      e.outputs[k] = e.x[k];
      e.dxdt[k] = T(0.0);
    }
  }
  std::vector<std::string> keys_, units_, symbols_;
  std::vector<SignalSpec> writes_;
  std::vector<StateSpec> states_;
};

// The registered component alone (default options), with a stub producer for every signal it
// reads that neither the protocol nor it itself writes.
inline Model single(const std::string& name) {
  const auto c = registry().make_component(name);
  std::vector<SignalSpec> missing;
  for (const auto& r : c->reads()) {
    bool provided = false;
    for (const auto& s : protocol_signals) provided |= s.key == r.key;
    for (const auto& w : c->writes()) provided |= w.key == r.key;
    if (!provided) missing.push_back(r);
  }
  ModelBuilder b;
  b.add(c);
  if (!missing.empty()) b.add(std::make_shared<const StubProducer>(missing));
  return b.build();
}

}  // namespace myofatigue::test
