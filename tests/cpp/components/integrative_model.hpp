#pragma once
// The integrative model as models.integrative() builds it: every component, the set
// integrative.<muscle> (shared by test_integrative.cpp and test_slow_recovery.cpp).
#include <string>

#include "myofatigue/model/model.hpp"  // Model, ModelBuilder
#include "myofatigue/model/registry.hpp"
#include "myofatigue/parameters/parameter_set.hpp"

namespace myofatigue::test {

inline Model integrative_model(Index units, const std::string& muscle) {
  return ModelBuilder()
      .add("motor_unit_pool", {}, {.units = units})
      .add("perfusion")
      .add("energetics")
      .add("systemic")
      .add("peripheral")
      .add("central")
      .add("damage")
      .add("low_frequency_fatigue")
      .add("inflammation")
      .add("soreness")
      .add("tone")
      .add("skin")
      .build()
      .with_parameters(ParameterSet::named("integrative." + muscle));
}

}  // namespace myofatigue::test
