#pragma once
// Every C++ type bound as a Python class, with its guarded caster (convert.hpp): using an
// instance made by `Type.__new__(Type)` raises a TypeError that says how to get a real one.
// Included first by every binding file, so each sees the same caster (the ODR requires it).
// A new bound class gets one line here; tests/python/test_issue8_uninitialised.py checks that
// every class of myofatigue._core has one.
#include "myofatigue/model/model.hpp"
#include "myofatigue/parameters/parameter_info.hpp"
#include "myofatigue/parameters/parameter_set.hpp"
#include "myofatigue/problems/stiff_test_set.hpp"
#include "myofatigue/protocol/protocol.hpp"
#include "myofatigue/simulation/result.hpp"
#include "myofatigue/solvers/solve_ivp.hpp"

#include "convert.hpp"

MYOFATIGUE_GUARDED_TYPE(myofatigue::ParameterSet,
                        "ParameterSet(values, name=...) or ParameterSet.named(name)")
MYOFATIGUE_GUARDED_TYPE(myofatigue::ParameterInfo, "Model.parameter_info()")
MYOFATIGUE_GUARDED_TYPE(myofatigue::Model,
                        "myofatigue.build_model() or a function of myofatigue.models")
MYOFATIGUE_GUARDED_TYPE(myofatigue::Step,
                        "Step.hold(), Step.intermittent(), Step.rest(), Step.stimulate() or "
                        "Step.mvc_test()")
MYOFATIGUE_GUARDED_TYPE(myofatigue::Protocol, "Protocol(steps) or Protocol.from_steps(steps)")
MYOFATIGUE_GUARDED_TYPE(myofatigue::StepRange, "Result.steps (a Result comes from simulate())")
MYOFATIGUE_GUARDED_TYPE(myofatigue::Result, "myofatigue.simulate()")
MYOFATIGUE_GUARDED_TYPE(myofatigue::OdeSolution, "myofatigue.solve_ivp(..., dense_output=True).sol")
MYOFATIGUE_GUARDED_TYPE(myofatigue::problems::Rober, "myofatigue.problems.Rober(t_end=...)")
MYOFATIGUE_GUARDED_TYPE(myofatigue::problems::Hires, "myofatigue.problems.Hires(t_end=...)")
MYOFATIGUE_GUARDED_TYPE(myofatigue::problems::VdPol,
                        "myofatigue.problems.VdPol(eps=..., t_end=...)")
MYOFATIGUE_GUARDED_TYPE(myofatigue::problems::VdPolM,
                        "myofatigue.problems.VdPolM(mu=..., t_end=...)")
MYOFATIGUE_GUARDED_TYPE(myofatigue::problems::ProtheroRobinson,
                        "myofatigue.problems.ProtheroRobinson(lambda_=..., t_end=...)")
MYOFATIGUE_GUARDED_TYPE(myofatigue::problems::BlockBordered,
                        "myofatigue.problems.BlockBordered(units=..., t_end=...)")
