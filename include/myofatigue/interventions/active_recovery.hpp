#pragma once
/// \file
/// \brief Active recovery: light rhythmic exercise of the fatigued muscle during the rest, at
/// `intensity` of fresh MVC, `on` seconds of contraction every `on + off` seconds. Its effects
/// are the model's own: the contractions keep exercise hyperaemia up but squeeze the vessels
/// while they last, so forearm flow 30 s after handgrip is lower than with passive rest and
/// lactate efflux over 10 min is lower (Wiltshire et al. 2010: 614 vs 766 mL/min at 10 % MVC);
/// after whole-body exercise light activity clears blood lactate fastest (Monedero & Donne 2000).
/// The rhythm is an assumption (Wiltshire give 10 % MVC, not the duty cycle; sweep on 1-3 s,
/// off 1-3 s). See docs/interventions/active_recovery.md.

#include <cmath>

#include "myofatigue/interventions/intervention.hpp"

namespace myofatigue {

class ActiveRecovery : public InterventionImpl<ActiveRecovery> {
 public:
  static constexpr std::string_view registered_name = "active_recovery";
  static constexpr std::string_view description_text =
      "light rhythmic exercise during the rest (10 % MVC, 1 s on 1 s off by default)";
  enum Param { Intensity, On, Off };
  static constexpr std::array channel_specs{
      ChannelSpec{"muscle.added_target_fraction", Composition::Offset,
                  "the light contractions' force"},
  };
  static constexpr std::array parameter_table{
      ParameterInfo{"intensity",
                    "1",
                    "force of each contraction, fraction of fresh MVC",
                    0.10,
                    {0.0, 1.0},
                    {0.05, 0.30},
                    "Wiltshire2010"},
      ParameterInfo{"on",
                    "s",
                    "contraction time of a cycle (assumption)",
                    1.0,
                    {0.05, 3600.0},
                    {1.0, 3.0},
                    "Wiltshire2010"},
      ParameterInfo{"off",
                    "s",
                    "relaxation time of a cycle (assumption; 0: continuous)",
                    1.0,
                    {0.0, 3600.0},
                    {1.0, 3.0},
                    "Wiltshire2010"},
  };
  static constexpr std::array<std::string_view, 2> citation_keys{"Wiltshire2010",
                                                                 "MonederoDonne2000"};

  double modulate_impl(double t, const Window& w, std::size_t) const {
    if (t < w.start_s || t >= w.end_s) return 0.0;
    // The cycle's start as breakpoints() computes it, so that at an edge itself the value is
    // exactly the one of the phase beginning there (the window is half-open at every edge).
    const double period = p(On) + p(Off);
    double k = std::floor((t - w.start_s) / period);
    if (w.start_s + (k + 1.0) * period <= t) k += 1.0;  // round-off put t in the cycle before
    else if (w.start_s + k * period > t) k -= 1.0;      // ... or in the one after
    return t < w.start_s + k * period + p(On) ? p(Intensity) : 0.0;
  }
  /// Every contraction's start and end: the force jumps there.
  /// \throws ParameterError when the window holds more than a million contractions.
  std::vector<double> breakpoints(const Window& w) const override {
    const double period = p(On) + p(Off);
    const double cycles = std::ceil((w.end_s - w.start_s) / period);
    if (cycles > 1e6)
      throw ParameterError("active_recovery.on",
                           "a window of " + std::to_string(w.end_s - w.start_s) +
                               " s holds more than 1e6 contractions; lengthen on + off");
    std::vector<double> b;
    for (double k = 0.0; k < cycles; k += 1.0) {
      const double start = w.start_s + k * period;
      b.push_back(start);
      if (p(Off) > 0.0 && start + p(On) < w.end_s) b.push_back(start + p(On));
    }
    b.push_back(w.end_s);
    return b;
  }
};

}  // namespace myofatigue
