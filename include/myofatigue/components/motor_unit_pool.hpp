#pragma once
/// \file
/// \brief Motor-unit-based muscle fatigue: Potvin JR, Fuglevand AJ (2017) PLoS Comput Biol
/// 13(6):e1005581 [PotvinFuglevand2017], a replicated component with one unit per motor unit.
/// Front end: the recruitment and rate-coding pool of Fuglevand, Winter & Patla (1993)
/// J Neurophysiol 70:2470-2488 [Fuglevand1993] as modified by Potvin & Fuglevand; rate
/// adaptation after Revill & Fuglevand (2011) J Neurophysiol 106(3):1467-1479
/// [RevillFuglevand2011];
/// contraction-time slowing after Shields et al. (1997) [Shields1997]. Equations and defaults
/// follow the authors' published MATLAB code (2017-05-28); see docs/models/motor_unit_pool.md.
///
/// States per unit u (unit-major): P (force capacity, fraction of the unit's rested twitch
/// force) and A = 1 - exp(-t_since_recruitment / tau) (progress of rate adaptation). The
/// excitation E that holds the target is not a state: each rhs solves F(E) = target, as the
/// paper does at every sample, so the units couple through this one pool-level scalar
/// (unit_couplings = 1).

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include "myofatigue/model/component.hpp"

namespace myofatigue {

// (At namespace scope: a default argument `= {}` of a type with default member initializers
// nested in the class being defined is ill-formed, and clang rejects it.)
/// \brief Per-run scratch of MotorUnitPool's excitation solve (Eval::memo behind the warm start;
/// empty: none, every value exact). Per unit: x0, e0 = exp(-2 x0^3) where the fusion curve was last
/// evaluated exactly (fusion_exp); s0, s1, s2 = its force term S(x(E)) and the first two
/// E-derivatives at the solve's last evaluated E (at[0]), valid while E stays within at[1] of
/// it (the distance to the nearest kink of any unit). NaN: nothing cached yet.
struct MotorUnitPoolCache {
  double* at = nullptr;  // [0] last evaluated E, [1] distance to the nearest kink
  double* x0 = nullptr;
  double* e0 = nullptr;
  double* s0 = nullptr;
  double* s1 = nullptr;
  double* s2 = nullptr;
};

class MotorUnitPool : public ComponentImpl<MotorUnitPool> {
 public:
  static constexpr std::string_view registered_name = "motor_unit_pool";
  static constexpr std::string_view key_prefix = "pool";
  static constexpr Index default_units = 120;  ///< Fuglevand 1993; Potvin & Fuglevand 2017 (nu)
  static constexpr Index min_units = 2;        ///< the threshold law divides by n - 1
  static constexpr Index max_units = 100000;
  static constexpr Index coupling_scalars = 1;  ///< unit_couplings(): through the excitation E
  static constexpr bool factored_own_jacobian = true;  ///< own_jacobian_impl fills j.factored
  /// endurance_time()'s tolerance (Component::endurance_rtol): at 10-90 % MVC the ETs at rtol
  /// 1e-3 (atol 1e-6) are within 1.2e-4 of those at 1e-6 against the 5 % validation band, at
  /// about a third of the steps (docs/models/motor_unit_pool.md, "Solver cost").
  static constexpr double endurance_rtol = 1e-3;
  /// Eval::memo: the last E solved (the next warm start) and the solve's Cache (two slots, and
  /// five per unit), so memo_size() = 3 + 5N.
  static constexpr Index memo_slots = 3;
  Index memo_size() const override { return memo_slots + 5 * units(); }

  enum State { P, A };
  enum Read { TargetFraction, ForceFactor, Ceiling, DamageFactor, CouplingFactor, Tone };
  enum Write { ForceFraction, Excitation };
  enum Channel { RecoveryGain, AddedTarget };
  enum Switch { AboveFloor, RampStart, RampEnd };
  enum Param {
    RR,
    MFR,
    PFR1,
    PFRL,
    Ge,
    RP,
    RT,
    TL,
    Fat,
    FatFac,
    Tau,
    AdaptSF,
    CtSF,
    R,
    Width,
    RestFactor
  };

