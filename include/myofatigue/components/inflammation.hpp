#pragma once
/// \file
/// \brief The inflammatory response to muscle damage and the muscle's own interleukin-6.
/// The injury leaves necrotic debris W that recruits activated phagocytes N (neutrophils, then
/// macrophages, lumped) and an anti-inflammatory mediator C_A: the reduced acute-inflammation
/// model of Reynolds et al. 2006 J Theor Biol 242:220 [Reynolds2006] with its published rates,
/// the pathogen removed (aseptic injury) and its tissue-damage variable made the debris, which
/// the phagocytes clear (the macrophage clearance term k6 D M of Jarrah et al. 2014
/// [Jarrah2014]), so that inflammation resolves in days while the structural repair of
/// `damage` takes longer. IL-6 in
/// plasma comes from the contracting muscle, not from damage: its release grows as the exercise
/// goes on (glycogen depletion; Steensberg et al. 2000 J Physiol 529:237 [Steensberg2000],
/// 2001 J Physiol 537:633 [Steensberg2001]; Fischer 2006 Exerc Immunol Rev 12:6 [Fischer2006]).
/// See docs/models/inflammation.md.

#include <array>
#include <cmath>
#include <limits>
#include <string_view>

#include "myofatigue/model/component.hpp"

namespace myofatigue {

class Inflammation : public ComponentImpl<Inflammation> {
 public:
  static constexpr std::string_view registered_name = "inflammation";
  static constexpr std::string_view key_prefix = "inflammation";

  enum State { W, N, CA, G, IL6 };
  enum Read { Formation, Force };
  enum Write { Phagocytes, Breakdown };
  enum Channel { CytokineGain };
  enum Param {
    DScale,
    Clear,
    Snr,
    Munr,
    Mun,
    Knn,
    Knd,
    Cinf,
    Sc,
    Kcn,
    Kcnd,
    Muc,
    IL60,
    TauIL6,
    ProdIL6,
    TauDeplete,
    TauRefill
  };

  static constexpr double per_hour = 1.0 / 3600.0;  // Reynolds 2006's rates are per hour

  static constexpr std::array state_specs{
      StateSpec{"W",
                "1",
                "necrotic debris of damaged fibres (Reynolds 2006 tissue-damage units)",
                {0.0, 1e6},
                0.0},
      StateSpec{"N", "1", "activated phagocytes (Reynolds 2006 units)", {0.0, 100.0}, 0.0},
      StateSpec{"CA", "1", "anti-inflammatory mediator (Reynolds 2006 units)", {0.0, 100.0}, 0.125},
      StateSpec{"G",
                "1",
                "glycogen depletion of the working muscle (0 rested, 1 depleted)",
                {0.0, 1.0},
                0.0},
      StateSpec{"IL6",
                "pg/mL",
                "plasma interleukin-6",
                {0.0, std::numeric_limits<double>::infinity()},
                0.6},
  };
  static constexpr auto read_specs = in_order(
      slot(Formation, SignalSpec{"damage.formation_rate", "1/s", "damage being made now"}),
      slot(Force,
           SignalSpec{"muscle.force_fraction", "1", "force produced, fraction of fresh MVC"}));
  static constexpr auto write_specs =
      in_order(slot(Phagocytes,
                    SignalSpec{"inflammation.phagocytes", "1",
                               "activated phagocytes (Reynolds 2006 units)", true}),
               slot(Breakdown,
                    SignalSpec{"inflammation.breakdown", "1/s",
                               "debris cleared by phagocytes (fibre breakdown)", true}));
  static constexpr auto channel_specs = in_order(slot(
      CytokineGain,
      ChannelSpec{
          "inflammation.cytokine_gain", Composition::Gain,
          "multiplies the recruitment of phagocytes by damage (pro-inflammatory signalling)"}));
  static constexpr std::array observable_specs{
      ObservableSpec{"il6_plasma_pg_ml", "pg/mL", "plasma interleukin-6", false,
                     "il6_plasma_pg_ml"},
      ObservableSpec{"phagocytes", "1", "activated phagocytes (Reynolds 2006 units)"},
  };
  static constexpr auto parameter_table = in_order(
      slot(DScale,
           ParameterInfo{"D_scale",
                         "1",
                         "damage fraction that leaves one unit of debris (fitted)",
                         0.00182,
                         {1e-6, 10.0},
                         {5e-4, 0.01},
                         "Reynolds2006"}),
      slot(Clear,
           ParameterInfo{"k_clear",
                         "1/s",
                         "debris cleared per unit of phagocytes (fitted)",
                         1.14e-5,
                         {0.0, 1.0},
                         {2e-6, 5e-5},
                         "Jarrah2014"}),
      slot(Snr,
           ParameterInfo{"s_nr",
                         "1/s",
                         "source of resting phagocytes (0.08 /h)",
                         0.08 * per_hour,
                         {0.0, 1.0},
                         {0.04 * per_hour, 0.16 * per_hour},
                         "Reynolds2006"}),
      slot(Munr,
           ParameterInfo{"mu_nr",
                         "1",
                         "half-saturation of phagocyte activation",
                         0.12,
                         {1e-6, 100.0},
                         {0.06, 0.24},
                         "Reynolds2006"}),
      slot(Mun,
           ParameterInfo{"mu_n",
                         "1/s",
                         "decay of activated phagocytes (fitted: 0.032 /h; Reynolds 0.05 /h)",
                         0.032 * per_hour,
                         {1e-9, 1.0},
                         {0.0125 * per_hour, 0.1 * per_hour},
                         "Reynolds2006"}),
      slot(Knn,
           ParameterInfo{"k_nn",
                         "1",
                         "activation of phagocytes by phagocytes",
                         0.01,
                         {0.0, 100.0},
                         {0.005, 0.02},
                         "Reynolds2006"}),
      slot(Knd,
           ParameterInfo{"k_nd",
                         "1",
                         "activation of phagocytes by tissue damage",
                         0.02,
                         {0.0, 100.0},
                         {0.01, 0.04},
                         "Reynolds2006"}),
      slot(Cinf,
           ParameterInfo{"C_inf",
                         "1",
                         "anti-inflammatory level that halves activation",
                         0.28,
                         {1e-6, 100.0},
                         {0.14, 0.56},
                         "Reynolds2006"}),
      slot(Sc,
           ParameterInfo{"s_c",
                         "1/s",
                         "resting source of the mediator (0.0125 /h)",
                         0.0125 * per_hour,
                         {0.0, 1.0},
                         {0.006 * per_hour, 0.025 * per_hour},
                         "Reynolds2006"}),
      slot(Kcn,
           ParameterInfo{"k_cn",
                         "1/s",
                         "mediator production by inflammation (0.04 /h)",
                         0.04 * per_hour,
                         {0.0, 1.0},
                         {0.02 * per_hour, 0.08 * per_hour},
                         "Reynolds2006"}),
      slot(Kcnd,
           ParameterInfo{"k_cnd",
                         "1",
                         "weight of tissue damage in mediator production",
                         48.0,
                         {0.0, 1e4},
                         {24.0, 96.0},
                         "Reynolds2006"}),
      slot(Muc,
           ParameterInfo{"mu_c",
                         "1/s",
                         "decay of the mediator (0.1 /h)",
                         0.1 * per_hour,
                         {1e-9, 1.0},
                         {0.05 * per_hour, 0.2 * per_hour},
                         "Reynolds2006"}),
      slot(IL60,
           ParameterInfo{"IL6_0",
                         "pg/mL",
                         "resting plasma IL-6",
                         0.6,
                         {0.0, 100.0},
                         {0.4, 1.5},
                         "Steensberg2001"}),
      slot(TauIL6,
           ParameterInfo{"tau_IL6",
                         "s",
                         "removal time constant of plasma IL-6 (assumption)",
                         3600.0,
                         {60.0, 1e6},
                         {1800.0, 10800.0},
                         "Fischer2006"}),
      slot(ProdIL6,
           ParameterInfo{"r_IL6",
                         "pg/mL/s",
                         "IL-6 appearance at maximal force from a depleted muscle (fitted)",
                         0.105,
                         {0.0, 1e3},
                         {0.03, 0.3},
                         "Steensberg2000"}),
      slot(TauDeplete,
           ParameterInfo{"T_G",
                         "s",
                         "force-time integral (MVC s) that depletes glycogen by 63 % (assumption)",
                         3600.0,
                         {1.0, 1e7},
                         {1800.0, 7200.0},
                         "Steensberg2001"}),
      slot(TauRefill,
           ParameterInfo{"tau_G",
                         "s",
                         "glycogen resynthesis time constant (assumption)",
                         43200.0,
                         {600.0, 1e7},
                         {21600.0, 86400.0},
                         "Steensberg2001"}));
  static constexpr std::array<std::string_view, 5> citation_keys{
      "Reynolds2006", "Jarrah2014", "Steensberg2000", "Steensberg2001", "Fischer2006"};

