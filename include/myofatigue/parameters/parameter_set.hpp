#pragma once
/// \file
/// \brief Immutable, named map from full parameter keys ("fatigue.F") to values.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "myofatigue/core/error.hpp"
#include "myofatigue/core/fuzzy.hpp"

namespace myofatigue {

/// \brief A set of parameter values by full key. Copies share storage; every "modifier"
/// returns a new set, so a ParameterSet can be shared freely across threads.
class ParameterSet {
 public:
  using Map = std::map<std::string, double, std::less<>>;

  ParameterSet() : values_(std::make_shared<const Map>()) {}
  ParameterSet(std::string name, Map values)
      : name_(std::move(name)), values_(std::make_shared<const Map>(std::move(values))) {}
  ParameterSet(std::initializer_list<std::pair<const std::string, double>> values)
      : values_(std::make_shared<const Map>(values)) {}

  /// \brief A published set by name, e.g. "FreyLaw2012.knee" (see docs/models/).
  /// \throws ParameterError naming the closest valid names.
  static ParameterSet named(std::string_view name);
  /// \brief Names of every published set.
  static std::vector<std::string> names();

  const std::string& name() const noexcept { return name_; }
  std::size_t size() const noexcept { return values_->size(); }
  bool empty() const noexcept { return values_->empty(); }
  bool contains(std::string_view key) const { return values_->find(key) != values_->end(); }
  std::optional<double> find(std::string_view key) const {
    auto it = values_->find(key);
    return it == values_->end() ? std::nullopt : std::optional<double>(it->second);
  }
  /// \throws ParameterError suggesting the closest keys of this set.
  double at(std::string_view key) const {
    auto it = values_->find(key);
    if (it == values_->end())
      throw ParameterError(std::string(key), "is not in parameter set '" + name_ + "'" +
                                                 detail::suggestion(key, keys()));
    return it->second;
  }
  std::vector<std::string> keys() const {
    std::vector<std::string> k;
    for (const auto& [key, v] : *values_) k.push_back(key);
    return k;
  }
  const Map& values() const noexcept { return *values_; }

  /// \brief A copy with key set to value (no validation here: Model::with_parameters validates).
  ParameterSet with(const std::string& key, double value) const {
    Map m = *values_;
    m[key] = value;
    return ParameterSet(name_, std::move(m));
  }
  /// \brief A copy with every value of `other` overriding this one's.
  ParameterSet with(const ParameterSet& other) const {
    Map m = *values_;
    for (const auto& [k, v] : other.values()) m[k] = v;
    return ParameterSet(other.name_.empty() ? name_ : other.name_, std::move(m));
  }

 private:
  std::string name_;
  std::shared_ptr<const Map> values_;
};

}  // namespace myofatigue