  static constexpr std::array state_specs{
      StateSpec{"P",
                "1",
                "force capacity: the unit's twitch force / its rested twitch force",
                {0.0, 1.0},
                1.0},
      StateSpec{"A",
                "1",
                "rate adaptation progress 1 - exp(-t_since_recruitment / tau)",
                {0.0, 1.0},
                0.0},
  };
  static constexpr auto read_specs = in_order(
      slot(TargetFraction,
           SignalSpec{"protocol.target_fraction", "1", "target force as a fraction of fresh MVC"}),
      // The integrative model's couplings (issue 10); alone the pool is the published model.
      slot(ForceFactor,
           SignalSpec{.key = "peripheral.force_factor",
                      .unit = "1",
                      .description = "metabolic force per unit activation, fraction of rested",
                      .optional = true,
                      .fallback = 1.0}),
      slot(Ceiling,
           SignalSpec{.key = "central.activation_ceiling",
                      .unit = "1",
                      .description = "maximal voluntary activation: E <= ceiling * E_max",
                      .optional = true,
                      .fallback = 1.0}),
      // The slow processes (issue 11): force lost to damaged fibres and to prolonged
      // low-frequency fatigue multiply the force per unit activation like the metabolites do.
      slot(DamageFactor,
           SignalSpec{.key = "damage.force_factor",
                      .unit = "1",
                      .description = "force of the intact fibres, fraction of undamaged",
                      .optional = true,
                      .fallback = 1.0}),
      slot(CouplingFactor,
           SignalSpec{
               .key = "lff.force_factor",
               .unit = "1",
               .description = "voluntary force left by low-frequency fatigue, fraction of rested",
               .optional = true,
               .fallback = 1.0}),
      // Involuntary residual activation: force the units give on top of the task's target.
      slot(Tone,
           SignalSpec{.key = "tone.force_fraction",
                      .unit = "1",
                      .description = "involuntary residual force, fraction of fresh MVC",
                      .optional = true,
                      .fallback = 0.0}));
  static constexpr auto write_specs = in_order(
      slot(ForceFraction,
           SignalSpec{"muscle.force_fraction", "1", "force produced, fraction of fresh MVC"}),
      slot(Excitation, SignalSpec{"muscle.excitation", "1", "excitation E / maximal excitation"}));
  /// Per unit: where an exhausted unit's fatigue rate starts to fade (rhs_impl). The kink there
  /// (d(dP/dt)/dP jumps from 0 to FatFac-scale/1e-4) cost every exhausting unit a run of
  /// rejected and tiny steps; as a switching function it costs one restart (docs/models/
  /// motor_unit_pool.md, "Solver cost").
  static constexpr auto switch_specs = in_order(
      slot(AboveFloor,
           SwitchSpec{"above_floor", "P > 1e-4: the unit's fatigue rate is not yet faded"}),
      slot(RampStart,
           SwitchSpec{"ramp_start",
                      "E > thr - width: the unit is on its recruitment ramp or recruited"}),
      slot(RampEnd,
           SwitchSpec{"ramp_end", "E > thr: the unit is recruited (rho = 1, rate coding)"}));
  static constexpr auto channel_specs =
      in_order(slot(RecoveryGain,
                    ChannelSpec{"fatigue.recovery_gain", Composition::Gain,
                                "multiplies the recovery rate R"}),
               slot(AddedTarget,
                    ChannelSpec{"muscle.added_target_fraction", Composition::Offset,
                                "voluntary force added to the task's target, fraction of fresh MVC "
                                "(the light exercise of active recovery)"}));
  static constexpr std::array observable_specs{
      // Standard names: what an MVC test would measure now, the force, the target and the drive.
      ObservableSpec{
          "capacity", "1",
          "maximal force producible now (E = ceiling E_max, adapted rates), of fresh MVC", true,
          "mvc_fraction"},
      ObservableSpec{"force_fraction", "1", "force produced, fraction of fresh MVC", false,
                     "force_fraction"},
      ObservableSpec{"target_fraction", "1", "target force, fraction of fresh MVC", false,
                     "target_fraction"},
      ObservableSpec{"excitation", "1", "excitation E that holds the target / maximal excitation",
                     false, "drive"},
      ObservableSpec{"recruited_units", "1",
                     "number of units firing (the ramp counts fractionally)"},
      // Effort on a 0-10 (CR10-like) scale as the drive relative to its ceiling: an assumption
      // (docs/models/motor_unit_pool.md), the scale's anchors being rest (0) and maximal drive
      // (10).
      ObservableSpec{"perceived_effort", "1", "10 x drive / its ceiling (0-10; assumed mapping)",
                     false, "perceived_effort"},
      // A single supramaximal twitch excites every unit once: each gives its rested twitch force
      // times its capacity P_i, all times the metabolic force factor; relative to fresh.
      ObservableSpec{"twitch_fraction", "1", "resting twitch force / fresh twitch force", false,
                     "twitch_fraction"},
  };
  static constexpr std::array unit_observable_specs{
      ObservableSpec{"FR", "Hz", "firing rate (adapted)"},
  };
  static constexpr auto parameter_table =
      in_order(slot(RR,
                    ParameterInfo{"RR",
                                  "1",
                                  "range of recruitment threshold excitations",
                                  50.0,
                                  {1.5, 1000.0},
                                  {30.0, 100.0},
                                  "PotvinFuglevand2017"}),
               slot(MFR,
                    ParameterInfo{"MFR",
                                  "Hz",
                                  "minimum (recruitment) firing rate",
                                  8.0,
                                  {2.0, 50.0},
                                  {6.0, 10.0},
                                  "Fuglevand1993"}),
               slot(PFR1,
                    ParameterInfo{"PFR1",
                                  "Hz",
                                  "peak firing rate of the first unit",
                                  35.0,
                                  {2.0, 200.0},
                                  {30.0, 40.0},
                                  "PotvinFuglevand2017"}),
               slot(PFRL,
                    ParameterInfo{"PFRL",
                                  "Hz",
                                  "peak firing rate of the last unit",
                                  25.0,
                                  {2.0, 200.0},
                                  {20.0, 30.0},
                                  "PotvinFuglevand2017"}),
               slot(Ge,
                    ParameterInfo{"ge",
                                  "Hz",
                                  "firing-rate gain per unit of excitation",
                                  1.0,
                                  {1e-3, 100.0},
                                  {0.5, 2.0},
                                  "Fuglevand1993"}),
               slot(RP,
                    ParameterInfo{"RP",
                                  "1",
                                  "range of twitch forces",
                                  100.0,
                                  {1.5, 1e4},
                                  {30.0, 200.0},
                                  "Fuglevand1993"}),
               slot(RT,
                    ParameterInfo{"RT",
                                  "1",
                                  "range of contraction times",
                                  3.0,
                                  {1.0, 100.0},
                                  {2.0, 5.0},
                                  "Fuglevand1993"}),
               slot(TL,
                    ParameterInfo{"TL",
                                  "s",
                                  "longest contraction time (first unit)",
                                  0.090,
                                  {1e-3, 1.0},
                                  {0.06, 0.12},
                                  "Fuglevand1993"}),
               slot(Fat,
                    ParameterInfo{"fat",
                                  "1",
                                  "range of fatigue rates across the pool",
                                  180.0,
                                  {1.0, 1e5},
                                  {100.0, 300.0},
                                  "PotvinFuglevand2017"}),
               slot(FatFac,
                    ParameterInfo{"FatFac",
                                  "1/s",
                                  "fatigue rate of the last unit at full fusion",
                                  0.0225,
                                  {0.0, 1.0},
                                  {0.01, 0.04},
                                  "PotvinFuglevand2017"}),
               slot(Tau,
                    ParameterInfo{"tau",
                                  "s",
                                  "time constant of rate adaptation after recruitment",
                                  22.0,
                                  {1e-3, 1e5},
                                  {10.0, 40.0},
                                  "RevillFuglevand2011"}),
               slot(AdaptSF,
                    ParameterInfo{"adaptSF",
                                  "1",
                                  "rate adaptation of the last unit",
                                  0.67,
                                  {0.0, 1.0},
                                  {0.4, 0.9},
                                  "RevillFuglevand2011"}),
               slot(CtSF,
                    ParameterInfo{"ctSF",
                                  "1",
                                  "contraction-time slowing at complete fatigue",
                                  0.379,
                                  {0.0, 10.0},
                                  {0.2, 0.6},
                                  "Shields1997"}),
               slot(R,
                    ParameterInfo{"R",
                                  "1/s",
                                  "recovery rate of force capacity (0: the published model)",
                                  0.0,
                                  {0.0, 1.0},
                                  {0.0, 0.004},
                                  "XiaFreyLaw2008"}),
               slot(Width,
                    ParameterInfo{"width",
                                  "1",
                                  "excitation over which a unit's rate ramps 0 -> MFR",
                                  0.01,
                                  {1e-6, 1.0},
                                  {0.001, 0.1},
                                  "PotvinFuglevand2017"}),
               slot(RestFactor,
                    ParameterInfo{"r",
                                  "1",
                                  "recovery multiplier while the task asks for no force (1: none)",
                                  1.0,
                                  {1.0, 1000.0},
                                  {1.0, 30.0},
                                  "Looft2018"}));
  static constexpr std::array<std::string_view, 7> citation_keys{"PotvinFuglevand2017",
                                                                 "Fuglevand1993",
                                                                 "RevillFuglevand2011",
                                                                 "Shields1997",
                                                                 "XiaFreyLaw2008",
                                                                 "FreyLaw2012",
                                                                 "Looft2018"};

