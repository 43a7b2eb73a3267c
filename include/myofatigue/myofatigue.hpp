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
#include "myofatigue/problems/stiff_test_set.hpp"
#include "myofatigue/parameters/parameter_info.hpp"
#include "myofatigue/parameters/parameter_set.hpp"
#include "myofatigue/model/component.hpp"
#include "myofatigue/model/model.hpp"
#include "myofatigue/model/registry.hpp"
#include "myofatigue/interventions/intervention.hpp"
#include "myofatigue/protocol/protocol.hpp"
#include "myofatigue/simulation/result.hpp"
#include "myofatigue/simulation/simulate.hpp"
