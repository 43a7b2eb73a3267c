#pragma once
/// \file
/// \brief Eigen-native Rosenbrock integrator core (Rodas5P, Rodas4, Rosenbrock23): one step with
/// embedded error estimate and dense output, with the df/dt term for non-autonomous systems.
/// Step-size control lives in StepSizeController; solve_ivp.hpp drives both, odeint.hpp wraps
/// them in Boost.Odeint's stepper concepts.

#include <algorithm>
#include <cmath>
#include <limits>

#include "myofatigue/solvers/jacobian.hpp"
#include "myofatigue/solvers/linear_solver.hpp"
#include "myofatigue/solvers/tableau.hpp"

namespace myofatigue {

namespace detail {
/// a / scale for a weighted norm whose scale may be zero (atol = 0 and a state at 0): zero
/// over zero contributes nothing, anything else over zero is infinitely large.
inline double scaled(double a, double scale) {
  if (scale > 0.0) return a / scale;
  return a == 0.0 ? 0.0 : std::numeric_limits<double>::infinity();
}
}  // namespace detail

/// \brief Weighted RMS norm of err with scale atol_i + rtol_i max(|y0_i|, |y1_i|)
/// (Hairer, Norsett & Wanner 1993, Solving ODEs I, eq. II.4.11). A zero scale (atol = 0 at a
/// state that stays at 0) makes a nonzero error infinitely large, so the step is rejected.
inline double error_norm(const Vector& err,
                         const Vector& y0,
                         const Vector& y1,
                         const SolverOptions& o) {
  const Index n = err.size();
  if (n == 0) return 0.0;
  double sum = 0.0;
  for (Index i = 0; i < n; ++i) {
    const double scale = o.atol_of(i) + o.rtol_of(i) * std::max(std::abs(y0[i]), std::abs(y1[i]));
    const double r = detail::scaled(err[i], scale);
    sum += r * r;
  }
  return std::sqrt(sum / double(n));
}

/// \brief Continuous extension of one accepted step:
/// y(t0 + theta h) = (1-theta) y0 + theta (y1 + (1-theta)(K0 + theta (K1 + theta K2))).
/// Every method's interpolant is written in this form (Rosenbrock23's with K1 = K2 = 0).
struct DenseSegment {
  double t0 = 0.0;  ///< start of the step
  double t1 = 0.0;  ///< end of the valid interval (before t0 + h when a terminal event cut it)
  double h = 0.0;   ///< step size the polynomial was built for
  Vector y0, y1;
  Matrix K;  ///< n x 3