  /// \throws ParameterError "units" outside [2, 100000].
  explicit MotorUnitPool(const ComponentOptions& options = {}) : ComponentImpl(options) {
    derive();
  }

  /// \brief The per-unit tables (thresholds, peak rates, twitch forces, contraction times,
  /// fatigue rates, adaptation scales) and the fresh maximal force, from the parameters.
  /// \throws ParameterError "pool.PFRL" / "pool.PFR1" when a peak rate is not above MFR.
  void derive() {
    const auto& p = values();
    if (!(p[PFRL] > p[MFR]))
      throw ParameterError("pool.PFRL",
                           "must exceed pool.MFR (the maximal excitation is "
                           "RR + (PFRL - MFR)/ge)");
    if (!(p[PFR1] > p[MFR])) throw ParameterError("pool.PFR1", "must exceed pool.MFR");
    const std::size_t n = std::size_t(units());
    const double last = double(n - 1);
    for (auto* v : {&thr_, &pfr_, &ct_, &w_, &fatigue_, &adapt_, &sat_}) v->resize(n);
    // CT = TL (1/P)^(1/c) with c = ln RP / ln RT
    const double ct_exponent = -std::log(p[RT]) / std::log(p[RP]);
    double max_force = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const double s = double(i) / last;
      thr_[i] = std::exp(s * std::log(p[RR]));  // range exactly RR
      pfr_[i] = p[PFR1] - (p[PFR1] - p[PFRL]) * (thr_[i] - 1.0) / (p[RR] - 1.0);  // 35 -> 25 Hz
      w_[i] = std::exp(s * std::log(p[RP]));                                      // P_i: 1 -> RP
      ct_[i] = p[TL] * std::pow(w_[i], ct_exponent);                              // 90 -> 30 ms
      fatigue_[i] = p[FatFac] / p[Fat] * std::exp(s * std::log(p[Fat]));          // 1/s, fused
      adapt_[i] = p[AdaptSF] * (thr_[i] - 1.0) / (p[RR] - 1.0);                   // Revill 2011
      sat_[i] = thr_[i] + (pfr_[i] - p[MFR]) / p[Ge];  // where the rate reaches the peak (kink)
      max_force += w_[i] * fusion(ct_[i] * pfr_[i]);
    }
    max_excitation_ = p[RR] + (p[PFRL] - p[MFR]) / p[Ge];  // maxex = thr_n + (pfrL - minfr)/mir
    for (auto& w : w_) w /= max_force;                     // unit forces as fractions of fresh MVC
  }

