#pragma once
/// \file
/// \brief Umbrella header: everything public in myofatigue.

#include "myofatigue/core/dual.hpp"
#include "myofatigue/core/error.hpp"
#include "myofatigue/core/types.hpp"
#include "myofatigue/solvers/jacobian.hpp"
#include "myofatigue/solvers/odeint.hpp"
#include "myofatigue/solvers/options.hpp"
#include "myofatigue/solvers/rosenbrock.hpp"
#include "myofatigue/solvers/solve_ivp.hpp"
#include "myofatigue/solvers/status.hpp"
#include "myofatigue/solvers/system.hpp"
