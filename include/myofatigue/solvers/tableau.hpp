#pragma once
/// \file
/// \brief Rosenbrock tableaus in the transformed ("W") form of Hairer & Wanner (1996, Sec. IV.7,
/// eq. 7.25): with W = I/(h*gamma) - J and stage increments U_i,
///
///   Y_i = y_n + sum_{j<i} a_ij U_j
///   W U_i = f(t_n + c_i h, Y_i) + sum_{j<i} (C_ij / h) U_j + h d_i df/dt(t_n, y_n)
///   y_{n+1} = y_n + sum_i m_i U_i,   error estimate = sum_i e_i U_i
///
/// Dense output (Rodas family): y(t_n + theta h) = (1-theta) y_n + theta (y_{n+1}
///   + (1-theta)(K_1 + theta (K_2 + theta K_3))), K_k = sum_j H_kj U_j.
///
/// Sources of the coefficients:
/// - Rodas5P: Steinebach G (2023), "Construction of Rosenbrock-Wanner method Rodas5P and numerical
///   benchmarks within the Julia Differential Equations package", BIT Numer Math 63:27.
///   Values as distributed with OrdinaryDiffEq.jl (transformed form, 16 digits).
/// - Rodas4: Hairer E, Wanner G (1996), Solving ODEs II, 2nd ed., Springer, Sec. VI.4 Table 4.3;
///   coefficients of the RODAS code (METH = 1), dense output from the same code.
/// - Rosenbrock23: Shampine LF, Reichelt MW (1997), "The MATLAB ODE Suite", SIAM J Sci Comput
///   18(1):1-22, Sec. 3 (ode23s), d = 1/(2+sqrt 2), e32 = 6+sqrt 2. Implemented directly in
///   rosenbrock.hpp because its stages are written in Shampine's form.

#include <array>
#include <cmath>

#include "myofatigue/solvers/options.hpp"