  template <class T>
  void rhs_impl(const Eval<T>& e) const {
    const double* p = e.p;
    const T E = excitation(e);
    const T recovery = recovery_rate(e);
    const Cache cache = cache_of(e);
    // The solve's last evaluation (Cache::s0-s2, for these states), carried to E by its Taylor
    // polynomial where F is smooth between the two and |E - E_k| <= 1e-6 (the cubic term is
    // then below round-off): the rhs costs no further fusion evaluation.
    const double dE =
        cache.at ? value_of(E) - cache.at[0] : std::numeric_limits<double>::quiet_NaN();
    const bool reuse = cache.at && std::abs(dE) < cache.at[1] && std::abs(dE) <= 1e-6;
    T force(0.0);
    for (std::size_t i = 0; i < std::size_t(e.units); ++i) {
      const T& Pi = e.x[2 * i + P];
      const T& Ai = e.x[2 * i + A];
      T pr;
      if constexpr (std::is_same_v<T, double>) {
        if (reuse) pr = cache.s0[i] + dE * (cache.s1[i] + 0.5 * dE * cache.s2[i]);
        else pr = fusion(slowed_ct(i, Pi, p) * rate(i, E, Ai, p, held_of(e, i)));
      } else {
        pr = fusion(slowed_ct(i, Pi, p) * rate(i, E, Ai, p, held_of(e, i)));
      }
      force += w_[i] * Pi * pr;
      // Potvin & Fuglevand 2017 (code: Pchange = -fatigue(mu) * PrFAT): loss in proportion to the
      // rested force at the current fusion level. The paper clips P at 0; here the rate fades
      // linearly below P = 1e-4 instead, which keeps P >= 0 with a continuous rhs.
      const double floor = 1e-4;
      const T guard = e.unit_branch(Index(i), AboveFloor, T(Pi - floor)) ? T(1.0) : T(Pi / floor);
      e.dxdt[2 * i + P] = -fatigue_[i] * pr * guard + recovery * (1.0 - Pi);
      // A = 1 - exp(-t_since_recruitment / tau) advances while the unit fires (its ramp share).
      e.dxdt[2 * i + A] = recruited(i, E, p, held_of(e, i)) * (1.0 - Ai) / p[Tau];
      // The recruitment ramp's edges (held by the integrator, see ramp_piece).
      e.unit_branch(Index(i), RampStart, T(E - (thr_[i] - p[Width])));
      e.unit_branch(Index(i), RampEnd, T(E - thr_[i]));
    }
    e.outputs[ForceFraction] = force_factor(e) * force;
    e.outputs[Excitation] = E / max_excitation_;
  }

  /// \brief Own Jacobian from one pass over the units: given E each unit's rhs depends on its
  /// own states only, so df/dx = blockdiag(df_u/dx_u) + (df/dE)(dE/dx)^T with
  /// dE/dx_u = -(dF_u/dx_u)/F_E (implicit-function theorem on F(E, x) = target): one double
  /// solve and one Dual<3> pass (seeds P_u, A_u, E shared by all units) instead of
  /// ceil((2N + 2)/8) passes of the whole rhs. Agrees with AD of rhs_impl (conformance).
  /// With j.factored set, the 2 x 2 unit blocks and u = df/dE, v = dE/dx go there and no
  /// 2N x 2N matrix is formed (O(N); the solvers' BlockLowRank path).
  void own_jacobian_impl(const Eval<double>& e, ComponentJacobian& j) const {
    using D3 = Dual<3>;
    const double* p = e.p;
    const double E0 = excitation(e);
    const double recovery = recovery_rate(e);
    D3 Ed(E0);
    Ed.d[2] = 1.0;
    // Scratch: dF_u/dx_u in the force output's row, df/dE in dfdt (explicit dt is zero).
    auto dFdx = j.dydx.row(ForceFraction);
    Eigen::Ref<Vector>& dfdE = j.dfdt;
    double FE = 0.0, F = 0.0;  // unscaled force sum and its E-slope
    for (Index u = 0; u < e.units; ++u) {
      const std::size_t i = std::size_t(u);
      const Index r0 = 2 * u;
      D3 Pd(e.x[2 * i + P]), Ad(e.x[2 * i + A]);
      Pd.d[0] = 1.0;
      Ad.d[1] = 1.0;
      const D3 pr = fusion(slowed_ct(i, Pd, p) * rate(i, Ed, Ad, p, held_of(e, i)));
      const D3 Fi = w_[i] * Pd * pr;
      const double floor = 1e-4;  // as in rhs_impl
      const D3 guard = e.unit_branch(u, AboveFloor, Pd.v - floor) ? D3(1.0) : D3(Pd / floor);
      const D3 dP = -fatigue_[i] * pr * guard + recovery * (1.0 - Pd);
      const D3 dA = recruited(i, Ed, p, held_of(e, i)) * (1.0 - Ad) / p[Tau];
      if (j.factored) {
        double* b = j.factored->unit_blocks + 4 * u;  // column-major 2 x 2
        b[0] = dP.d[0];
        b[1] = dA.d[0];
        b[2] = dP.d[1];
        b[3] = dA.d[1];
      } else {
        j.dfdx(r0, r0) = dP.d[0];
        j.dfdx(r0, r0 + 1) = dP.d[1];
        j.dfdx(r0 + 1, r0) = dA.d[0];
        j.dfdx(r0 + 1, r0 + 1) = dA.d[1];
      }
      dfdE[r0] = dP.d[2];
      dfdE[r0 + 1] = dA.d[2];
      dFdx[r0] = Fi.d[0];
      dFdx[r0 + 1] = Fi.d[1];
      FE += Fi.d[2];
      F += Fi.v;
    }
    // E solves m F(E, x) = target strictly inside (0, cap) and moves with x, the target and m
    // there; clamped at the cap c E_max it moves only with c; at 0 with nothing.
    const double m = force_factor(e), target = demanded(e);
    const double cap = excitation_cap(e.inputs[Ceiling]);
    const bool moves = E0 > 0.0 && E0 < cap && FE > 0.0 && m > 0.0;
    const bool capped = E0 >= cap && target > 0.0 && cap < max_excitation_;
    // d m / d(factor k): the product of the other two factors.
    const double fp = e.inputs[ForceFactor], fd = e.inputs[DamageFactor],
                 fc = e.inputs[CouplingFactor];
    const double dEdm = moves ? -target / (m * m * FE) : 0.0;
    const std::array<double, 6> dmdu{0.0, fd * fc, 0.0, fp * fc, fp * fd, 0.0};
    const double dEdtarget = moves ? 1.0 / (m * FE) : 0.0;
    const std::array<double, 6> dEdu{dEdtarget,      dEdm * dmdu[1], capped ? max_excitation_ : 0.0,
                                     dEdm * dmdu[3], dEdm * dmdu[4], dEdtarget};
    const Index size = 2 * e.units;
    for (Index c = 0; c < size; ++c) {
      const double dEdx = moves ? -dFdx[c] / FE : 0.0;
      if (j.factored) j.factored->v(c, 0) = dEdx;
      else j.dfdx.col(c) += dfdE * dEdx;
      j.dydx(ForceFraction, c) = m * (dFdx[c] + FE * dEdx);  // 0 while the target is held
      j.dydx(Excitation, c) = dEdx / max_excitation_;
    }
    if (j.factored) j.factored->u.col(0) = dfdE;
    for (Index k = 0; k < Index(dEdu.size()); ++k) {
      j.dfdu.col(k) = dfdE * dEdu[std::size_t(k)];
      j.dydu(ForceFraction, k) =
          m * FE * dEdu[std::size_t(k)] + F * dmdu[std::size_t(k)];  // force = m F
      j.dydu(Excitation, k) = dEdu[std::size_t(k)] / max_excitation_;
    }
    dfdE.setZero();  // no explicit time dependence
  }