  /// \brief Interpolated state at t (extrapolates outside [t0, t1]).
  template <class Out>
  void evaluate(double t, Out&& y) const {
    const double th = h != 0.0 ? (t - t0) / h : 1.0;
    const double om = 1.0 - th;
    y = om * y0 + th * (y1 + om * (K.col(0) + th * (K.col(1) + th * K.col(2))));
  }
};

/// \brief One Rosenbrock step of any supported method, with all scratch preallocated.
/// Not thread-safe: one per solve (it is the per-run workspace of the integrator). The system is
/// passed to every call and never stored. The constructor reads it only to resolve the
/// Jacobian mode and the sparsity pattern.
template <OdeSystem System>
class RosenbrockCore {
 public:
  /// \throws ParameterError for options that do not fit this system (see SolverOptions).
  RosenbrockCore(const System& system, Index n, const SolverOptions& options)
      : options_((options.validate(n), options)),
        method_(options.method),
        tab_(&rosenbrock_tableau(options.method)),
        jac_(system, n, options.jacobian, pattern_for(system, options)),
        n_(n) {
    const SparseMatrix pattern = pattern_for(system, options);
    const bool has_pattern = pattern.size() != 0;
    const LowRankStructure structure = low_rank_for(system);
    // The compact form comes only from the system's own jacobian(): AD and FD fill n x n.
    const bool low_rank_available =
        !structure.empty() && structure.size() == n && jac_.mode() == JacobianMode::Analytic;
    using Kind = IterationMatrix::Kind;
    Kind kind = Kind::Dense;
    switch (options.linear_solver) {
      case LinearSolverKind::Dense: break;
      case LinearSolverKind::Sparse:
      case LinearSolverKind::BlockBordered:
        if (!has_pattern)
          throw ParameterError(
              "linear_solver",
              std::string(options.linear_solver == LinearSolverKind::Sparse ? "Sparse"
                                                                            : "BlockBordered") +
                  " needs a sparsity pattern: pass jac_sparsity or "
                  "give the system a sparsity()");
        kind =
            options.linear_solver == LinearSolverKind::Sparse ? Kind::Sparse : Kind::BlockBordered;
        break;
      case LinearSolverKind::BlockLowRank:
        if (!low_rank_available)
          throw ParameterError(
              "linear_solver",
              "BlockLowRank needs a system whose analytic Jacobian is block-diagonal "
              "plus low rank (low_rank_structure(), e.g. a model with a motor-unit "
              "pool) and jacobian = Automatic or Analytic");
        kind = Kind::BlockLowRank;
        break;
      case LinearSolverKind::Automatic:
        // Woodbury when the system offers the block + low-rank form: O(n) per step where even
        // the assembly of the dense J is O(n^2) (docs/benchmarks.md, "Motor-unit pool"). Else
        // the Schur complement when the pattern has the block-bordered shape, else SparseLU:
        // 2.4x faster per step at N = 1000 units and linear in N (docs/benchmarks.md, scaling).
        if (low_rank_available && n >= options.sparse_threshold) kind = Kind::BlockLowRank;
        else if (has_pattern && n >= options.sparse_threshold) kind = Kind::BlockBordered;
        break;
    }
    const bool sparse_kind = kind == Kind::Sparse || kind == Kind::BlockBordered;
    const SparseMatrix with_diagonal =
        sparse_kind ? detail::pattern_with_diagonal(pattern) : SparseMatrix();
    const bool automatic = options.linear_solver == LinearSolverKind::Automatic;
    if (!matrix_.setup(n, kind, with_diagonal, structure) &&
        !(automatic && matrix_.setup(n, Kind::Sparse, with_diagonal)))
      throw ParameterError("linear_solver",
                           "BlockBordered needs unit blocks of at most " +
                               std::to_string(BlockBorderedLU::max_block) +
                               " states coupled only through at most " +
                               std::to_string(BlockBorderedLU::max_border) +
                               " shared states; this sparsity pattern has no such structure");
    y_.resize(n);
    f0_.resize(n);
    dfdt_.resize(n);
    y_new_.resize(n);
    f_new_.resize(n);
    stage_y_.resize(n);
    stage_f_.resize(n);
    rhs_.resize(n);
    err_.resize(n);
    U_.setZero(n, RosenbrockTableau::max_stages);
    K_.setZero(n, 3);
  }

  Method method() const noexcept { return method_; }
  JacobianMode jacobian_mode() const noexcept { return jac_.mode(); }
  bool sparse() const noexcept { return matrix_.sparse(); }
  /// \brief Whether W is solved as block-diagonal plus low rank (Woodbury).
  bool low_rank() const noexcept { return matrix_.low_rank(); }
  /// \brief The linear algebra in use (never Automatic).
  LinearSolverKind linear_solver() const noexcept {
    return matrix_.low_rank()         ? LinearSolverKind::BlockLowRank
           : matrix_.block_bordered() ? LinearSolverKind::BlockBordered
           : matrix_.sparse()         ? LinearSolverKind::Sparse
                                      : LinearSolverKind::Dense;
  }
  int order() const noexcept { return method_ == Method::Rosenbrock23 ? 2 : tab_->order; }
  /// \brief Exponent k of the controller: the local error estimate behaves like h^k.
  int error_exponent() const noexcept {
    return method_ == Method::Rosenbrock23 ? 3 : tab_->embedded_order + 1;
  }

  /// \brief Moves to a new accepted point: evaluates f, J and df/dt there.
  /// \return false when f(t, y) is not finite.
  bool set_point(const System& system, double t, const Vector& y, SolverStats& stats) {
    t_ = t;
    y_ = y;
    if (fsal_valid_) {
      f0_.swap(f_new_);
    } else {
      system.rhs(t, y_, f0_);
      ++stats.rhs_evals;
    }
    fsal_valid_ = false;
    if (!f0_.allFinite()) return false;
    if (matrix_.low_rank()) {
      jac_.evaluate(system, t, y_, f0_, matrix_.low_rank_jacobian(), dfdt_, stats);
    } else if (matrix_.sparse()) {
      jac_.evaluate(system, t, y_, f0_, matrix_.sparse_jacobian(), dfdt_, stats);
    } else {
      jac_.evaluate(system, t, y_, f0_, matrix_.dense_jacobian(), dfdt_, stats);
    }
    return true;
  }

