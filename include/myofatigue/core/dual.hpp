#pragma once
/// \file
/// \brief Forward-mode dual number with a fixed number of directional derivatives.
///
/// Dual<N> carries a value and N partial derivatives (a "chunk", as in ForwardDiff.jl). A
/// templated right-hand side instantiated with Dual<N> yields N Jacobian columns per call; the
/// Jacobian driver sweeps the columns chunk by chunk, so nothing is allocated per evaluation.

#include <array>
#include <cmath>

#include <Eigen/Core>

namespace myofatigue {

// The arithmetic is forced inline: these few-line operators on a 72-byte value were left as calls
// in some translation units (GCC's inliner budget), which made the BLOCK100 AD Jacobian 2.5x
// slower with no change to it (docs/benchmarks.md, Jacobian modes).
template <int N>
struct Dual {
  double v = 0.0;             ///< value
  std::array<double, N> d{};  ///< partial derivatives along the N seeded directions

  constexpr Dual() = default;
  constexpr Dual(double value) : v(value) {}  // NOLINT: implicit, so constants mix freely

  EIGEN_ALWAYS_INLINE Dual& operator+=(const Dual& o) {
    v += o.v;
    for (int i = 0; i < N; ++i) d[i] += o.d[i];
    return *this;
  }
  EIGEN_ALWAYS_INLINE Dual& operator-=(const Dual& o) {
    v -= o.v;
    for (int i = 0; i < N; ++i) d[i] -= o.d[i];
    return *this;
  }
  EIGEN_ALWAYS_INLINE Dual& operator*=(const Dual& o) {
    for (int i = 0; i < N; ++i) d[i] = d[i] * o.v + v * o.d[i];
    v *= o.v;
    return *this;
  }
  EIGEN_ALWAYS_INLINE Dual& operator/=(const Dual& o) {
    const double inv = 1.0 / o.v;
    const double q = v * inv;
    for (int i = 0; i < N; ++i) d[i] = (d[i] - q * o.d[i]) * inv;
    v = q;
    return *this;
  }
  EIGEN_ALWAYS_INLINE Dual operator-() const {
    Dual r;
    r.v = -v;
    for (int i = 0; i < N; ++i) r.d[i] = -d[i];
    return r;
  }
  Dual operator+() const { return *this; }
};

template <int N>
EIGEN_ALWAYS_INLINE Dual<N> operator+(Dual<N> a, const Dual<N>& b) {
  return a += b;
}
template <int N>
EIGEN_ALWAYS_INLINE Dual<N> operator-(Dual<N> a, const Dual<N>& b) {
  return a -= b;
}
template <int N>
EIGEN_ALWAYS_INLINE Dual<N> operator*(Dual<N> a, const Dual<N>& b) {
  return a *= b;
}
template <int N>
EIGEN_ALWAYS_INLINE Dual<N> operator/(Dual<N> a, const Dual<N>& b) {
  return a /= b;
}
template <int N>
EIGEN_ALWAYS_INLINE Dual<N> operator+(Dual<N> a, double b) {
  a.v += b;
  return a;
}
template <int N>
EIGEN_ALWAYS_INLINE Dual<N> operator+(double a, Dual<N> b) {
  b.v += a;
  return b;
}
template <int N>
EIGEN_ALWAYS_INLINE Dual<N> operator-(Dual<N> a, double b) {
  a.v -= b;
  return a;
}
template <int N>
EIGEN_ALWAYS_INLINE Dual<N> operator-(double a, const Dual<N>& b) {
  return -b + a;
}
template <int N>
EIGEN_ALWAYS_INLINE Dual<N> operator*(Dual<N> a, double b) {
  a.v *= b;
  for (auto& x : a.d) x *= b;
  return a;
}
template <int N>
EIGEN_ALWAYS_INLINE Dual<N> operator*(double a, Dual<N> b) {
  return b * a;
}
template <int N>
EIGEN_ALWAYS_INLINE Dual<N> operator/(Dual<N> a, double b) {
  return a * (1.0 / b);
}
template <int N>
EIGEN_ALWAYS_INLINE Dual<N> operator/(double a, const Dual<N>& b) {
  return Dual<N>(a) / b;
}

template <int N>
bool operator<(const Dual<N>& a, const Dual<N>& b) {
  return a.v < b.v;
}
template <int N>
bool operator>(const Dual<N>& a, const Dual<N>& b) {
  return a.v > b.v;
}
template <int N>
bool operator<=(const Dual<N>& a, const Dual<N>& b) {
  return a.v <= b.v;
}
template <int N>
bool operator>=(const Dual<N>& a, const Dual<N>& b) {
  return a.v >= b.v;
}
template <int N>
bool operator<(const Dual<N>& a, double b) {
  return a.v < b;
}
template <int N>
bool operator>(const Dual<N>& a, double b) {
  return a.v > b;
}
template <int N>
bool operator<=(const Dual<N>& a, double b) {
  return a.v <= b;
}
template <int N>
bool operator>=(const Dual<N>& a, double b) {
  return a.v >= b;
}
template <int N>
bool operator<(double a, const Dual<N>& b) {
  return a < b.v;
}
template <int N>
bool operator>(double a, const Dual<N>& b) {
  return a > b.v;
}

namespace detail {
/// Chain rule: f(a) with f'(a) = df.
template <int N>
Dual<N> chain(const Dual<N>& a, double f, double df) {
  Dual<N> r;
  r.v = f;
  for (int i = 0; i < N; ++i) r.d[i] = df * a.d[i];
  return r;
}
}  // namespace detail

template <int N>
Dual<N> exp(const Dual<N>& a) {
  const double e = std::exp(a.v);
  return detail::chain(a, e, e);
}
template <int N>
Dual<N> log(const Dual<N>& a) {
  return detail::chain(a, std::log(a.v), 1.0 / a.v);
}
template <int N>
Dual<N> sqrt(const Dual<N>& a) {
  const double s = std::sqrt(a.v);
  return detail::chain(a, s, 0.5 / s);
}
template <int N>
Dual<N> sin(const Dual<N>& a) {
  return detail::chain(a, std::sin(a.v), std::cos(a.v));
}
template <int N>
Dual<N> cos(const Dual<N>& a) {
  return detail::chain(a, std::cos(a.v), -std::sin(a.v));
}
template <int N>
Dual<N> tanh(const Dual<N>& a) {
  const double t = std::tanh(a.v);
  return detail::chain(a, t, 1.0 - t * t);
}
template <int N>
Dual<N> abs(const Dual<N>& a) {
  return a.v < 0 ? -a : a;
}
template <int N>
Dual<N> pow(const Dual<N>& a, double p) {
  return detail::chain(a, std::pow(a.v, p), p * std::pow(a.v, p - 1.0));
}
template <int N>
Dual<N> pow(const Dual<N>& a, const Dual<N>& b) {
  return exp(b * log(a));
}
template <int N>
Dual<N> max(const Dual<N>& a, const Dual<N>& b) {
  return a.v >= b.v ? a : b;
}
template <int N>
Dual<N> min(const Dual<N>& a, const Dual<N>& b) {
  return a.v <= b.v ? a : b;
}
template <int N>
bool isfinite(const Dual<N>& a) {
  return std::isfinite(a.v);
}

/// \brief Value part of a double or a dual (for code that branches on values).
inline double value_of(double x) { return x; }
template <int N>
double value_of(const Dual<N>& x) {
  return x.v;
}

}  // namespace myofatigue

namespace Eigen {
template <int N>
struct NumTraits<myofatigue::Dual<N>> : NumTraits<double> {
  using Real = myofatigue::Dual<N>;
  using NonInteger = myofatigue::Dual<N>;
  using Nested = myofatigue::Dual<N>;
  using Literal = myofatigue::Dual<N>;
  enum {
    IsComplex = 0,
    IsInteger = 0,
    IsSigned = 1,
    RequireInitialization = 1,
    ReadCost = 1 + N,
    AddCost = 1 + N,
    MulCost = 1 + 3 * N
  };
};
}  // namespace Eigen