  void observe_impl(const Eval<double>& e, double* out) const {
    const double E = excitation(e);
    const double cap = excitation_cap(e.inputs[Ceiling]), m = force_factor(e);
    double force = 0.0, capacity = 0.0, recruited_units = 0.0, twitch = 0.0, fresh_twitch = 0.0;
    for (std::size_t i = 0; i < std::size_t(e.units); ++i) {
      const double Pi = e.x[2 * i + P], Ai = e.x[2 * i + A];
      twitch += w_[i] * Pi;
      fresh_twitch += w_[i];
      force += w_[i] * Pi * fusion(slowed_ct(i, Pi, e.p) * rate(i, E, Ai, e.p));
      capacity += unit_capacity(i, E, cap, Pi, Ai, e.p);
      recruited_units += recruited(i, E, e.p);
    }
    out[0] = m * capacity;
    out[1] = m * force;
    out[2] = e.inputs[TargetFraction];
    out[3] = E / max_excitation_;
    out[4] = recruited_units;
    out[5] = 10.0 * std::min(1.0, E / cap);
    out[6] = m * twitch / fresh_twitch;
  }

  void observe_units_impl(const Eval<double>& e, double* out) const {
    const double E = excitation(e);
    for (std::size_t i = 0; i < std::size_t(e.units); ++i) out[i] = rate(i, E, e.x[2 * i + A], e.p);
  }

  /// \brief Recruitment threshold excitation of unit i (0-based).
  double threshold(std::size_t i) const { return thr_[i]; }
  /// \brief Peak firing rate of unit i [Hz].
  double peak_rate(std::size_t i) const { return pfr_[i]; }
  /// \brief Rested contraction time of unit i [s].
  double contraction_time(std::size_t i) const { return ct_[i]; }
  /// \brief Rested twitch force of unit i as a fraction of the fresh maximal force.
  double twitch_force(std::size_t i) const { return w_[i]; }
  /// \brief Fatigue rate of unit i at full fusion [1/s of its rested force].
  double fatigue_rate(std::size_t i) const { return fatigue_[i]; }
  /// \brief Maximal excitation (every unit at its peak rate).
  double max_excitation() const { return max_excitation_; }
  /// \brief The largest excitation the central activation ceiling c allows: c E_max, for c in
  /// (0, 1) (E_max otherwise).
  double excitation_cap(double ceiling) const {
    return ceiling > 0.0 && ceiling < 1.0 ? ceiling * max_excitation_ : max_excitation_;
  }

  /// \brief Fuglevand 1993 Fig. 2 as coded by Potvin: force relative to full fusion at the
  /// normalised rate x = CT * FR: linear to S(0.4) below 0.4, then S(x) = 1 - exp(-2 x^3).
  template <class S>
  static S fusion(const S& x) {
    const double s04 = 1.0 - std::exp(-2.0 * 0.064);
    if (value_of(x) <= 0.4) return x * (s04 / 0.4);
    using std::exp;
    return 1.0 - exp(-2.0 * x * x * x);
  }

  /// \brief Per-run scratch of the excitation solve (MotorUnitPoolCache).
  using Cache = MotorUnitPoolCache;

