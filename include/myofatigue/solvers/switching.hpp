#pragma once
/// \file
/// \brief Switching functions of piecewise-smooth systems: the integrator holds each branch of
/// the right-hand side for whole steps and restarts exactly where a switching function changes
/// sign, so no step straddles a kink or a jump (Hairer, Norsett & Wanner 1993, Solving ODEs I,
/// Sec. II.6, "discontinuous equations": integrate each smooth piece, locate the switch on the
/// dense output, restart there).
///
/// A system opts in by providing (concept SwitchedSystem):
///   - `Index switch_count() const`
///   - `void switch_values(double t, const Vector& y, double* g) const`  the g_k(t, y), each
///     evaluated with the branches currently held
///   - `void hold_branches(const std::uint8_t* held) const`  held[k] = 1: use the g_k > 0 branch,
///     0: the other; nullptr releases them (every branch follows the sign of its g_k again).
///     The system keeps the pointer until released; the integrator owns the array.

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "myofatigue/core/types.hpp"

namespace myofatigue {

template <class S>
concept SwitchedSystem =
    requires(const S& s, double t, const Vector& y, double* g, const std::uint8_t* held) {
      { s.switch_count() } -> std::convertible_to<Index>;
      s.switch_values(t, y, g);
      s.hold_branches(held);
    };

namespace detail {

/// Illinois-modified regula falsi for a sign change of g(t, y(t)) on one step's interpolant
/// (core.interpolate), between t0 and t1 where g0 = g(t0) and g1 = g(t1) have opposite signs (or
/// one is zero). Returns the crossing to within 4 eps |t| (or after 100 iterations), on the side
/// of t1 unless g vanishes exactly.
template <class G, class Core>
double locate_root(G&& g, const Core& core, double t0, double t1, double g0, double g1, Vector& y) {
  double a = t0, b = t1, ga = g0, gb = g1;
  int side = 0;
  const double tol =
      4.0 * std::numeric_limits<double>::epsilon() * std::max({std::abs(t0), std::abs(t1), 1e-300});
  for (int it = 0; it < 100 && (b - a) > tol; ++it) {
    double c = (a * gb - b * ga) / (gb - ga);
    if (!(c > a && c < b)) c = 0.5 * (a + b);
    core.interpolate(c, y);
    const double gc = g(c, y);
    if (gc == 0.0) return c;
    if ((gc > 0) == (gb > 0)) {
      b = c;
      gb = gc;
      if (side == -1) ga *= 0.5;
      side = -1;
    } else {
      a = c;
      ga = gc;
      if (side == 1) gb *= 0.5;
      side = 1;
    }
  }
  return ga == 0.0 ? a : b;
}

}  // namespace detail

/// \brief The branches a solve holds for a SwitchedSystem, and where they change. One per
/// Integrator, reset() at every (re)start; for other systems it is inert (nothing is evaluated).
///
/// Sliding modes (the field points into the surface from both sides, Filippov 1988) would make
/// the branches flip back and forth without progress; after a few switches that advance t by
/// less than 64 eps |t| the branches are released until the next reset(), and the rhs is then
/// integrated as written. A continuous rhs (a kink, like the 3CC controller's) cannot slide, and
/// for it that fallback is the plain integration of the kink under error control; a
/// discontinuous rhs that slides chatters instead, the step size collapses, and the failure
/// message names the sliding mode (sliding_note()).
template <class System>
class BranchHolder {
 public:
  explicit BranchHolder(const System& system) : system_(&system) {}

  /// \brief (Re)starts at (t0, y0): every branch follows the sign of its switching function
  /// there and is then held. Called at the start of a solve and of every constant-input phase.
  void reset(double t0, const Vector& y0) {
    if constexpr (SwitchedSystem<System>) {
      const auto n = std::size_t(system_->switch_count());
      if (n == 0) return;
      held_.resize(n);
      g_start_.resize(n);
      g_end_.resize(n);
      g_probe_.resize(n);
      g_cross_.resize(n);
      stalled_ = 0;
      system_->hold_branches(nullptr);
      system_->switch_values(t0, y0, g_start_.data());
      for (std::size_t k = 0; k < n; ++k) held_[k] = g_start_[k] > 0.0;
      system_->hold_branches(held_.data());
      active_ = true;
    } else {
      (void)t0, (void)y0;
    }
  }
  ~BranchHolder() { release(); }
  BranchHolder(const BranchHolder&) = delete;
  BranchHolder& operator=(const BranchHolder&) = delete;

  /// \brief Empty, or where a sliding mode released the branches (for failure messages).
  std::string sliding_note() const {
    if (sliding_switch_ < 0) return {};
    std::ostringstream s;
    s << " (switching function " << sliding_switch_
      << " entered a sliding mode at t = " << sliding_t_
      << ", so its branches were released: the rhs jumps across a surface that "
      << "both sides point into)";
    return s.str();
  }