  /// \brief Whether J and df/dt at the current point (set_point) are finite.
  bool jacobian_finite() {
    if (!dfdt_.allFinite()) return false;
    if (matrix_.low_rank()) return matrix_.low_rank_jacobian().all_finite();
    if (!matrix_.sparse()) return matrix_.dense_jacobian().allFinite();
    const SparseMatrix& J = matrix_.sparse_jacobian();
    return Eigen::Map<const Vector>(J.valuePtr(), J.nonZeros()).allFinite();
  }

  enum class Attempt { Ok, Singular, NonFinite };

  /// \brief Tries one step of size h from the current point. On Ok, y_new(), error() (the
  /// weighted RMS norm of the local error estimate) and the dense segment are set.
  Attempt attempt(const System& system, double h, SolverStats& stats) {
    return with_small_size(
        n_, [&](auto size) { return attempt_sized<decltype(size)::value>(system, h, stats); });
  }

  /// \brief Marks the last attempt as accepted (enables FSAL reuse of f(t+h, y_new)).
  void accept() { fsal_valid_ = fsal_available_; }
  /// \brief Forgets the FSAL value (the next set_point will not be the accepted y_new).
  void forget_fsal() { fsal_valid_ = false; }

  double t() const noexcept { return t_; }
  const Vector& y() const noexcept { return y_; }
  const Vector& f() const noexcept { return f0_; }
  const Vector& y_new() const noexcept { return y_new_; }
  double error() const noexcept { return error_; }

  /// \brief Dense segment of the last successful attempt (copies into seg, reusing its storage).
  void dense_segment(DenseSegment& seg) const {
    ensure_dense();
    seg.t0 = t_;
    seg.t1 = t_ + h_;
    seg.h = h_;
    seg.y0 = y_;
    seg.y1 = y_new_;
    seg.K = K_;
  }
  /// \brief Interpolates the last successful attempt at t (no allocation).
  void interpolate(double t, Vector& y) const {
    ensure_dense();
    const double th = (t - t_) / h_;
    const double om = 1.0 - th;
    y = om * y_ + th * (y_new_ + om * (K_.col(0) + th * (K_.col(1) + th * K_.col(2))));
  }

 private:
  // Valid only right after an attempt that returned Ok (the drivers interpolate only then).
  void ensure_dense() const {
    if (dense_ready_) return;
    if (method_ == Method::Rosenbrock23) {
      // Interpolant y0 + s(1-s)/(1-2d) h k1 + s(s-2d)/(1-2d) h k2 in DenseSegment form.
      const double d = Rosenbrock23Constants::d;
      K_.col(0) = (h_ / (1.0 - 2.0 * d)) * (U_.col(0) - U_.col(1));
      K_.col(1).setZero();
      K_.col(2).setZero();
    } else {
      const RosenbrockTableau& tab = *tab_;
      for (int k = 0; k < 3; ++k) {
        K_.col(k).setZero();
        for (int j = 0; j < tab.stages; ++j)
          if (tab.H[k][j] != 0.0) K_.col(k).noalias() += tab.H[k][j] * U_.col(j);
      }
    }
    dense_ready_ = true;
  }

  static LowRankStructure low_rank_for(const System& system) {
    if constexpr (LowRankJacobianSystem<System>) {
      return system.low_rank_structure();
    } else {
      (void)system;
      return {};
    }
  }

  static SparseMatrix pattern_for(const System& system, const SolverOptions& options) {
    if (options.jac_sparsity.size() != 0) return options.jac_sparsity;
    if constexpr (SparsitySystem<System>) {
      return system.sparsity();
    } else {
      (void)system;
      return SparseMatrix();
    }
  }

  // attempt() with n == N when N > 0 (with_small_size).
  template <Index N>
  Attempt attempt_sized(const System& system, double h, SolverStats& stats) {
    const double gamma = method_ == Method::Rosenbrock23 ? Rosenbrock23Constants::d : tab_->gamma;
    dense_ready_ = false;
    stage_limit_ = stage_limit(h);
    if (!matrix_.template factorize<N>(1.0 / (h * gamma), stats)) return Attempt::Singular;
    const bool finite = method_ == Method::Rosenbrock23 ? stages_ros23(system, h, stats)
                                                        : stages_rodas<N>(system, h, stats);
    if (!finite) return Attempt::NonFinite;
    if (!err_.allFinite()) return Attempt::NonFinite;
    // May be +inf (a nonzero error on a zero scale): a rejection, not a non-finite state.
    error_ = error_norm(err_, y_, y_new_, options_);
    h_ = h;
    return Attempt::Ok;
  }

