#pragma once
/// \file
/// \brief Problems of the "Test Set for IVP Solvers" (Mazzia, Magherini et al., University of
/// Bari; https://archimede.uniba.it/~testset/) and two synthetic problems, used by the tests,
/// the benchmarks and the demo. Each has a templated rhs (for AD) and an analytic Jacobian.
///
/// Definitions follow the test set's problem descriptions: ROBER (Robertson 1966), HIRES
/// (Schaefer 1975, 8 states), VDPOL (van der Pol, scaled, eps = 1e-6) and VDPOLM (van der Pol,
/// unscaled, mu = 1000). Reference end values are in tests/data/stiff_testset.csv.

#include <array>
#include <cmath>
#include <string_view>
#include <vector>

#include "myofatigue/core/types.hpp"

namespace myofatigue::problems {

/// \brief Robertson's chemical kinetics: 3 species, k1 = 0.04, k2 = 3e7, k3 = 1e4.
struct Rober {
  static constexpr std::string_view name = "ROBER";
  static constexpr Index size = 3;
  double t_end = 1e11;
  Vector initial_state() const { return Vector::Unit(3, 0); }

  template <class T, class S>
  void rhs(const T& /*t*/, const VectorX<S>& y, VectorX<S>& f) const {
    f[0] = -0.04 * y[0] + 1e4 * y[1] * y[2];
    f[2] = 3e7 * y[1] * y[1];
    f[1] = -f[0] - f[2];
  }
  void jacobian(double /*t*/, const Vector& y, Matrix& J, Vector& dfdt) const {
    J << -0.04, 1e4 * y[2], 1e4 * y[1], 0.04, -1e4 * y[2] - 6e7 * y[1], -1e4 * y[1], 0.0,
        6e7 * y[1], 0.0;
    dfdt.setZero();
  }
};

/// \brief HIRES: "High Irradiance RESponse" of photomorphogenesis (Schaefer 1975), 8 states.
struct Hires {
  static constexpr std::string_view name = "HIRES";
  static constexpr Index size = 8;
  double t_end = 321.8122;
  Vector initial_state() const {
    Vector y = Vector::Zero(8);
    y[0] = 1.0;
    y[7] = 0.0057;
    return y;
  }
  template <class T, class S>
  void rhs(const T& /*t*/, const VectorX<S>& y, VectorX<S>& f) const {
    f[0] = -1.71 * y[0] + 0.43 * y[1] + 8.32 * y[2] + 0.0007;
    f[1] = 1.71 * y[0] - 8.75 * y[1];
    f[2] = -10.03 * y[2] + 0.43 * y[3] + 0.035 * y[4];
    f[3] = 8.32 * y[1] + 1.71 * y[2] - 1.12 * y[3];
    f[4] = -1.745 * y[4] + 0.43 * y[5] + 0.43 * y[6];
    f[5] = -280.0 * y[5] * y[7] + 0.69 * y[3] + 1.71 * y[4] - 0.43 * y[5] + 0.69 * y[6];
    f[6] = 280.0 * y[5] * y[7] - 1.81 * y[6];
    f[7] = -f[6];
  }
  void jacobian(double /*t*/, const Vector& y, Matrix& J, Vector& dfdt) const {
    J.setZero();
    J(0, 0) = -1.71;
    J(0, 1) = 0.43;
    J(0, 2) = 8.32;
    J(1, 0) = 1.71;
    J(1, 1) = -8.75;
    J(2, 2) = -10.03;
    J(2, 3) = 0.43;
    J(2, 4) = 0.035;
    J(3, 1) = 8.32;
    J(3, 2) = 1.71;
    J(3, 3) = -1.12;
    J(4, 4) = -1.745;
    J(4, 5) = 0.43;
    J(4, 6) = 0.43;
    J(5, 3) = 0.69;
    J(5, 4) = 1.71;
    J(5, 5) = -0.43 - 280.0 * y[7];
    J(5, 6) = 0.69;
    J(5, 7) = -280.0 * y[5];
    J(6, 5) = 280.0 * y[7];
    J(6, 6) = -1.81;
    J(6, 7) = 280.0 * y[5];
    J(7, 5) = -280.0 * y[7];
    J(7, 6) = 1.81;
    J(7, 7) = -280.0 * y[5];
    dfdt.setZero();
  }
};

/// \brief Van der Pol oscillator, scaled form y2' = ((1 - y1^2) y2 - y1) / eps, eps = 1e-6.
struct VdPol {
  static constexpr std::string_view name = "VDPOL";
  static constexpr Index size = 2;
  double eps = 1e-6;
  double t_end = 2.0;
  Vector initial_state() const { return Vector{{2.0, 0.0}}; }
  template <class T, class S>
  void rhs(const T& /*t*/, const VectorX<S>& y, VectorX<S>& f) const {
    f[0] = y[1];
    f[1] = ((1.0 - y[0] * y[0]) * y[1] - y[0]) / eps;
  }
  void jacobian(double /*t*/, const Vector& y, Matrix& J, Vector& dfdt) const {
    J << 0.0, 1.0, (-2.0 * y[0] * y[1] - 1.0) / eps, (1.0 - y[0] * y[0]) / eps;
    dfdt.setZero();
  }
};

/// \brief Van der Pol oscillator, unscaled form y2' = mu (1 - y1^2) y2 - y1, mu = 1000.
struct VdPolM {
  static constexpr std::string_view name = "VDPOLM";
  static constexpr Index size = 2;
  double mu = 1000.0;
  double t_end = 2000.0;
  Vector initial_state() const { return Vector{{2.0, 0.0}}; }
  template <class T, class S>
  void rhs(const T& /*t*/, const VectorX<S>& y, VectorX<S>& f) const {
    f[0] = y[1];
    f[1] = mu * (1.0 - y[0] * y[0]) * y[1] - y[0];
  }
  void jacobian(double /*t*/, const Vector& y, Matrix& J, Vector& dfdt) const {
    J << 0.0, 1.0, -2.0 * mu * y[0] * y[1] - 1.0, mu * (1.0 - y[0] * y[0]);
    dfdt.setZero();
  }
};

/// \brief Smooth non-autonomous system with a known solution, for convergence-order tests.
/// y1' = lambda (y1 - phi(t)) + phi'(t) with phi = sin t + cos t (Prothero & Robinson 1974,
/// Math. Comp. 28:145) and y2' = -2 t y2^2. Exact solution: y1 = phi(t), y2 = 1 / (1 + t^2).
/// Both equations depend on t explicitly, so a missing df/dt term shows up as order loss.
/// lambda = -10 keeps the problem non-stiff enough for the classical orders to be visible.
struct ProtheroRobinson {
  static constexpr std::string_view name = "PR";
  static constexpr Index size = 2;
  double lambda = -10.0;
  double t_end = 2.0;
  Vector initial_state() const { return exact(0.0); }
  /// Exact solution: y1 = sin t + cos t, y2 = 1 / (1 + t^2).
  static Vector exact(double t) { return Vector{{std::sin(t) + std::cos(t), 1.0 / (1.0 + t * t)}}; }
  template <class T, class S>
  void rhs(const T& t, const VectorX<S>& y, VectorX<S>& f) const {
    using std::cos;
    using std::sin;
    // y1' = lambda (y1 - phi) + phi', phi = sin t + cos t;  y2' = -2 t y2^2 (exact 1/(1+t^2)).
    f[0] = lambda * (y[0] - (sin(t) + cos(t))) + (cos(t) - sin(t));
    f[1] = -2.0 * t * y[1] * y[1];
  }
  void jacobian(double t, const Vector& y, Matrix& J, Vector& dfdt) const {
    J << lambda, 0.0, 0.0, -4.0 * t * y[1];
    dfdt[0] = -lambda * (std::cos(t) - std::sin(t)) + (-std::sin(t) - std::cos(t));
    dfdt[1] = -2.0 * y[1] * y[1];
  }
};

/// \brief Synthetic block-bordered system shaped like a motor-unit pool: N independent 3-state
/// blocks (x, y, z per unit) coupled only through 2 shared states (s1: drive, s2: metabolite).
/// Unit i has its own fast rate k_i spanning 10..1e4 1/s, so the system is stiff. The shared
/// drive follows a time-varying command u(t) = 1 + 0.5 sin t (non-autonomous).
/// State layout: [x_0, y_0, z_0, ..., x_{N-1}, y_{N-1}, z_{N-1}, s1, s2].
struct BlockBordered {
  static constexpr std::string_view name = "BLOCK";
  Index units = 10;
  double t_end = 10.0;
  Index n_states() const { return 3 * units + 2; }
  Vector initial_state() const {
    Vector y = Vector::Zero(n_states());
    for (Index i = 0; i < units; ++i) y[3 * i] = 1.0;
    y[3 * units] = 1.0;
    return y;
  }
  double fast_rate(Index i) const {
    return 10.0 * std::pow(1e3, units > 1 ? double(i) / double(units - 1) : 0.0);
  }
  static constexpr double c = 1.0, k_slow = 0.5, k_back = 0.01, tau1 = 0.1, eps1 = 0.5, k2 = 1.0;