  /// \brief exp(-2 x^3) for unit i, equal to std::exp up to round-off: e0 exp(q) with
  /// q = -2 (x^3 - x0^3) the change of the exponent since the unit's cached point, exp(q) by its
  /// Taylor polynomial of degree 7 where that truncates below 1e-18 absolute (|q| <= 0.05 and
  /// e0 q^8 <= 3e-14: remainder <= 1.06 e0 q^8 / 8!); elsewhere std::exp, which becomes the new
  /// cached point. Between the stages of a step x moves little, so most exp calls of a hold
  /// become 7 multiply-adds.
  double fusion_exp(std::size_t i, double x, const Cache& cache) const {
    if (!cache.x0) return std::exp(-2.0 * x * x * x);
    const double x0 = cache.x0[i], e0 = cache.e0[i];
    const double q = -2.0 * (x - x0) * (x * x + x * x0 + x0 * x0);
    const double q2 = q * q, q4 = q2 * q2;
    if (std::abs(q) <= 0.05 && e0 * q4 * q4 <= 3e-14)
      return e0 *
             (1.0 +
              q * (1.0 + q * (1.0 / 2 +
                              q * (1.0 / 6 +
                                   q * (1.0 / 24 +
                                        q * (1.0 / 120 + q * (1.0 / 720 + q * (1.0 / 5040))))))));
    const double e = std::exp(-2.0 * x * x * x);
    cache.x0[i] = x;
    cache.e0[i] = e;
    return e;
  }

  /// \brief The force F(E) (fraction of fresh MVC) with F'(E), F''(E), and the distance from E
  /// to the nearest kink of any unit (recruitment ramp edges, rate saturation, fusion at
  /// x = 0.4), between which F is smooth. With a cache, each unit's term and its first two
  /// E-derivatives are kept there (Cache::s0-s2) for the rhs at the solved E.
  template <class Get>
  void force_terms(double E,
                   Index units,
                   const double* p,
                   Get&& state,
                   const Cache& cache,
                   const std::uint8_t* held,
                   std::size_t per_unit,
                   double& f,
                   double& df,
                   double& d2f,
                   double& kink) const {
    const double s04 = 1.0 - std::exp(-2.0 * 0.064);
    f = df = d2f = 0.0;
    kink = std::numeric_limits<double>::infinity();
    const double inv_width = 1.0 / p[Width];
    for (std::size_t i = 0; i < std::size_t(units); ++i) {
      const double lo = thr_[i] - p[Width];
      double s = 0.0, ds = 0.0, d2s = 0.0;  // S(x(E)) and its E-derivatives
      // (Held ramp edges are no kinks, but they count as such here too, so that held and free
      // evaluations take the same iterations: equal results where the held branches are the
      // free ones, as conformance checks bit for bit.)
      const int piece = ramp_piece(i, E, p, held ? held + i * per_unit : nullptr);
      if (piece == 0) {
        kink = std::min(kink, std::abs(lo - E));
      } else {
        // rate(): rho (m - a A (m - MFR + 2)), each piece linear in E (sat_: where m = pfr)
        double rho = 1.0, drho = 0.0, m = p[MFR], dm = 0.0;
        if (piece == 1) {
          rho = (E - lo) / p[Width];
          drho = inv_width;
          kink = std::min(kink, std::min(std::abs(E - lo), std::abs(thr_[i] - E)));
        } else if (p[MFR] + p[Ge] * (E - thr_[i]) >= pfr_[i]) {
          m = pfr_[i];
          kink = std::min(kink, E - sat_[i]);
        } else {
          m = p[MFR] + p[Ge] * (E - thr_[i]);
          dm = p[Ge];
          kink = std::min(kink, std::min(sat_[i] - E, std::abs(E - thr_[i])));
        }
        const double Pi = state(i, P);
        const double aA = adapt_[i] * state(i, A);
        const double ct = slowed_ct(i, Pi, p);
        const double fr = rho * (m - aA * (m - p[MFR] + 2.0));
        const double dx = ct * (drho * (m - aA * (m - p[MFR] + 2.0)) + rho * (dm - aA * dm));
        const double x = ct * fr;
        if (x <= 0.4) {
          s = x * (s04 / 0.4);
          ds = dx * (s04 / 0.4);
          if (dx > 0.0) kink = std::min(kink, (0.4 - x) / dx);
        } else {
          const double e = fusion_exp(i, x, cache);
          s = 1.0 - e;
          ds = 6.0 * x * x * e * dx;
          d2s = (12.0 * x - 36.0 * x * x * x * x) * e * dx * dx;
          if (dx > 0.0) kink = std::min(kink, (x - 0.4) / dx);
        }
        const double wP = w_[i] * Pi;
        f += wP * s;
        df += wP * ds;
        d2f += wP * d2s;
      }
      if (cache.s0) {
        cache.s0[i] = s;
        cache.s1[i] = ds;
        cache.s2[i] = d2s;
      }
    }
    if (cache.at) {
      cache.at[0] = E;
      cache.at[1] = kink;
    }
  }

