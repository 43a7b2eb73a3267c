// Model assembly: state offsets, signal resolution (producers before consumers), channels.
#include "myofatigue/model/model.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

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
  throw ParameterError(std::string(key),
                       "is not a state of this model" + detail::suggestion(key, keys));
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
      throw ParameterError(key,
                           "is not a parameter of this model" + detail::suggestion(key, known));
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
    const Index S = Index(components_[k]->states().size());
    for (Index u = 0; u < wiring_[k].units; ++u)
      components_[k]->rested_state(x.data() + wiring_[k].offset + u * S);
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
  if (!component) throw ModelError("ModelBuilder::add: null component", "component");
  components_.push_back(std::move(component));
  return *this;
}

ModelBuilder& ModelBuilder::add(std::string_view registered_name, const ParameterSet& parameters) {
  return add(registered_name, parameters, ComponentOptions{});
}

ModelBuilder& ModelBuilder::add(std::string_view registered_name,
                                const ParameterSet& parameters,
                                const ComponentOptions& options) {
  auto c = registry().make_component(registered_name, options);
  if (!parameters.empty()) {
    // Validated against this component alone (not through a one-component Model, which would
    // fail for a component that reads a signal another component writes).
    const auto info = c->parameter_info();
    std::vector<std::string> known;
    for (const auto& p : info) known.push_back(c->key(p.key));
    for (const auto& [key, v] : parameters.values())
      if (std::find(known.begin(), known.end(), key) == known.end())
        throw ParameterError(key, "is not a parameter of component '" + std::string(c->name()) +
                                      "'" + detail::suggestion(key, known));
    std::vector<double> v(c->parameters().begin(), c->parameters().end());
    for (std::size_t i = 0; i < info.size(); ++i)
      if (auto x = parameters.find(known[i])) v[i] = *x;
    c = c->with_parameters(v);
  }
  return add(std::move(c));
}

namespace {

// 'name', built by append: g++ 12 at -O3 flags `"'" + std::string(...)` with a false -Wrestrict.
std::string quoted(std::string_view name) {
  std::string q = "'";
  q.append(name).append("'");
  return q;
}

// Registered components that write `key` (for the missing-producer message).
std::string writers_of(std::string_view key) {
  std::string who;
  for (const auto& name : registry().component_names())
    for (const auto& w : registry().make_component(name)->writes())
      if (w.key == key) who.append(who.empty() ? "" : ", ").append(quoted(name));
  return who;
}

}  // namespace

