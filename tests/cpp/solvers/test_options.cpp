// Invalid arguments throw ParameterError naming the field and its allowed range; never abort.
#include <limits>
#include <string>

#include <doctest/doctest.h>

#include "myofatigue/problems/stiff_test_set.hpp"
#include "myofatigue/solvers/solve_ivp.hpp"

using namespace myofatigue;

namespace {
struct RhsOnly {
  void rhs(double, const Vector& y, Vector& f) const { f = -y; }
};

std::string field_of(const IvpOptions& o,
                     std::pair<double, double> span = {0.0, 1.0},
                     Vector y0 = Vector::Ones(3)) {
  try {
    (void)solve_ivp(problems::Rober{}, span, y0, o);
  } catch (const ParameterError& e) {
    CHECK(std::string(e.what()).find(e.field()) == 0);
    return e.field();
  }
  return "";
}
}  // namespace

TEST_CASE("options: each invalid setting raises ParameterError naming its field") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  IvpOptions o;
  o.solver.rtol = -1.0;
  CHECK(field_of(o) == "rtol");
  o.solver.rtol = nan;
  CHECK(field_of(o) == "rtol");
  o = {};
  o.solver.atol = -1e-3;
  CHECK(field_of(o) == "atol");
  o = {};
  o.solver.atol_vector = Vector::Ones(2);
  CHECK(field_of(o) == "atol");
  o = {};
  o.solver.rtol_vector = Vector::Constant(2, 1e-3);
  CHECK(field_of(o) == "rtol");
  o.solver.rtol_vector = Vector::Constant(3, 1e-20);
  CHECK(field_of(o) == "rtol[0]");
  o = {};
  o.solver.max_step = 0.0;
  CHECK(field_of(o) == "max_step");
  o = {};
  o.solver.max_step = 1.0;
  o.solver.min_step = 2.0;
  CHECK(field_of(o) == "min_step");
  o = {};
  o.solver.first_step = -1.0;
  CHECK(field_of(o) == "first_step");
  o = {};
  o.solver.max_steps = 0;
  CHECK(field_of(o) == "max_steps");
  o = {};
  o.t_eval = {0.5, 0.2};
  CHECK(field_of(o) == "t_eval");
  o.t_eval = {2.0};
  CHECK(field_of(o) == "t_eval");
  o = {};
  o.events.push_back({});
  CHECK(field_of(o) == "events[0]");
  o = {};
  CHECK(field_of(o, {1.0, 0.0}) == "t_span");
  CHECK(field_of(o, {0.0, std::numeric_limits<double>::infinity()}) == "t_span");
  CHECK(field_of(o, {0.0, 1.0}, Vector::Constant(3, nan)) == "y0");
  o.solver.linear_solver = LinearSolverKind::Sparse;
  CHECK(field_of(o) == "linear_solver");
}

TEST_CASE("options: the range is in the message") {
  SolverOptions o;
  o.rtol = 2.0;
  try {
    o.validate(3);
    FAIL("expected ParameterError");
  } catch (const ParameterError& e) {
    CHECK(std::string(e.what()) == "rtol: value 2 is outside the allowed range (0, 1)");
  }
}

TEST_CASE("options: unavailable Jacobian modes are rejected with the field name") {
  IvpOptions o;
  o.solver.jacobian = JacobianMode::Analytic;
  CHECK_THROWS_AS((void)solve_ivp(RhsOnly{}, {0.0, 1.0}, Vector::Ones(2), o), ParameterError);
  o.solver.jacobian = JacobianMode::AutoDiff;
  try {
    (void)solve_ivp(RhsOnly{}, {0.0, 1.0}, Vector::Ones(2), o);
    FAIL("expected ParameterError");
  } catch (const ParameterError& e) {
    CHECK(e.field() == "jacobian");
  }
  CHECK(parse_method("Rodas4") == Method::Rodas4);
  CHECK_THROWS_AS(parse_method("BDF"), ParameterError);
}