  /// \brief The excitation E in [0, E_max] with F(E) = target (double precision), or E_max
  /// when even E_max cannot hold the target, or 0 for no target. `state(i, k)` gives state k
  /// of unit i as a double. `guess`: a warm start (the E of the previous evaluation; NaN or
  /// outside (0, E_max): none), and `cache`: per-run scratch (Cache; empty: none); both change
  /// the root only by round-off. `held`: the integrator's held branches (Eval::held, per_unit
  /// = Eval::switches_per_unit; nullptr: none), which choose each unit's ramp piece. `cap`:
  /// the largest excitation allowed (the central activation ceiling times E_max; outside
  /// (0, E_max): E_max), which takes E_max's place above.
  template <class Get>
  double solve_excitation(double target,
                          Index units,
                          const double* p,
                          Get&& state,
                          double guess = std::numeric_limits<double>::quiet_NaN(),
                          const Cache& cache = {},
                          const std::uint8_t* held = nullptr,
                          std::size_t per_unit = 0,
                          double cap = -1.0) const {
    if (!(cap > 0.0 && cap < max_excitation_)) cap = max_excitation_;
    if (cache.at) cache.at[0] = std::numeric_limits<double>::quiet_NaN();  // nothing evaluated yet
    if (!(target > 0.0)) return 0.0;
    double slope = 0.0, curvature = 0.0, kink = 0.0;
    auto force_slope = [&](double E) {
      double f = 0.0;
      force_terms(E, units, p, state, cache, held, per_unit, f, slope, curvature, kink);
      return f;
    };
    double lo = 0.0, hi = cap;
    // Whether F(E_max) > target is known. Cold, it is checked first; warm, only when an iterate
    // reaches E_max (in a hold E moves little between evaluations).
    bool hi_checked = false;
    auto check_hi = [&] {
      hi_checked = true;
      return force_slope(hi) <= target;
    };
    double E = guess;
    if (!(guess > 0.0 && guess < cap)) {
      if (check_hi()) return hi;
      E = target * hi;  // F is roughly proportional to E: a good first guess
    }
    // Stop once the residual is at the round-off of the force sum (its terms are <= 1), or once
    // the Newton step d = -r/F' is so small that F is smooth over it (no kink within d) and its
    // error F'' d^2 / (2 F') is below the round-off of E: then the Chebyshev step
    // d - F'' d^2 / (2 F') is the root to round-off without another force evaluation. From the
    // warm start that saves one or two of the 3-4 evaluations per solve.
    const double tiny = 64.0 * std::numeric_limits<double>::epsilon() * target;
    for (int it = 0; it < 200; ++it) {
      const double r = force_slope(E) - target;
      if (r == 0.0) return E;
      (r > 0.0 ? hi : lo) = E;
      // F is monotone and piecewise smooth: Newton inside the bracket, bisection otherwise.
      const double newton = slope > 0.0 ? E - r / slope : E;
      if (std::abs(r) <= tiny) return newton;  // (never the bisection point: E is converged)
      if (slope > 0.0) {
        const double d = -r / slope;
        const double second = curvature * d * d / (2.0 * slope);
        if (std::abs(d) < kink &&
            std::abs(second) <= 4.0 * std::numeric_limits<double>::epsilon() * E && newton > lo &&
            newton < hi)
          return newton - second;
      }
      if (!hi_checked && hi == cap && !(newton < hi)) {
        if (check_hi()) return hi;
      }
      const double next = newton > lo && newton < hi ? newton : 0.5 * (lo + hi);
      if (std::abs(next - E) <= 1e-15 * max_excitation_ || hi - lo <= 4e-16 * max_excitation_)
        return next;
      E = next;
    }
    return E;
  }

 private:
  // E for this evaluation: solved in double, then for the dual type one Newton step from the
  // root, E - (F(E, x) - target) / F_E, which carries dE/dx = -F_x / F_E exactly (implicit
  // function theorem) at the cost of one more force evaluation.
  template <class T>
  T excitation(const Eval<T>& e) const {
    // The pool must give target / m in rested-fibre force when the metabolites depress the force
    // per unit activation by m, and may not excite beyond the central ceiling c: E <= c E_max.
    const double m = value_of(force_factor(e)), held_target = value_of(demanded(e));
    const double target = m > 0.0             ? held_target / m
                          : held_target > 0.0 ? std::numeric_limits<double>::infinity()
                                              : 0.0;
    const double cap = excitation_cap(value_of(e.inputs[Ceiling]));
    const auto state = [&](std::size_t i, int k) { return value_of(e.x[2 * i + std::size_t(k)]); };
    const double E0 = solve_excitation(target, e.units, e.p, state,
                                       e.memo ? *e.memo : std::numeric_limits<double>::quiet_NaN(),
                                       cache_of(e), e.held, e.switches_per_unit, cap);
    if (e.memo && E0 > 0.0 && E0 < cap) *e.memo = E0;
    if constexpr (std::is_same_v<T, double>) {
      return E0;
    } else {
      if (E0 <= 0.0) return T(E0);
      if (E0 >= cap) return cap < max_excitation_ ? T(e.inputs[Ceiling] * max_excitation_) : T(E0);
      double slope = 0.0;
      T f(0.0);
      Dual<1> Ed(E0);
      Ed.d[0] = 1.0;
      Dual<1> fd(0.0);
      for (std::size_t i = 0; i < std::size_t(e.units); ++i) {
        const T& Pi = e.x[2 * i + P];
        f += w_[i] * Pi *
             fusion(slowed_ct(i, Pi, e.p) * rate(i, E0, e.x[2 * i + A], e.p, held_of(e, i)));
        const double Pv = value_of(Pi);
        const double Av = value_of(e.x[2 * i + A]);
        fd += w_[i] * Pv *
              fusion(Dual<1>(slowed_ct(i, Pv, e.p)) * rate(i, Ed, Av, e.p, held_of(e, i)));
      }
      slope = fd.d[0];
      if (!(slope > 0.0)) return T(E0);
      // One Newton step on m F(E, x) = target from the root: carries dE/dx, dE/dm, dE/dtarget.
      return E0 - (force_factor(e) * f - demanded(e)) / (m * slope);
    }
  }

  // Recovery of force capacity [1/s]: R, times r while the task asks for no force (the rest
  // multiplier of 3CC-r, Looft, Herkert & Frey-Law 2018: recovery between contractions of an
  // intermittent task is faster than during them), times the recovery-gain channel.
  template <class T>
  static T recovery_rate(const Eval<T>& e) {
    const double rest =
        value_of(e.inputs[TargetFraction] + e.channel[AddedTarget]) > 0.0 ? 1.0 : e.p[RestFactor];
    return e.p[R] * rest * e.channel[RecoveryGain];
  }