  // Stage combinations are written as loops over the stages with the state innermost, the
  // coefficient of each (stage, previous stage) pair read once: one pass per combination
  // instead of one Eigen expression per pair, whose setup dominates for the few-state systems of
  // the fatigue models. Zero coefficients (a third of Rodas5P's) are skipped.
  template <Index N>
  bool stages_rodas(const System& system, double h, SolverStats& stats) {
    const RosenbrockTableau& tab = *tab_;
    const int s = tab.stages;
    const Index n = N > 0 ? N : n_;
    const double* y = y_.data();
    const double* u = U_.data();  // column j (stage j) starts at u + j n
    double* sy = stage_y_.data();
    double* r = rhs_.data();
    const double* f = stage_f_.data();
    const double* dfdt = dfdt_.data();
    fsal_available_ = false;
    for (int i = 0; i < s; ++i) {
      if (i == 0) {
        rhs_ = f0_;
      } else {
        std::copy(y, y + n, sy);
        for (int j = 0; j < i; ++j) {
          const double a = tab.a[i][j];
          if (a == 0.0) continue;
          const double* uj = u + j * n;
          for (Index k = 0; k < n; ++k) sy[k] += a * uj[k];
        }
        if (!stage_plausible(stage_y_)) return false;
        system.rhs(t_ + tab.c[i] * h, stage_y_, stage_f_);
        ++stats.rhs_evals;
        if (!stage_f_.allFinite()) return false;
        std::copy(f, f + n, r);
        for (int j = 0; j < i; ++j) {
          const double c = tab.C[i][j] / h;
          if (c == 0.0) continue;
          const double* uj = u + j * n;
          for (Index k = 0; k < n; ++k) r[k] += c * uj[k];
        }
      }
      if (tab.d[i] != 0.0) {
        const double hd = h * tab.d[i];
        for (Index k = 0; k < n; ++k) r[k] += hd * dfdt[k];
      }
      matrix_.template solve<N>(rhs_, U_.col(i), stats);
    }
    double* yn = y_new_.data();
    double* e = err_.data();
    std::copy(y, y + n, yn);
    std::fill(e, e + n, 0.0);
    for (int j = 0; j < s; ++j) {
      const double m = tab.m[j], ej = tab.e[j];
      const double* uj = u + j * n;
      if (m != 0.0)
        for (Index k = 0; k < n; ++k) yn[k] += m * uj[k];
      if (ej != 0.0)
        for (Index k = 0; k < n; ++k) e[k] += ej * uj[k];
    }
    return y_new_.allFinite();
  }

  // Shampine & Reichelt (1997), ode23s: W23 = I - h d J = (h d) W, so W23^{-1} v = W^{-1} v/(h d).
  bool stages_ros23(const System& system, double h, SolverStats& stats) {
    const double d = Rosenbrock23Constants::d;
    const double e32 = Rosenbrock23Constants::e32;
    const double scale = 1.0 / (h * d);
    auto k1 = U_.col(0), k2 = U_.col(1), k3 = U_.col(2);
    // k1 = W23^{-1} (F0 + h d T)
    rhs_ = f0_ + (h * d) * dfdt_;
    matrix_.solve(rhs_, stage_f_, stats);
    k1 = scale * stage_f_;
    // F1 = f(t + h/2, y + h/2 k1); k2 = W23^{-1}(F1 - k1) + k1
    stage_y_ = y_ + (0.5 * h) * k1;
    if (!stage_plausible(stage_y_)) return false;
    system.rhs(t_ + 0.5 * h, stage_y_, f_new_);  // F1 kept in f_new_ until F2 overwrites it
    ++stats.rhs_evals;
    if (!f_new_.allFinite()) return false;
    rhs_ = f_new_ - k1;
    matrix_.solve(rhs_, stage_f_, stats);
    k2 = scale * stage_f_ + k1;
    y_new_ = y_ + h * k2;
    // F2 = f(t + h, y_new); k3 = W23^{-1}(F2 - e32 (k2 - F1) - 2 (k1 - F0) + h d T)
    rhs_ = -e32 * (k2 - f_new_) - 2.0 * (k1 - f0_) + (h * d) * dfdt_;
    if (!stage_plausible(y_new_)) return false;
    system.rhs(t_ + h, y_new_, f_new_);
    ++stats.rhs_evals;
    if (!f_new_.allFinite()) return false;
    rhs_ += f_new_;
    matrix_.solve(rhs_, stage_f_, stats);
    k3 = scale * stage_f_;
    err_ = (h / 6.0) * (k1 - 2.0 * k2 + k3);
    fsal_available_ = true;
    return y_new_.allFinite();
  }