  template <class T, class S>
  void rhs(const T& t, const VectorX<S>& y, VectorX<S>& f) const {
    using std::sin;
    const Index n = units;
    const S& s1 = y[3 * n];
    const S& s2 = y[3 * n + 1];
    S sum_x = S(0.0), sum_y = S(0.0);
    for (Index i = 0; i < n; ++i) {
      const S& x = y[3 * i];
      const S& yy = y[3 * i + 1];
      const S& z = y[3 * i + 2];
      f[3 * i] = -fast_rate(i) * (x - s1) - c * x * yy;
      f[3 * i + 1] = c * x * yy - k_slow * yy + k_back * z + 0.01 * x;
      f[3 * i + 2] = k_slow * yy - k_back * z - s2 * z;
      sum_x += x;
      sum_y += yy;
    }
    f[3 * n] = (1.0 + 0.5 * sin(t) - s1) / tau1 - eps1 / double(n) * sum_x;
    f[3 * n + 1] = sum_y / double(n) - k2 * s2;
  }

  /// \brief Sparsity pattern of df/dy (values set to 1).
  SparseMatrix sparsity() const {
    SparseMatrix J(n_states(), n_states());
    Vector dfdt(n_states());
    jacobian(0.0, initial_state(), J, dfdt);
    for (Index k = 0; k < J.outerSize(); ++k)
      for (SparseMatrix::InnerIterator it(J, k); it; ++it) it.valueRef() = 1.0;
    return J;
  }

