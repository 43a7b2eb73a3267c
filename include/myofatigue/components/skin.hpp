#pragma once
/// \file
/// \brief Skin (cutaneous) blood flow and skin temperature over the muscle. Massage raises both
/// while deep-muscle bulk flow does not rise: Hinds et al. 2004 Med Sci Sports Exerc 36:1308
/// [Hinds2004] measured laser-Doppler skin flow 150 +/- 49 vs 6 +/- 4 au and skin temperature
/// 32.2 +/- 0.9 vs 31.1 +/- 1.3 C at the end of quadriceps massage, with femoral flow unchanged;
/// Portillo-Soto et al. 2014 [PortilloSoto2014] 32.05 vs 30.53 C on the calf after 10 min. The
/// channel `skin.flow_gain` is what massage, cupping and compression act on; skin flow follows it
/// with a lag, and the skin warms towards a temperature that rises with the flow, saturating
/// (the warm arterial blood can at most bring the skin towards core temperature).
/// See docs/models/skin.md.

#include <array>
#include <limits>
#include <string_view>

#include "myofatigue/model/component.hpp"

namespace myofatigue {

class Skin : public ComponentImpl<Skin> {
 public:
  static constexpr std::string_view registered_name = "skin";
  static constexpr std::string_view key_prefix = "skin";

  enum State { Flow, Temperature };
  enum Channel { FlowGain };
  enum Param { TauFlow, T0, WarmMax, TauWarm };

  static constexpr std::array state_specs{
      StateSpec{"Q",
                "1",
                "skin blood flow / resting skin blood flow",
                {0.0, std::numeric_limits<double>::infinity()},
                1.0},
      StateSpec{"T", "degC", "skin temperature over the muscle", {-20.0, 60.0}, 31.1},
  };
  static constexpr auto channel_specs = in_order(slot(
      FlowGain,
      ChannelSpec{
          "skin.flow_gain", Composition::Gain,
          "the skin blood flow the skin settles to / resting (massage: about 25, Hinds 2004)"}));
  static constexpr std::array observable_specs{
      ObservableSpec{"skin_blood_flow_fraction", "1", "skin blood flow / resting", false,
                     "skin_blood_flow_fraction"},
      ObservableSpec{"skin_temperature_c", "degC", "skin temperature over the muscle", false,
                     "skin_temperature_c"},
  };
  static constexpr auto parameter_table = in_order(
      slot(TauFlow,
           ParameterInfo{"tau_Q",
                         "s",
                         "time constant of skin flow following its stimulus (assumption)",
                         30.0,
                         {0.1, 1e4},
                         {10.0, 120.0},
                         "Hinds2004"}),
      slot(T0,
           ParameterInfo{
               "T0",
               "degC",
               "resting skin temperature over the muscle (Hinds 2004 control, 31.1 +/- 1.3)",
               31.1,
               {0.0, 45.0},
               {29.0, 33.0},
               "Hinds2004"}),
      slot(WarmMax,
           ParameterInfo{"dT_max",
                         "degC",
                         "warming at a very high skin flow (fitted: +1.1 C Hinds 2004, +1.5 C "
                         "Portillo-Soto 2014 after 6-10 min)",
                         1.4,
                         {0.0, 10.0},
                         {1.0, 2.5},
                         "Hinds2004"}),
      slot(TauWarm,
           ParameterInfo{"tau_T",
                         "s",
                         "time constant of skin warming (assumption)",
                         180.0,
                         {1.0, 1e5},
                         {60.0, 600.0},
                         "PortilloSoto2014"}));
  static constexpr std::array<std::string_view, 2> citation_keys{"Hinds2004", "PortilloSoto2014"};

  template <class S>
  void rhs_impl(const Eval<S>& e) const {
    const double* p = e.p;
    e.dxdt[Flow] = (e.channel[FlowGain] - e.x[Flow]) / p[TauFlow];
    e.dxdt[Temperature] = (p[T0] + p[WarmMax] * warming(e.x[Flow]) - e.x[Temperature]) / p[TauWarm];
  }

  void observe_impl(const Eval<double>& e, double* out) const {
    out[0] = e.x[Flow];
    out[1] = e.x[Temperature];
  }
  /// \brief Rest: resting flow, resting temperature.
  void rested_state_impl(double* x) const {
    x[Flow] = 1.0;
    x[Temperature] = values()[T0];
  }

 private:
  // Share of dT_max reached at skin flow q (rest 1): 1 - 1/q above rest, so 25x flow gives 96 %
  // of it (saturating: more flow cannot warm the skin beyond the blood's temperature); below rest
  // q - 1, the same slope at q = 1, so a flow of 0 cools the skin by dT_max.
  template <class S>
  static S warming(const S& q) {
    return value_of(q) >= 1.0 ? S(1.0 - 1.0 / q) : S(q - 1.0);
  }
};

}  // namespace myofatigue
