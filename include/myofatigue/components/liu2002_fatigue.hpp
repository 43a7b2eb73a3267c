#pragma once
/// \file
/// \brief Liu, Brown & Yue (2002) activation-fatigue-recovery model of a motor-unit pool under
/// brain effort B: Biophys J 82(5):2344-2359 [Liu2002]. See docs/models/liu2002_fatigue.md.

#include <array>
#include <string_view>

#include "myofatigue/model/component.hpp"

namespace myofatigue {

class Liu2002Fatigue : public ComponentImpl<Liu2002Fatigue> {
 public:
  static constexpr std::string_view registered_name = "liu2002";
  static constexpr std::string_view key_prefix = "liu";

  enum State { MA, MF };
  enum Param { B, F, R };
  enum Read { Effort };
  enum Channel { RecoveryGain };

  static constexpr std::array state_specs{
      StateSpec{"MA", "1", "activated motor units (fraction of the pool M0)", {0.0, 1.0}, 0.0},
      StateSpec{"MF", "1", "fatigued motor units (fraction of M0)", {0.0, 1.0}, 0.0},
  };
  static constexpr auto read_specs =
      in_order(slot(Effort,
                    SignalSpec{"protocol.target_fraction", "1",
                               "effort as a fraction of maximal voluntary effort (scales B)"}));
  static constexpr auto channel_specs = in_order(slot(
      RecoveryGain,
      ChannelSpec{"fatigue.recovery_gain", Composition::Gain, "multiplies the recovery rate R"}));
  static constexpr std::array observable_specs{
      ObservableSpec{"capacity", "1", "unfatigued fraction 1 - MF (force if every such unit fired)",
                     true},
      ObservableSpec{"force_fraction", "1", "force as a fraction of the true maximum (MA)"},
      ObservableSpec{"Muc", "1", "unrecruited motor units 1 - MA - MF"},
  };
  static constexpr std::array parameter_table{
      ParameterInfo{"B",
                    "1/s",
                    "brain effort (recruitment rate) at maximal effort",
                    2.0,
                    {0.0, 100.0},
                    {0.3, 10.0},
                    "Liu2002"},
      ParameterInfo{"F", "1/s", "fatigue rate", 0.01, {0.0, 1.0}, {0.002, 0.05}, "Liu2002"},
      ParameterInfo{"R", "1/s", "recovery rate", 0.002, {0.0, 1.0}, {0.0002, 0.01}, "Liu2002"},
  };
  static constexpr std::array<std::string_view, 1> citation_keys{"Liu2002"};

  template <class T>
  void rhs_impl(const Eval<T>& e) const {
    const T& ma = e.x[MA];
    const T& mf = e.x[MF];
    const T muc = 1.0 - ma - mf;  // M_uc = M0 - M_A - M_F, M0 = 1
    const T recovery = (e.p[R] * e.channel[RecoveryGain]) * mf;
    e.dxdt[MA] = e.p[B] * e.inputs[Effort] * muc - e.p[F] * ma + recovery;  // Liu 2002 Eq. 1
    e.dxdt[MF] = e.p[F] * ma - recovery;                                    // Liu 2002 Eq. 2
  }

  void observe_impl(const Eval<double>& e, double* out) const {
    out[0] = 1.0 - e.x[MF];
    out[1] = e.x[MA];
    out[2] = 1.0 - e.x[MA] - e.x[MF];
  }
};

}  // namespace myofatigue