  // The force the units must give: the task's target, any voluntary force an intervention adds
  // (active recovery) and the involuntary residual tone.
  template <class T>
  static T demanded(const Eval<T>& e) {
    return e.inputs[TargetFraction] + e.channel[AddedTarget] + e.inputs[Tone];
  }

  // The force per unit activation relative to fresh rested fibres: metabolic (peripheral),
  // damage and low-frequency fatigue factors together.
  template <class T>
  static T force_factor(const Eval<T>& e) {
    return e.inputs[ForceFactor] * e.inputs[DamageFactor] * e.inputs[CouplingFactor];
  }

  // The Cache in Eval::memo: [0] warm start, [1, 2] Cache::at, then x0, e0, s0, s1, s2 (N each).
  template <class T>
  static Cache cache_of(const Eval<T>& e) {
    if (!e.memo) return {};
    double* u = e.memo + memo_slots;
    const std::size_t n = std::size_t(e.units);
    return {e.memo + 1, u, u + n, u + 2 * n, u + 3 * n, u + 4 * n};
  }

  // Unit i's held branches (Eval::held, its switches_per_unit entries), or nullptr.
  template <class T>
  static const std::uint8_t* held_of(const Eval<T>& e, std::size_t i) {
    return e.held ? e.held + i * e.switches_per_unit : nullptr;
  }

  // Piece of unit i's recruitment ramp: 0 off (E <= thr - width), 1 on the ramp, 2 recruited
  // (E >= thr). Where the integrator holds the branches (held: the unit's Eval::held entries),
  // they decide, so that within a step each unit stays on one smooth piece (its rho and rate
  // continued linearly past the edge) and the step ends where an edge is crossed: an edge is a
  // near-jump of dA/dt and dP/dt (the ramp is 0.01 wide in E), which cost rejected steps.
  int ramp_piece(std::size_t i, double E, const double* p, const std::uint8_t* held) const {
    if (held) return held[RampEnd] ? 2 : held[RampStart] ? 1 : 0;
    return E >= thr_[i] ? 2 : E > thr_[i] - p[Width] ? 1 : 0;
  }

  // Share of unit i recruited at excitation E: 0 below thr - width, 1 from thr on (the
  // paper's step, spread over `width` so F(E) is continuous and F(E) = target has a root).
  template <class S>
  S recruited(std::size_t i,
              const S& E,
              const double* p,
              const std::uint8_t* held = nullptr) const {
    const int piece = ramp_piece(i, value_of(E), p, held);
    if (piece == 0) return S(0.0);
    if (piece == 2) return S(1.0);
    return (E - (thr_[i] - p[Width])) / p[Width];
  }

  // Adapted firing rate [Hz] of unit i (Potvin & Fuglevand 2017 code: mufrFAT = mufr - adaptFR):
  // mufr = ge (E - thr) + MFR capped at the peak rate; adaptFR = adapt_i (mufr - MFR + 2) A.
  template <class S, class X>
  decltype(S() * X()) rate(std::size_t i,
                           const S& E,
                           const X& Ai,
                           const double* p,
                           const std::uint8_t* held = nullptr) const {
    using Rt = decltype(S() * X());
    const int piece = ramp_piece(i, value_of(E), p, held);
    if (piece == 0) return Rt(0.0);
    const S rho = piece == 2 ? S(1.0) : S((E - (thr_[i] - p[Width])) / p[Width]);
    S m;
    if (piece == 1) m = S(p[MFR]);
    else if (p[MFR] + p[Ge] * (value_of(E) - thr_[i]) >= pfr_[i]) m = S(pfr_[i]);
    else m = p[MFR] + p[Ge] * (E - thr_[i]);
    return Rt(rho * (m - adapt_[i] * Ai * (m - p[MFR] + 2.0)));
  }

  // Contraction time of unit i slowed by fatigue (Shields 1997 via Potvin): CT (1 + ctSF (1 - P)).
  template <class X>
  X slowed_ct(std::size_t i, const X& Pi, const double* p) const {
    return ct_[i] * (1.0 + p[CtSF] * (1.0 - Pi));
  }

  // Force unit i could give now at maximal excitation: the peak rate less the adaptation it
  // has at the current excitation (the code's muPtMAX: mufr(maxact) - adaptFR(act)).
  // With a central ceiling the maximal excitation is cap < E_max: the unit then fires at its
  // rate at cap (0 if cap leaves it unrecruited), less the same adaptation.
  double unit_capacity(
      std::size_t i, double E, double cap, double Pi, double Ai, const double* p) const {
    const double rho = recruited(i, E, p);
    double m = p[MFR];
    if (E > thr_[i]) m = std::min(p[MFR] + p[Ge] * (E - thr_[i]), pfr_[i]);
    double peak = pfr_[i];
    if (cap < max_excitation_) {
      const double share = recruited(i, cap, p);
      if (share == 0.0) return 0.0;
      peak = share * (cap > thr_[i] ? std::min(p[MFR] + p[Ge] * (cap - thr_[i]), pfr_[i]) : p[MFR]);
    }
    const double adapted = peak - rho * adapt_[i] * Ai * (m - p[MFR] + 2.0);
    return w_[i] * Pi * fusion(slowed_ct(i, Pi, p) * adapted);
  }

  std::vector<double> thr_, pfr_, ct_, w_, fatigue_, adapt_, sat_;
  double max_excitation_ = 0.0;
};

}  // namespace myofatigue