  /// \brief After a successful attempt over [t, t1] ending at y1: the earliest time in (t, t1]
  /// where a held branch's switching function leaves its side, located on the attempt's dense
  /// output; nullopt when every branch still holds at t1.
  template <class Core>
  std::optional<double> crossing(
      const Core& core, double t, double t1, const Vector& y1, Vector& y_tmp) {
    crossed_ = -1;
    if (!active_) return std::nullopt;
    if constexpr (SwitchedSystem<System>) {
      system_->switch_values(t1, y1, g_end_.data());
      double t_cross = t1;
      // Once one crossing is located, a later switching function is located only if it has
      // left its side by then (one probe of all of them at t_cross, shared), and only on
      // [t, t_cross]: a step that crosses several (a unit's two ramp edges, or several units)
      // locates the earliest, not each of them on the whole step. Each probe is a full rhs.
      bool probed = false;  // g_cross_ holds the switching functions at t_cross
      for (std::size_t k = 0; k < held_.size(); ++k) {
        // s > 0 (held 1) or s >= 0 (held 0) on the held side.
        const double s1 = oriented(k, g_end_[k]);
        if (held_[k] ? s1 > 0.0 : s1 >= 0.0) continue;
        const double s0 = oriented(k, g_start_[k]);
        // A switching function already off its side at t (it vanished exactly where its
        // branch flipped and did not move onto the new side) crosses at t itself.
        const bool off_at_start = held_[k] ? !(s0 > 0.0) : s0 < 0.0;
        double t_hi = t1, s_hi = s1;
        if (!off_at_start && crossed_ >= 0) {
          if (!probed) {
            core.interpolate(t_cross, y_tmp);
            system_->switch_values(t_cross, y_tmp, g_cross_.data());
            probed = true;
          }
          const double sc = oriented(k, g_cross_[k]);
          if (held_[k] ? sc > 0.0 : sc >= 0.0) continue;  // still on its side at t_cross
          t_hi = t_cross;
          s_hi = sc;
        }
        const double tc = off_at_start ? t
                                       : detail::locate_root(
                                             [&](double tt, const Vector& yy) {
                                               system_->switch_values(tt, yy, g_probe_.data());
                                               return oriented(k, g_probe_[k]);
                                             },
                                             core, t, t_hi, s0, s_hi, y_tmp);
        if (crossed_ < 0 || tc < t_cross) {
          t_cross = tc;
          crossed_ = int(k);
          probed = false;
        }
      }
      if (crossed_ >= 0) return t_cross;
    } else {
      (void)core, (void)t, (void)t1, (void)y1, (void)y_tmp;
    }
    return std::nullopt;
  }

  /// \brief The step ended at t1 with every branch still held (after crossing() said so).
  void advance() { g_start_.swap(g_end_); }

  /// \brief The step was cut at the crossing t_s (state y_s) found by crossing(): the branch that
  /// crossed flips; the others take the side their switching function has at t_s. t_from is the
  /// start of the cut step (to detect switches that make no progress).
  void switch_at(double t_from, double t_s, const Vector& y_s) {
    if constexpr (SwitchedSystem<System>) {
      const double floor =
          64.0 * std::numeric_limits<double>::epsilon() * std::max(1.0, std::abs(t_s));
      stalled_ = (t_s - t_from <= floor) ? stalled_ + 1 : 0;
      if (stalled_ > max_stalled) {
        sliding_switch_ = crossed_;
        sliding_t_ = t_s;
        release();
        return;
      }
      const std::size_t k_cross = std::size_t(crossed_);
      const std::uint8_t flipped = held_[k_cross] ? 0 : 1;
      system_->hold_branches(nullptr);
      system_->switch_values(t_s, y_s, g_start_.data());
      for (std::size_t k = 0; k < held_.size(); ++k) held_[k] = g_start_[k] > 0.0;
      held_[k_cross] = flipped;
      system_->hold_branches(held_.data());
    } else {
      (void)t_from, (void)t_s, (void)y_s;
    }
  }

 private:
  static constexpr int max_stalled = 3;

  double oriented(std::size_t k, double g) const { return held_[k] ? g : -g; }

  void release() {
    if constexpr (SwitchedSystem<System>) {
      if (active_) system_->hold_branches(nullptr);
    }
    active_ = false;
  }

  const System* system_;
  bool active_ = false;
  int crossed_ = -1;
  int stalled_ = 0;
  int sliding_switch_ = -1;
  double sliding_t_ = 0.0;
  std::vector<std::uint8_t> held_;
  std::vector<double> g_start_, g_end_;
  std::vector<double> g_probe_;
  std::vector<double> g_cross_;  // the switching functions at the earliest crossing so far
};

}  // namespace myofatigue