  template <class T>
  void rhs_impl(const Eval<T>& e) const {
    const double* p = e.p;
    const T& n = e.x[N];
    const T& ca = e.x[CA];
    const T& d = e.x[W];
    const T made = value_of(e.inputs[Formation]) > 0.0 ? T(e.inputs[Formation]) : T(0.0);
    e.dxdt[W] = made / p[DScale] - p[Clear] * n * d;
    // Reynolds 2006 eqs with P = 0: f(x) = x / (1 + (C_A/C_inf)^2) is the anti-inflammatory
    // damping; R the activating drive of phagocytes; the mediator rises with inflammation.
    const T damp = 1.0 / (1.0 + (ca / p[Cinf]) * (ca / p[Cinf]));
    const T r = (p[Knn] * n + e.channel[CytokineGain] * p[Knd] * d) * damp;
    e.dxdt[N] = p[Snr] * r / (p[Munr] + r) - p[Mun] * n;
    const T fc = (n + p[Kcnd] * d) * damp;
    e.dxdt[CA] = p[Sc] + p[Kcn] * fc / (1.0 + fc) - p[Muc] * ca;
    // Muscle IL-6: released in proportion to the force and to how depleted the muscle is, so
    // it grows as the exercise goes on (Steensberg 2000/2001), and removed from plasma.
    const T& force = e.inputs[Force];
    const T work = value_of(force) > 0.0 ? force : T(0.0);
    e.dxdt[G] = work * (1.0 - e.x[G]) / p[TauDeplete] - e.x[G] / p[TauRefill];
    e.dxdt[IL6] = p[ProdIL6] * work * e.x[G] - (e.x[IL6] - p[IL60]) / p[TauIL6];
    e.outputs[Phagocytes] = n;
    e.outputs[Breakdown] = p[Clear] * n * d;
  }

  void observe_impl(const Eval<double>& e, double* out) const {
    out[0] = e.x[IL6];
    out[1] = e.x[N];
  }
  /// \brief Rest: no phagocytes, the mediator at s_c / mu_c, IL-6 at IL6_0.
  void rested_state_impl(double* x) const {
    const auto& p = values();
    x[W] = 0.0;
    x[N] = 0.0;
    x[CA] = p[Sc] / p[Muc];
    x[G] = 0.0;
    x[IL6] = p[IL60];
  }
};

}  // namespace myofatigue
