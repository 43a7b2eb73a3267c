// Model assembly: state offsets, signal resolution (producers before consumers), channels.
#include "myofatigue/model/model.hpp"

#include <algorithm>
#include <functional>
#include <map>

#include "myofatigue/core/fuzzy.hpp"
#include "myofatigue/model/registry.hpp"

namespace myofatigue {

std::optional<Index> Model::channel_id(std::string_view key) const {
  for (std::size_t i = 0; i < channels_.size(); ++i)
    if (channels_[i].key == key) return Index(i);
  return std::nullopt;
}

Index Model::state_index(std::string_view key) const {
  for (const auto& s : states_)
    if (s.key == key) return s.offset;
  std::vector<std::string> keys;
  for (const auto& s : states_) keys.push_back(s.key);
  throw ParameterError(std::string(key), "is not a state of this model" + detail::suggestion(key, keys));
}

ParameterSet Model::parameters() const {
  ParameterSet::Map m;
  for (const auto& c : components_) {
    const auto info = c->parameter_info();
    const auto values = c->parameters();
    for (std::size_t i = 0; i < info.size(); ++i) m[c->key(info[i].key)] = values[i];
  }
  return ParameterSet("", std::move(m));
}

Model Model::with_parameters(const ParameterSet& values) const {
  Model copy = *this;
  std::vector<std::string> known = parameters().keys();
  for (const auto& [key, v] : values.values())
    if (std::find(known.begin(), known.end(), key) == known.end())
      throw ParameterError(key, "is not a parameter of this model" + detail::suggestion(key, known));
  for (auto& c : copy.components_) {
    const auto info = c->parameter_info();
    std::vector<double> v(c->parameters().begin(), c->parameters().end());
    bool changed = false;
    for (std::size_t i = 0; i < info.size(); ++i)
      if (auto x = values.find(c->key(info[i].key))) {
        v[i] = *x;
        changed = true;
      }
    if (changed) c = c->with_parameters(v);
  }
  return copy;
}

Vector Model::initial_state() const {
  Vector x(n_states_);
  for (std::size_t k = 0; k < components_.size(); ++k) {
    const auto specs = components_[k]->states();
    for (std::size_t i = 0; i < specs.size(); ++i) x[wiring_[k].offset + Index(i)] = specs[i].initial;
  }
  return x;
}

std::vector<std::string> Model::citations() const {
  std::vector<std::string> keys;
  for (const auto& c : components_)
    for (auto k : c->citations())
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.emplace_back(k);
  return keys;
}

ModelBuilder& ModelBuilder::add(std::shared_ptr<const Component> component) {
  if (!component) throw ModelError("ModelBuilder::add: null component");
  components_.push_back(std::move(component));
  return *this;
}

ModelBuilder& ModelBuilder::add(std::string_view registered_name, const ParameterSet& parameters) {
  auto c = registry().make_component(registered_name);
  if (!parameters.empty()) {
    // Validate through a one-component model so unknown keys get suggestions.
    Model m = ModelBuilder().add(c).build().with_parameters(parameters);
    c = m.components().front();
  }
  return add(std::move(c));
}

Model ModelBuilder::build() const {
  if (components_.empty()) throw ModelError("a model needs at least one component");
  Model m;
  // Signals: protocol signals first, then every component output.
  std::map<std::string, Index, std::less<>> signal_id;
  std::map<std::string, std::size_t, std::less<>> producer;
  for (const auto& s : protocol_signals) {
    signal_id.emplace(std::string(s.key), Index(m.signal_keys_.size()));
    m.signal_keys_.emplace_back(s.key);
  }
  for (std::size_t k = 0; k < components_.size(); ++k)
    for (const auto& s : components_[k]->writes()) {
      if (signal_id.count(s.key))
        throw ModelError("signal '" + std::string(s.key) + "' is written by more than one producer ('" +
                         std::string(components_[k]->name()) + "' and another)");
      signal_id.emplace(std::string(s.key), Index(m.signal_keys_.size()));
      producer.emplace(std::string(s.key), k);
      m.signal_keys_.emplace_back(s.key);
    }
  // Every read needs a producer.
  for (const auto& c : components_)
    for (const auto& s : c->reads())
      if (!signal_id.count(s.key)) {
        std::string who;
        for (const auto& name : registry().component_names()) {
          auto candidate = registry().make_component(name);
          for (const auto& w : candidate->writes())
            if (w.key == s.key) who += (who.empty() ? "" : ", ") + name;
        }
        throw ModelError("component '" + std::string(c->name()) + "' reads signal '" +
                         std::string(s.key) + "' that nothing produces" +
                         (who.empty() ? std::string() : "; add one of: " + who));
      }
  // Topological order: a component runs after the producers of everything it reads.
  std::vector<std::size_t> order;
  std::vector<int> mark(components_.size(), 0);  // 0 new, 1 visiting, 2 done
  std::function<void(std::size_t)> visit = [&](std::size_t k) {
    if (mark[k] == 2) return;
    if (mark[k] == 1)
      throw ModelError("signal cycle through component '" + std::string(components_[k]->name()) + "'");
    mark[k] = 1;
    for (const auto& s : components_[k]->reads())
      if (auto it = producer.find(s.key); it != producer.end()) visit(it->second);
    mark[k] = 2;
    order.push_back(k);
  };
  for (std::size_t k = 0; k < components_.size(); ++k) visit(k);

  for (std::size_t k : order) {
    const auto& c = components_[k];
    Model::Wiring w;
    w.offset = m.n_states_;
    w.size = Index(c->states().size());
    w.switch_offset = Index(m.switch_keys_.size());
    for (const auto& sw : c->switches()) m.switch_keys_.push_back(c->key(sw.symbol));
    for (const auto& s : c->reads()) w.reads.push_back(signal_id.at(std::string(s.key)));
    for (const auto& s : c->writes()) w.writes.push_back(signal_id.at(std::string(s.key)));
    for (const auto& ch : c->channels()) {
      auto id = m.channel_id(ch.key);
      if (!id) {
        id = Index(m.channels_.size());
        m.channels_.push_back({std::string(ch.key), ch.composition});
      } else if (m.channels_[std::size_t(*id)].composition != ch.composition) {
        throw ModelError("channel '" + std::string(ch.key) + "' is declared both as a gain and an offset");
      }
      w.channels.push_back(*id);
    }
    const Index ci = Index(m.components_.size());
    for (std::size_t i = 0; i < c->states().size(); ++i) {
      const auto& s = c->states()[i];
      m.states_.push_back({c->key(s.symbol), std::string(s.unit), w.offset + Index(i), ci, s.allowed});
    }
    for (const auto& o : c->observables()) {
      if (o.is_capacity) {
        if (m.capacity_)
          throw ModelError("more than one component defines the capacity observable");
        m.capacity_ = Index(m.observable_keys_.size());
      }
      m.observable_keys_.push_back(c->key(o.symbol));
    }
    m.n_states_ += w.size;
    m.components_.push_back(c);
    m.wiring_.push_back(std::move(w));
  }
  return m;
}

}  // namespace myofatigue
