#pragma once
/// \file
/// \brief The registry of components, interventions and published parameter sets. It is built
/// once (src/registry.cpp: one line per entry) and immutable afterwards, so it is safe to read
/// from any thread. Python reaches everything in it by name, with no binding code per entry.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "myofatigue/interventions/intervention.hpp"
#include "myofatigue/model/component.hpp"

namespace myofatigue {

class Registry {
 public:
  /// \brief Registers component C (a ComponentImpl): its factory takes ComponentOptions.
  template <class C>
  void component() {
    components_.emplace(
        std::string(C::registered_name),
        [](const ComponentOptions& o) -> std::shared_ptr<const Component> { return C::create(o); });
  }
  template <class I>
  void intervention() {
    interventions_.emplace(std::string(I::registered_name),
                           [] { return std::make_shared<const I>(); });
  }
  /// \brief A published parameter set, e.g. "FreyLaw2012.knee" with full keys.
  void parameter_set(std::string name, ParameterSet::Map values) {
    sets_.emplace(name, ParameterSet(name, std::move(values)));
  }

  /// \brief A new component by registered name, built with options (units, ...).
  /// \throws ModelError naming the closest registered names; ParameterError "units" for a unit
  /// count the component does not accept.
  std::shared_ptr<const Component> make_component(std::string_view name,
                                                  const ComponentOptions& options = {}) const;
  /// \throws ModelError naming the closest registered names.
  std::shared_ptr<const Intervention> make_intervention(std::string_view name) const;
  /// \throws ParameterError naming the closest registered names.
  const ParameterSet& parameter_set(std::string_view name) const;

  std::vector<std::string> component_names() const;
  std::vector<std::string> intervention_names() const;
  std::vector<std::string> parameter_set_names() const;

 private:
  std::map<std::string,
           std::function<std::shared_ptr<const Component>(const ComponentOptions&)>,
           std::less<>>
      components_;
  std::map<std::string, std::function<std::shared_ptr<const Intervention>()>, std::less<>>
      interventions_;
  std::map<std::string, ParameterSet, std::less<>> sets_;
};

/// \brief The library's registry (constructed on first use, then read-only).
const Registry& registry();

}  // namespace myofatigue