  // A trial step too large for the problem (Robertson's at rtol 1e-3 from its first point, where
  // J does not yet see the stiff y2 terms) can make the stage states grow without bound: 1e111
  // was measured, and a user's rhs then overflows (numpy warns, or raises under -W error) on a
  // state the step would reject anyway. A stage state is therefore checked before f sees it:
  // its distance from y may not exceed stage_growth_limit times the larger of |y|, the first-
  // and second-order Taylor terms h|f| and h^2|df/dt|, and atol (all as max-norms). An accepted
  // step's stages differ from y by a few times those terms at most (W^-1 only damps), so the
  // check rejects nothing that the error test would keep; a rejected attempt is retried with a
  // quarter of the step, as for a non-finite stage. 1e6 leaves ample margin both ways.
  static constexpr double stage_growth_limit = 1e6;

  double stage_limit(double h) const {
    double atol_max = options_.atol;
    if (options_.atol_vector.size()) atol_max = options_.atol_vector.maxCoeff();
    const double scale = std::max({y_.lpNorm<Eigen::Infinity>(), h * f0_.lpNorm<Eigen::Infinity>(),
                                   h * h * dfdt_.lpNorm<Eigen::Infinity>(), atol_max,
                                   std::numeric_limits<double>::min()});
    return stage_growth_limit * scale;
  }
  bool stage_plausible(const Vector& stage) const {
    for (Index k = 0; k < n_; ++k)
      if (!(std::abs(stage[k] - y_[k]) <= stage_limit_)) return false;  // NaN fails too
    return true;
  }

  SolverOptions options_;
  Method method_;
  const RosenbrockTableau* tab_;
  JacobianEvaluator<System> jac_;
  IterationMatrix matrix_;
  Index n_;
  double t_ = 0.0, h_ = 0.0, error_ = 0.0, stage_limit_ = 0.0;
  Vector y_, f0_, dfdt_, y_new_, f_new_, stage_y_, stage_f_, rhs_, err_;
  Matrix U_;
  // Dense-output coefficients of the last successful attempt, formed from U_ on first use: most
  // steps are never interpolated (no t_eval point, no event inside), and forming K costs 3 s
  // vector updates per step, as much as the stage combinations themselves.
  mutable Matrix K_;
  mutable bool dense_ready_ = false;
  bool fsal_available_ = false, fsal_valid_ = false;
};

/// \brief PI step-size controller (Gustafsson 1991, ACM TOMS 17:533; Hairer & Wanner 1996,
/// Sec. IV.8): h_new = h * safety * err^(-0.7/k) * err_prev^(0.4/k), growth limited to
/// [0.2, 6]; after a rejection the step may not grow.
class StepSizeController {
 public:
  explicit StepSizeController(int k) : beta1_(0.7 / k), beta2_(0.4 / k), k_(k) {}

  /// \brief Next step after an accepted step with error err (<= 1).
  double accepted(double h, double err) {
    const double e = std::max(err, 1e-10);
    double fac = safety_ * std::pow(e, -beta1_) * std::pow(err_prev_, beta2_);
    fac = std::clamp(fac, fac_min_, fac_max_);
    if (last_rejected_) fac = std::min(fac, 1.0);
    err_prev_ = std::max(e, 1e-4);
    last_rejected_ = false;
    return h * fac;
  }
  /// \brief Smaller step after a rejected one (err > 1).
  double rejected(double h, double err) {
    last_rejected_ = true;
    const double fac =
        std::isfinite(err) ? std::max(fac_min_, safety_ * std::pow(err, -1.0 / k_)) : fac_min_;
    return h * fac;
  }
  /// \brief After a non-finite stage or a singular W: shrink hard.
  double failed(double h) {
    last_rejected_ = true;
    return 0.25 * h;
  }

 private:
  double beta1_, beta2_;
  int k_;
  double safety_ = 0.9, fac_min_ = 0.2, fac_max_ = 6.0, err_prev_ = 1.0;
  bool last_rejected_ = false;
};

}  // namespace myofatigue
