// Compiled instantiation of the solver for type-erased systems, so that the Python module and
// C++ users with callbacks do not each re-instantiate the integrator.
#include "myofatigue/solvers/solve_ivp.hpp"

namespace myofatigue {

IvpResult solve_ivp(const FunctionSystem& system,
                    std::pair<double, double> t_span,
                    const Vector& y0,
                    const IvpOptions& options) {
  if (!system.fun) throw ParameterError("fun", "is empty; pass a callable f(t, y)");
  return solve_ivp<FunctionSystem>(system, t_span, y0, options);
}

}  // namespace myofatigue
