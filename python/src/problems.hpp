#pragma once
// The stiff test problems bound as Python classes (the submodule `problems`,
// expose_problems.cpp), listed once: solve_ivp (expose_solve.cpp) solves an instance of any of
// them natively in C++.
#include "myofatigue/problems/stiff_test_set.hpp"

namespace myofatigue::python {

template <class... P>
struct TypeList {};
using Problems = TypeList<problems::Rober,
                          problems::Hires,
                          problems::VdPol,
                          problems::VdPolM,
                          problems::ProtheroRobinson,
                          problems::BlockBordered>;

/// \brief Number of states of a problem: fixed (P::size) or chosen at construction.
template <class P>
Index n_states(const P& p) {
  if constexpr (requires { p.n_states(); }) return p.n_states();
  else return P::size;
}

}  // namespace myofatigue::python