namespace myofatigue {

/// \brief Coefficients of one Rosenbrock method (at most 8 stages, 3 dense-output vectors).
struct RosenbrockTableau {
  static constexpr int max_stages = 8;
  using Row = std::array<double, max_stages>;
  int stages = 0;          ///< s
  int order = 0;           ///< classical order of y_{n+1}
  int embedded_order = 0;  ///< order of the embedded solution (error ~ h^(embedded_order+1))
  int dense_order = 0;     ///< order of the continuous extension
  double gamma = 0.0;
  std::array<Row, max_stages> a{};  ///< a[i][j], j < i
  std::array<Row, max_stages> C{};  ///< C[i][j], j < i
  Row c{};                          ///< stage times (fractions of h)
  Row d{};                          ///< df/dt weights (gamma_i sums)
  Row m{};                          ///< solution weights
  Row e{};                          ///< error-estimate weights
  std::array<Row, 3> H{};           ///< dense-output weights
};

namespace detail {

/// Fills the stiffly accurate tail shared by the Rodas family: the last two (or three) stages
/// are evaluated at y_n + sum a_{s-1,j} U_j (+ U_{s-1}...), the solution adds every U, and the
/// error estimate is the last increment.
inline void rodas_tail(RosenbrockTableau& tab, int first_tail_stage) {
  const int s = tab.stages;
  for (int i = first_tail_stage + 1; i < s; ++i) {
    tab.a[i] = tab.a[i - 1];
    tab.a[i][i - 1] = 1.0;
    tab.c[i] = 1.0;
  }
  tab.m = tab.a[s - 1];
  tab.m[s - 1] = 1.0;
  tab.e = {};
  tab.e[s - 1] = 1.0;
}

inline RosenbrockTableau rodas4_tableau() {
  RosenbrockTableau t;
  t.stages = 6;
  t.order = 4;
  t.embedded_order = 3;
  t.dense_order = 3;
  t.gamma = 0.25;
  t.a[1] = {1.544000000000000};
  t.a[2] = {0.9466785280815826, 0.2557011698983284};
  t.a[3] = {3.314825187068521, 2.896124015972201, 0.9986419139977817};
  t.a[4] = {1.221224509226641, 6.019134481288629, 12.53708332932087, -0.6878860361058950};
  t.C[1] = {-5.668800000000000};
  t.C[2] = {-2.430093356833875, -0.2063599157091915};
  t.C[3] = {-0.1073529058151375, -9.594562251023355, -20.47028614809616};
  t.C[4] = {7.496443313967647, -10.24680431464352, -33.99990352819905, 11.70890893206160};
  t.C[5] = {8.083246795921522, -7.981132988064893, -31.52159432874371, 16.31930543123136,
            -6.058818238834054};
  t.c = {0.0, 0.386, 0.21, 0.63, 1.0, 1.0};
  t.d = {0.25, -0.1043, 0.1035, -0.03620000000000023, 0.0, 0.0};
  t.H[0] = {10.12623508344586, -7.487995877610167, -34.80091861555747, -7.992771707568823,
            1.025137723295662};
  t.H[1] = {-0.6762803392801253, 6.087714651680015, 16.43084320892478, 24.76722511418386,
            -6.594389125716872};
  rodas_tail(t, 4);
  return t;
}

inline RosenbrockTableau rodas5p_tableau() {
  RosenbrockTableau t;
  t.stages = 8;
  t.order = 5;
  t.embedded_order = 4;
  t.dense_order = 4;
  t.gamma = 0.21193756319429014;
  t.a[1] = {3.0};
  t.a[2] = {2.849394379747939, 0.45842242204463923};
  t.a[3] = {-6.954028509809101, 2.489845061869568, -10.358996098473584};
  t.a[4] = {2.8029986275628964, 0.5072464736228206, -0.3988312541770524, -0.04721187230404641};
  t.a[5] = {-7.502846399306121, 2.561846144803919, -11.627539656261098, -0.18268767659942256,
            0.030198172008377946};
  t.C[1] = {-14.155112264123755};
  t.C[2] = {-17.97296035885952, -2.859693295451294};
  t.C[3] = {147.12150275711716, -1.41221402718213, 71.68940251302358};
  t.C[4] = {165.43517024871676, -0.4592823456491126, 42.90938336958603, -5.961986721573306};
  t.C[5] = {24.854864614690072, -3.0009227002832186, 47.4931110020768, 5.5814197821558125,
            -0.6610691825249471};
  t.C[6] = {30.91273214028599, -3.1208243349937974, 77.79954646070892,
            34.28646028294783, -19.097331116725623, -28.087943162872662};
  t.C[7] = {37.80277123390563,  -3.2571969029072276, 112.26918849496327, 66.9347231244047,
            -40.06618937091002, -54.66780262877968,  -9.48861652309627};
  t.c = {
      0.0, 0.6358126895828704, 0.4095798393397535, 0.9769306725060716, 0.4288403609558664, 1.0, 1.0,
      1.0};
  t.d = {0.21193756319429014,
         -0.42387512638858027,
         -0.3384627126235924,
         1.8046452872882734,
         2.325825639765069,
         0.0,
         0.0,
         0.0};
  t.H[0] = {25.948786856663858, -2.5579724845846235, 10.433815404888879, -2.3679251022685204,
            0.524948541321073,  1.1241088310450404,  0.4272876194431874, -0.17202221070155493};
  t.H[1] = {-9.91568850695171,  -0.9689944594115154, 3.0438037242978453, -24.495224566215796,
            20.176138334709044, 15.98066361424651,   -6.789040303419874, -6.710236069923372};
  t.H[2] = {11.419903575922262,  2.8879645146136994, 72.92137995996029,    80.12511834622643,
            -52.072871366152654, -59.78993625266729, -0.15582684282751913, 4.883087185713722};
  rodas_tail(t, 5);
  return t;
}

}  // namespace detail

/// \brief The tableau of a Rodas-family method (Rosenbrock23 has its own stage formulas).
inline const RosenbrockTableau& rosenbrock_tableau(Method method) {
  static const RosenbrockTableau rodas4 = detail::rodas4_tableau();
  static const RosenbrockTableau rodas5p = detail::rodas5p_tableau();
  return method == Method::Rodas4 ? rodas4 : rodas5p;
}

/// \brief Shampine & Reichelt (1997) ode23s constants.
struct Rosenbrock23Constants {
  static inline const double d = 1.0 / (2.0 + std::sqrt(2.0));
  static inline const double e32 = 6.0 + std::sqrt(2.0);
};

}  // namespace myofatigue