  /// \brief Analytic sparse Jacobian (pattern identical on every call).
  void jacobian(double t, const Vector& y, SparseMatrix& J, Vector& dfdt) const {
    const Index n = units, m = n_states();
    const Index is1 = 3 * n, is2 = 3 * n + 1;
    if (J.rows() != m || J.cols() != m || J.nonZeros() == 0) {
      std::vector<Eigen::Triplet<double>> trip;
      trip.reserve(std::size_t(12 * n + 4));
      for (Index i = 0; i < n; ++i) {
        const Index a = 3 * i;
        for (Index r = 0; r < 3; ++r)
          for (Index col = 0; col < 3; ++col) trip.emplace_back(a + r, a + col, 0.0);
        trip.emplace_back(a, is1, 0.0);
        trip.emplace_back(a + 2, is2, 0.0);
        trip.emplace_back(is1, a, 0.0);
        trip.emplace_back(is2, a + 1, 0.0);
      }
      trip.emplace_back(is1, is1, 0.0);
      trip.emplace_back(is2, is2, 0.0);
      J.resize(m, m);
      J.setFromTriplets(trip.begin(), trip.end());
      J.makeCompressed();
    }
    for (Index i = 0; i < n; ++i) {
      const Index a = 3 * i;
      const double x = y[a], yy = y[a + 1], k = fast_rate(i);
      J.coeffRef(a, a) = -k - c * yy;
      J.coeffRef(a, a + 1) = -c * x;
      J.coeffRef(a, a + 2) = 0.0;
      J.coeffRef(a, is1) = k;
      J.coeffRef(a + 1, a) = c * yy + 0.01;
      J.coeffRef(a + 1, a + 1) = c * x - k_slow;
      J.coeffRef(a + 1, a + 2) = k_back;
      J.coeffRef(a + 2, a) = 0.0;
      J.coeffRef(a + 2, a + 1) = k_slow;
      J.coeffRef(a + 2, a + 2) = -k_back - y[is2];
      J.coeffRef(a + 2, is2) = -y[a + 2];
      J.coeffRef(is1, a) = -eps1 / double(n);
      J.coeffRef(is2, a + 1) = 1.0 / double(n);
    }
    J.coeffRef(is1, is1) = -1.0 / tau1;
    J.coeffRef(is2, is2) = -k2;
    dfdt.setZero();
    dfdt[is1] = 0.5 * std::cos(t) / tau1;
  }
};

}  // namespace myofatigue::problems
