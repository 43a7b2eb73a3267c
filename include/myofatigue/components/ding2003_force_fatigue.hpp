#pragma once
/// \file
/// \brief Force-fatigue model of electrically stimulated muscle: Ding, Wexler & Binder-Macleod
/// (2003) J Electromyogr Kinesiol 13(6):575-588 [Ding2003], force model of Ding et al. (2000)
/// J Appl Physiol 89:1322-1332 [Ding2000]. See docs/models/ding2003_force_fatigue.md.
///
/// The pulse sum sum_i R_i exp(-(t - t_i)/tau_c) is carried as a state S that decays with
/// tau_c and jumps by R_i at every pulse (stimulus_pulse), which is exactly the sum.

#include <array>
#include <cmath>
#include <limits>
#include <string_view>

#include "myofatigue/model/component.hpp"

namespace myofatigue {

class Ding2003ForceFatigue : public ComponentImpl<Ding2003ForceFatigue> {
 public:
  static constexpr std::string_view registered_name = "ding2003";
  static constexpr std::string_view key_prefix = "ding";

  enum State { S, CN, Force, A, Tau1, Km };
  enum Channel { RecoveryGain };
  enum Param { TauC, ARest, Tau1Rest, Tau2, KmRest, R0Offset, AlphaA, AlphaTau1, AlphaKm, TauFat };

  static constexpr double inf = std::numeric_limits<double>::infinity();
  static constexpr std::array state_specs{
      StateSpec{"S", "1", "pulse sum sum_i R_i exp(-(t - t_i)/tau_c)", {0.0, inf}, 0.0},
      StateSpec{"CN", "1", "normalised Ca2+-troponin complex", {0.0, inf}, 0.0},
      StateSpec{"F", "N", "force", {0.0, inf}, 0.0},
      StateSpec{"A", "N/s", "force scaling factor", {-inf, inf}, 3009.0},
      StateSpec{
          "tau1", "s", "force-decline time constant without cross-bridges", {0.0, inf}, 0.050957},
      StateSpec{"Km", "1", "sensitivity of strongly bound cross-bridges to CN", {0.0, inf}, 0.103},
  };
  static constexpr auto channel_specs = in_order(slot(
      RecoveryGain,
      ChannelSpec{"fatigue.recovery_gain", Composition::Gain, "multiplies 1/tau_fat (recovery)"}));
  static constexpr std::array observable_specs{
      ObservableSpec{"force_N", "N", "force F"},
  };
  static constexpr std::array parameter_table{
      ParameterInfo{
          "tau_c", "s", "time constant of CN", 0.020, {1e-4, 1.0}, {0.011, 0.020}, "Ding2003"},
      ParameterInfo{"A_rest",
                    "N/s",
                    "rested force scaling factor",
                    3009.0,
                    {0.0, 1e6},
                    {1000.0, 6000.0},
                    "Ding2003"},
      ParameterInfo{
          "tau1_rest", "s", "rested tau1", 0.050957, {1e-4, 1.0}, {0.040, 0.060}, "Ding2003"},
      ParameterInfo{"tau2",
                    "s",
                    "force-decline time constant with cross-bridges",
                    0.060,
                    {1e-4, 1.0},
                    {0.040, 0.080},
                    "Ding2000"},
      ParameterInfo{"Km_rest", "1", "rested Km", 0.103, {1e-4, 10.0}, {0.05, 0.3}, "Ding2003"},
      ParameterInfo{"R0_offset",
                    "1",
                    "R0 = Km + R0_offset (pulse-pair enhancement)",
                    1.04,
                    {0.0, 10.0},
                    {1.0, 1.1},
                    "Ding2003"},
      ParameterInfo{"alpha_A",
                    "1/s^2",
                    "fatigue coefficient of A",
                    -0.4,
                    {-100.0, 0.0},
                    {-1.0, -0.1},
                    "Ding2003"},
      ParameterInfo{"alpha_tau1",
                    "1/N",
                    "fatigue coefficient of tau1",
                    2.1e-5,
                    {0.0, 1.0},
                    {1e-5, 5e-5},
                    "Ding2003"},
      ParameterInfo{"alpha_Km",
                    "1/(s N)",
                    "fatigue coefficient of Km",
                    1.9e-5,
                    {0.0, 1.0},
                    {1e-5, 5e-5},
                    "Ding2003"},
      ParameterInfo{"tau_fat",
                    "s",
                    "recovery time constant of A, tau1, Km",
                    127.0,
                    {1e-3, 1e6},
                    {60.0, 300.0},
                    "Ding2003"},
  };
  static constexpr std::array<std::string_view, 2> citation_keys{"Ding2003", "Ding2000"};

  template <class T>
  void rhs_impl(const Eval<T>& e) const {
    const double* p = e.p;
    const T& cn = e.x[CN];
    const T& force = e.x[Force];
    const T& km = e.x[Km];
    const T bound = cn / (km + cn);  // CN / (Km + CN)
    e.dxdt[S] = -e.x[S] / p[TauC];
    e.dxdt[CN] = (e.x[S] - cn) / p[TauC];                                    // Ding 2003 Eq. 1
    e.dxdt[Force] = e.x[A] * bound - force / (e.x[Tau1] + p[Tau2] * bound);  // Eq. 2
    const T rec = e.channel[RecoveryGain] / p[TauFat];
    e.dxdt[A] = -(e.x[A] - p[ARest]) * rec + p[AlphaA] * force;              // Eq. 3
    e.dxdt[Tau1] = -(e.x[Tau1] - p[Tau1Rest]) * rec + p[AlphaTau1] * force;  // Eq. 4
    e.dxdt[Km] = -(km - p[KmRest]) * rec + p[AlphaKm] * force;               // Eq. 5
  }

  /// R_i = 1 + (R0 - 1) exp(-(t_i - t_{i-1})/tau_c), R0 = Km + 1.04 (Ding 2003); R_1 = 1.
  void stimulus_pulse(double* x, const double* p, double interval_s) const override {
    const double r0 = x[Km] + p[R0Offset];
    x[S] += 1.0 + (r0 - 1.0) * std::exp(-interval_s / p[TauC]);
  }

  void observe_impl(const Eval<double>& e, double* out) const { out[0] = e.x[Force]; }
};

}  // namespace myofatigue