Model ModelBuilder::build() const {
  if (components_.empty()) throw ModelError("a model needs at least one component", "components");
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
      if (signal_id.count(s.key)) {
        const auto p = producer.find(s.key);
        const std::string other = p == producer.end() ? std::string("the protocol")
                                                      : quoted(components_[p->second]->name());
        throw ModelError("signal '" + std::string(s.key) + "' is written by both " + other +
                             " and " + quoted(components_[k]->name()) +
                             "; a signal has one producer",
                         std::string(s.key));
      }
      signal_id.emplace(std::string(s.key), Index(m.signal_keys_.size()));
      producer.emplace(std::string(s.key), k);
      m.signal_keys_.emplace_back(s.key);
    }
  std::set<std::string, std::less<>> from_states;
  for (const auto& c : components_)
    for (const auto& s : c->writes())
      if (s.from_states) from_states.emplace(s.key);
  // Every read needs a producer; an optional one without a producer is a constant: its fallback.
  std::map<std::string, double, std::less<>> constant;  // unproduced optional reads: fallback
  for (const auto& c : components_)
    for (const auto& s : c->reads()) {
      const bool unproduced = !signal_id.count(s.key) || constant.count(s.key);
      if (unproduced && s.optional) {
        if (auto it = constant.find(s.key); it == constant.end()) {
          constant.emplace(std::string(s.key), s.fallback);
          signal_id.emplace(std::string(s.key), Index(m.signal_keys_.size()));
          m.constant_signals_.emplace_back(Index(m.signal_keys_.size()), s.fallback);
          m.signal_keys_.emplace_back(s.key);
        } else if (it->second != s.fallback) {
          throw ModelError("signal '" + std::string(s.key) +
                               "' has no producer and its readers disagree on its "
                               "fallback (" +
                               std::to_string(it->second) + " and " + std::to_string(s.fallback) +
                               ")",
                           std::string(s.key));
        }
        continue;
      }
      if (unproduced) {
        const std::string who = writers_of(s.key);
        throw ModelError(
            "component '" + std::string(c->name()) + "' reads signal '" + std::string(s.key) +
                "' that no component of the model writes" +
                (who.empty() ? std::string("; no registered component writes it either")
                             : "; add one of: " + who),
            std::string(s.key));
      }
    }
  // Topological order: a component runs after the producers of everything it reads, whatever
  // the order of add() calls.
  std::vector<std::size_t> order;
  std::vector<int> mark(components_.size(), 0);  // 0 new, 1 visiting, 2 done
  std::vector<std::size_t> path;
  std::function<void(std::size_t)> visit = [&](std::size_t k) {
    if (mark[k] == 2) return;
    if (mark[k] == 1) {
      std::string cycle;
      auto it = std::find(path.begin(), path.end(), k);
      for (; it != path.end(); ++it) cycle.append(quoted(components_[*it]->name())).append(" -> ");
      cycle.append(quoted(components_[k]->name()));
      throw ModelError("signal cycle: " + cycle + " (each reads a signal the next one writes)",
                       std::string(components_[k]->name()));
    }
    mark[k] = 1;
    path.push_back(k);
    // A signal written from its producer's states is evaluated before everyone
    // (ModelSystem::rhs), so reading it puts no order on the reader: this is what lets
    // physiological feedback loops (force -> metabolites -> force) be built.
    for (const auto& s : components_[k]->reads())
      if (auto it = producer.find(s.key); it != producer.end() && !from_states.count(s.key))
        visit(it->second);
    path.pop_back();
    mark[k] = 2;
    order.push_back(k);
  };
  for (std::size_t k = 0; k < components_.size(); ++k) {
    const auto& c = *components_[k];
    if (c.writes_from_states() && c.provides_own_jacobian())
      throw ModelError("component " + quoted(c.name()) +
                           " writes its signals from its states and provides its own Jacobian; "
                           "the model cannot yet assemble that combination",
                       std::string(c.name()));
    visit(k);
  }

  for (std::size_t k : order) {
    const auto& c = components_[k];
    const Index S = Index(c->states().size());
    Model::Wiring w;
    w.offset = m.n_states_;
    w.units = c->units();
    w.size = w.units * S;
    w.switch_offset = Index(m.switch_keys_.size());
    w.switch_count = w.units * Index(c->switches().size());
    for (Index u = 0; u < w.units; ++u)
      for (const auto& sw : c->switches())
        m.switch_keys_.push_back(w.units == 1 ? c->key(sw.symbol) : unit_key(c->key(sw.symbol), u));
    for (const auto& s : c->reads()) w.reads.push_back(signal_id.at(std::string(s.key)));
    for (const auto& s : c->writes()) w.writes.push_back(signal_id.at(std::string(s.key)));
    for (const auto& ch : c->channels()) {
      auto id = m.channel_id(ch.key);
      if (!id) {
        id = Index(m.channels_.size());
        m.channels_.push_back({std::string(ch.key), ch.composition});
      } else if (m.channels_[std::size_t(*id)].composition != ch.composition) {
        throw ModelError(
            "channel '" + std::string(ch.key) + "' is declared both as a gain and an offset",
            std::string(ch.key));
      }
      w.channels.push_back(*id);
    }
    const Index ci = Index(m.components_.size());
    for (Index u = 0; u < w.units; ++u)
      for (Index i = 0; i < S; ++i) {
        const auto& s = c->states()[std::size_t(i)];
        const std::string base = c->key(s.symbol);
        m.states_.push_back({w.units == 1 ? base : unit_key(base, u), std::string(s.unit),
                             w.offset + u * S + i, ci, s.allowed, base, u, w.units});
      }
    for (const auto& o : c->observables()) {
      if (o.is_capacity) {
        if (m.capacity_)
          throw ModelError("more than one component defines the capacity observable",
                           std::string(c->name()));
        m.capacity_ = Index(m.observable_keys_.size());
      }
      if (!o.alias.empty()) {
        for (const auto& [alias, index] : m.observable_aliases_)
          if (alias == o.alias)
            throw ModelError("observables '" + m.observable_keys_[std::size_t(index)] + "' and '" +
                                 c->key(o.symbol) + "' both claim the standard name '" + alias +
                                 "'",
                             alias);
        m.observable_aliases_.emplace_back(std::string(o.alias), Index(m.observable_keys_.size()));
      }
      m.observable_keys_.push_back(c->key(o.symbol));
    }
    w.unit_observable_offset = m.n_unit_observable_values_;
    for (const auto& o : c->unit_observables()) {
      m.unit_observable_keys_.push_back(c->key(o.symbol));
      m.unit_observable_sizes_.push_back(w.units);
      m.n_unit_observable_values_ += w.units;
    }
    m.n_states_ += w.size;
    m.components_.push_back(c);
    m.wiring_.push_back(std::move(w));
  }

  // Jacobian pattern: own blocks, then input columns, propagating each signal's support in
  // the (topological) component order. Signals written from states are known first: their
  // support is their producer's own columns.
  m.signal_support_.assign(m.signal_keys_.size(), {});
  for (std::size_t k = 0; k < m.components_.size(); ++k) {
    const auto& w = m.wiring_[k];
    const auto writes = m.components_[k]->writes();
    std::vector<Index> own(std::size_t(w.size));
    for (Index j = 0; j < w.size; ++j) own[std::size_t(j)] = w.offset + j;
    for (std::size_t o = 0; o < writes.size(); ++o)
      if (writes[o].from_states) m.signal_support_[std::size_t(w.writes[o])] = own;
  }
  std::vector<Eigen::Triplet<double>> nz;
  for (std::size_t k = 0; k < m.components_.size(); ++k) {
    const auto& c = *m.components_[k];
    const auto& w = m.wiring_[k];
    const Index S = Index(c.states().size());
    const bool blocks = w.units > 1 && c.unit_couplings() == 0;
    const Index block = blocks ? S : w.size;
    for (Index b0 = 0; b0 < w.size; b0 += block)
      for (Index i = 0; i < block; ++i)
        for (Index j = 0; j < block; ++j)
          nz.emplace_back(w.offset + b0 + i, w.offset + b0 + j, 1.0);
    std::vector<Index> inputs;
    for (Index r : w.reads) {
      const auto& sup = m.signal_support_[std::size_t(r)];
      inputs.insert(inputs.end(), sup.begin(), sup.end());
    }
    std::sort(inputs.begin(), inputs.end());
    inputs.erase(std::unique(inputs.begin(), inputs.end()), inputs.end());
    for (Index i = 0; i < w.size; ++i)
      for (Index j : inputs) nz.emplace_back(w.offset + i, j, 1.0);
    std::vector<Index> out = inputs;
    for (Index j = 0; j < w.size; ++j) out.push_back(w.offset + j);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    for (std::size_t o = 0; o < w.writes.size(); ++o)
      if (!c.writes()[o].from_states) m.signal_support_[std::size_t(w.writes[o])] = out;
  }
  m.pattern_.resize(m.n_states_, m.n_states_);
  // Duplicates (an own column that is also an input column) collapse to one entry of value 1.
  m.pattern_.setFromTriplets(nz.begin(), nz.end(), [](double a, double) { return a; });
  m.pattern_.makeCompressed();
  return m;
}

}  // namespace myofatigue
