// Forward sensitivities of a protocol run (docs/sensitivities.md). The protocol runner mirrors
// run_protocol() in simulate.cpp (phases, segments between intervention breakpoints, task
// failure, MVC tests, stimulation pulses) on an augmented system [x; S]; it is a separate
// runner so that simulate(), the hot path of sweeps, pays nothing for sensitivities.
#include "myofatigue/simulation/sensitivities.hpp"
#include "myofatigue/protocol/phases.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <memory>
#include <set>
#include <type_traits>
#include <utility>

#include "myofatigue/algorithm/model_system.hpp"
#include "myofatigue/model/registry.hpp"
#include "myofatigue/solvers/driver.hpp"

namespace myofatigue {

Matrix Sensitivities::of(std::string_view variable) const {
  const auto it = std::find(variables.begin(), variables.end(), variable);
  if (it == variables.end())
    throw ParameterError(std::string(variable),
                         "is not one of the variables of these sensitivities" +
                             detail::suggestion(variable, variables));
  const Index v = Index(it - variables.begin()), np = Index(parameters.size());
  return data.middleRows(v * np, np).transpose();
}

namespace {

// One point of a difference stencil in parameter j: the model at p_j + eps (system index, -1 for
// the unperturbed one) and its weight. sum w = 0 and sum w eps = 1, so for a function G(x, p),
// sum_k w_k G(x + eps_k s, p + eps_k e_j) is the derivative of G along (s, e_j): G_x s + G_p.
struct Term {
  int system;
  double eps, weight;
};

// The augmented system z = [x; S_1; ...; S_np] (S_j = dx/dp_j), an OdeSystem with a dense
// analytic Jacobian and the model's switching functions.
class SensitivitySystem {
 public:
  SensitivitySystem(const Model& model,
                    std::vector<Model> perturbed,
                    std::vector<std::vector<Term>> stencils,
                    Index fd_jacobian_limit)
      : model_(&model),
        perturbed_(std::move(perturbed)),
        stencils_(std::move(stencils)),
        n_(model.n_states()),
        np_(Index(stencils_.size())),
        fd_limit_(fd_jacobian_limit) {
    base_ = std::make_unique<ModelSystem>(*model_);
    aux_ = std::make_unique<ModelSystem>(*model_);
    for (const auto& m : perturbed_) systems_.push_back(std::make_unique<ModelSystem>(m));
    xd_.resize(n_);
    fd_.resize(n_);
    x_.resize(n_);
    f_.resize(n_);
    tmp_.resize(n_);
    J_.resize(n_, n_);
    dfdt_.resize(n_);
    fminus_.resize(n_);
    held_before_.resize(std::size_t(base_->switch_count()));
    g_.resize(std::size_t(std::max<Index>(base_->switch_count(), 1)));
    g2_.resize(g_.size());
  }

  Index size() const noexcept { return n_ * (1 + np_); }
  Index n() const noexcept { return n_; }
  Index np() const noexcept { return np_; }
  const ModelSystem& base() const { return *base_; }
  // The unperturbed model for evaluations off the integrator's path (difference stencils,
  // Jacobian blocks): its own memo, so warm starts on the path stay those simulate() sees.
  const ModelSystem& system(int k) const { return k < 0 ? *aux_ : *systems_[std::size_t(k)]; }
  const std::vector<Term>& stencil(Index j) const { return stencils_[std::size_t(j)]; }
  const Model& perturbed_model(int k) const { return k < 0 ? *model_ : perturbed_[std::size_t(k)]; }

  void set_inputs(double target,
                  double lengthening,
                  double shortening,
                  const std::vector<InterventionApplication>* applications) {
    for_all([&](ModelSystem& s) {
      s.target_fraction = target;
      s.lengthening = lengthening;
      s.shortening = shortening;
      s.applications = applications;
    });
  }
  // The solver's segment, inside which the interventions' channels are evaluated (ModelSystem::
  // segment; unbounded for the samples).
  void set_segment(Window segment) {
    for_all([&](ModelSystem& s) { s.segment = segment; });
  }

  // F = [f; J S_j + f_{p_j}].
  void rhs(double t, const Vector& z, Vector& F) const { rhs_on(*base_, t, z, F); }
  void rhs_on(const ModelSystem& base, double t, const Vector& z, Vector& F) const {
    x_ = z.head(n_);
    if (np_ == 0) {
      base.rhs(t, x_, f_);
      F.head(n_) = f_;
      return;
    }
    for (Index c0 = 0; c0 < np_; c0 += ad_chunk) {
      const Index K = std::min<Index>(ad_chunk, np_ - c0);
      for (Index i = 0; i < n_; ++i) {
        xd_[i] = JacobianDual(x_[i]);
        for (Index k = 0; k < K; ++k) xd_[i].d[std::size_t(k)] = z[n_ * (1 + c0 + k) + i];
      }
      base.rhs(t, xd_, fd_);
      for (Index i = 0; i < n_; ++i) {
        if (c0 == 0) F[i] = fd_[i].v;
        for (Index k = 0; k < K; ++k) F[n_ * (1 + c0 + k) + i] = fd_[i].d[std::size_t(k)];
      }
    }
    f_ = F.head(n_);
    for (Index j = 0; j < np_; ++j)
      for (const Term& term : stencils_[std::size_t(j)]) {
        if (term.system < 0) {
          F.segment(n_ * (1 + j), n_) += term.weight * f_;
        } else {
          systems_[std::size_t(term.system)]->rhs(t, x_, tmp_);
          F.segment(n_ * (1 + j), n_) += term.weight * tmp_;
        }
      }
  }

  // dF/dz: J on every diagonal block (the model's assembled Jacobian, exact), and for models of
  // up to fd_limit states the blocks d(J S_j + f_p)/dx and their df/dt by central differences
  // of the exact sensitivity rhs (second derivatives). Rodas5P is no W-method: without these
  // blocks its order drops and it takes 10-100x more steps (measured: the 3CC tests 0.08 ->
  // 20 s); above the limit they are left out and the error control alone keeps S accurate.
  void jacobian(double t, const Vector& z, Matrix& Jz, Vector& dfdt) const {
    x_ = z.head(n_);
    base_->assembled_jacobian(t, x_, J_, dfdt_);
    Jz.setZero();
    dfdt.setZero();
    for (Index b = 0; b <= np_; ++b) Jz.block(b * n_, b * n_, n_, n_) = J_;
    dfdt.head(n_) = dfdt_;
    if (np_ == 0 || n_ > fd_limit_) return;
    const Index N = size();
    Vector zp = z, zm = z, Fp(N), Fm(N);
    for (Index i = 0; i < n_; ++i) {
      const double h = 1e-6 * std::max(1.0, std::abs(z[i]));
      zp[i] = z[i] + h;
      zm[i] = z[i] - h;
      rhs_on(*aux_, t, zp, Fp);
      rhs_on(*aux_, t, zm, Fm);
      Jz.block(n_, i, N - n_, 1) = (Fp.tail(N - n_) - Fm.tail(N - n_)) / (2.0 * h);
      zp[i] = zm[i] = z[i];
    }
    const double h = 1e-6 * std::max(1.0, std::abs(t));
    rhs_on(*aux_, t + h, z, Fp);
    rhs_on(*aux_, t - h, z, Fm);
    dfdt.tail(N - n_) = (Fp.tail(N - n_) - Fm.tail(N - n_)) / (2.0 * h);
  }
  bool provides_jacobian() const noexcept { return true; }

  // Switching functions: the model's, at the state part.
  Index switch_count() const noexcept { return base_->switch_count(); }
  void switch_values(double t, const Vector& z, double* g) const {
    x_ = z.head(n_);
    base_->switch_values(t, x_, g);
  }
  void hold_branches(const std::uint8_t* held) const noexcept {
    held_ = held;
    for (const auto& s : systems_) s->hold_branches(held);
    base_->hold_branches(held);
    aux_->hold_branches(held);
  }

  // A switching restart: S jumps by (f- - f+) dt_s/dp where the rhs jumps (a kink leaves S
  // continuous), dt_s/dp = -(g_x S + g_p) / (g_x f- + g_t) for the switching function that
  // crossed.
  void before_switch(double t, const Vector& z) const {
    x_ = z.head(n_);
    aux_->rhs(t, x_, fminus_);
    if (held_) std::copy(held_, held_ + held_before_.size(), held_before_.begin());
  }
  void after_switch(double t, Vector& z) const {
    x_ = z.head(n_);
    aux_->rhs(t, x_, f_);
    const double jump = (f_ - fminus_).lpNorm<Eigen::Infinity>();
    // A kink (the usual switch: the 3CC controller, the pool's ramps) has f+ = f- up to where
    // the switch was located and the round-off of the rhs (an iterative solve inside it): no jump.
    const double scale = fminus_.lpNorm<Eigen::Infinity>() + f_.lpNorm<Eigen::Infinity>();
    if (!(jump > 1e-8 * scale) || !held_ || np_ == 0) return;
    // The switching function that flipped and is nearest to zero.
    aux_->switch_values(t, x_, g_.data());
    int k_cross = -1;
    for (std::size_t k = 0; k < held_before_.size(); ++k)
      if (held_[k] != held_before_[k] &&
          (k_cross < 0 || std::abs(g_[k]) < std::abs(g_[std::size_t(k_cross)])))
        k_cross = int(k);
    if (k_cross < 0) return;
    const auto kc = std::size_t(k_cross);
    // Only a crossing of the surface itself moves with p: a branch that flipped because the
    // held set was inconsistent (g far from 0, as in the motor-unit pool's chattering at a
    // flat excitation) has no switching time to differentiate.
    if (!(std::abs(g_[kc]) <= 1e-8 * std::max(1.0, std::abs(t)))) return;
    const double gdot =
        time_derivative(t, x_, fminus_, [&](const ModelSystem& s, double tt, const Vector& xx) {
          s.switch_values(tt, xx, g2_.data());
          return g2_[kc];
        });
    for (Index j = 0; j < np_; ++j) {
      const double dg = directional(j, z, [&](const ModelSystem& s, const Vector& xx) {
        s.switch_values(t, xx, g2_.data());
        return g2_[kc];
      });
      const double dt_dp = -dg / gdot;
      if (std::isfinite(dt_dp)) z.segment(n_ * (1 + j), n_) += (fminus_ - f_) * dt_dp;
    }
  }

  // sum_k w_k G(system k, x + eps_k S_j): the derivative of a scalar G(x, p) along (S_j, e_j).
  template <class G>
  double directional(Index j, const Vector& z, G&& g) const {
    double out = 0.0;
    for (const Term& term : stencils_[std::size_t(j)]) {
      tmp_ = z.head(n_) + term.eps * z.segment(n_ * (1 + j), n_);
      out += term.weight * g(system(term.system), tmp_);
    }
    return out;
  }
  // d/dt G(t, x(t)) at (t, x) moving along f, by central differences.
  template <class G>
  double time_derivative(double t, const Vector& x, const Vector& f, G&& g) const {
    const double h = 1e-6 * std::max(1.0, std::abs(t)) / std::max(1.0, f.lpNorm<Eigen::Infinity>());
    Vector xp = x + h * f, xm = x - h * f;
    return (g(*aux_, t + h, xp) - g(*aux_, t - h, xm)) / (2.0 * h);
  }

 private:
  template <class Fn>
  void for_all(Fn&& fn) {
    fn(*base_);
    fn(*aux_);
    for (auto& s : systems_) fn(*s);
  }

  const Model* model_;
  std::vector<Model> perturbed_;
  std::vector<std::vector<Term>> stencils_;
  Index n_, np_, fd_limit_;
  std::unique_ptr<ModelSystem> base_, aux_;
  std::vector<std::unique_ptr<ModelSystem>> systems_;
  mutable VectorX<JacobianDual> xd_, fd_;
  mutable Vector x_, f_, tmp_, dfdt_, fminus_;
  mutable Matrix J_;
  mutable const std::uint8_t* held_ = nullptr;
  mutable std::vector<std::uint8_t> held_before_;
  mutable std::vector<double> g_, g2_;
};

// The perturbed models and difference stencils of each parameter: second-order central
// differences with h = eps^(1/3) |p| (truncation and rounding ~1e-11 relative, far below the
// solver's error at rtol >= 1e-8); below that (fourth_order), fourth-order ones with
// h = 1e-3 |p| (truncation ~h^4 f^(5) ~ 1e-12, rounding ~eps/h ~ 2e-13), so df/dp is no
// noisier than the rhs itself at the tightest tolerances. Where p +- h (2h) leaves the allowed
// range, second-order one-sided differences.
void build_stencils(const Model& model,
                    std::span<const std::string> keys,
                    bool fourth_order,
                    std::vector<Model>& models,
                    std::vector<std::vector<Term>>& stencils) {
  const ParameterSet values = model.parameters();
  std::set<std::string> seen;
  for (const auto& key : keys) {
    if (!seen.insert(key).second) throw ParameterError(key, "is listed twice among the parameters");
    const double p = values.at(key);
    const double scale = p != 0.0 ? std::abs(p) : 1.0;
    auto try_model = [&](double v) -> int {
      try {
        models.push_back(model.with_parameters(ParameterSet{{key, v}}));
      } catch (const ParameterError&) {
        return -2;
      }
      return int(models.size()) - 1;
    };
    if (fourth_order) {
      const double h4 = 1e-3 * scale;
      const std::size_t mark = models.size();
      const int a = try_model(p - 2.0 * h4), b = try_model(p - h4), c = try_model(p + h4),
                d = try_model(p + 2.0 * h4);
      if (a >= 0 && b >= 0 && c >= 0 && d >= 0) {
        stencils.push_back({{a, -2.0 * h4, 1.0 / (12.0 * h4)},
                            {b, -h4, -8.0 / (12.0 * h4)},
                            {c, h4, 8.0 / (12.0 * h4)},
                            {d, 2.0 * h4, -1.0 / (12.0 * h4)}});
        continue;
      }
      models.erase(models.begin() + std::ptrdiff_t(mark), models.end());
    }
    const double h = 6.0554544523933395e-06 * scale;
    std::vector<Term> st;
    const int plus = try_model(p + h);
    const int minus = try_model(p - h);
    if (plus >= 0 && minus >= 0) {
      st = {{plus, h, 0.5 / h}, {minus, -h, -0.5 / h}};
    } else if (plus >= 0) {
      const int plus2 = try_model(p + 2.0 * h);
      if (plus2 < 0)
        throw ParameterError(key, "cannot be varied inside its allowed range for a derivative");
      st = {{-1, 0.0, -1.5 / h}, {plus, h, 2.0 / h}, {plus2, 2.0 * h, -0.5 / h}};
    } else if (minus >= 0) {
      const int minus2 = try_model(p - 2.0 * h);
      if (minus2 < 0)
        throw ParameterError(key, "cannot be varied inside its allowed range for a derivative");
      st = {{-1, 0.0, 1.5 / h}, {minus, -h, -2.0 / h}, {minus2, -2.0 * h, 0.5 / h}};
    } else {
      throw ParameterError(key, "cannot be varied inside its allowed range for a derivative");
    }
    stencils.push_back(std::move(st));
  }
}

enum class Record { Samples, Steps };

// The run on the augmented system (see the file comment of sensitivities.hpp).
Sensitivities run(const Model& model,
                  const Protocol& protocol,
                  std::span<const std::string> params,
                  const std::vector<std::string>& variable_keys,
                  const SimulationOptions& options,
                  Record keep,
                  const std::vector<double>& t_eval = {}) {
  for (std::size_t k = 0; k < t_eval.size(); ++k)
    if (!(t_eval[k] >= 0.0 && std::isfinite(t_eval[k])) || (k > 0 && !(t_eval[k] > t_eval[k - 1])))
      throw ParameterError("t_eval", "must be finite, >= 0 and strictly increasing (entry " +
                                         std::to_string(k) + ")");
  std::size_t next_eval = 0;  // first t_eval entry not yet recorded
  options.validate(model.n_states());
  const Index n = model.n_states();
  const Index n_obs = Index(model.observable_keys().size());
  std::vector<Model> models;
  std::vector<std::vector<Term>> stencils;
  build_stencils(model, params, options.solver.rtol < 1e-8, models, stencils);
  const Index np = Index(stencils.size());
  SensitivitySystem system(model, std::move(models), std::move(stencils), 128);
  const Index N = system.size();

  Sensitivities out;
  out.parameters.assign(params.begin(), params.end());
  // Variables: indices into the Result row.
  const std::vector<VariableInfo> vars = result_variables(model);
  std::vector<Index> var_row;
  std::vector<std::string> keys = variable_keys;
  if (keys.empty())
    for (const auto& v : vars)
      if (v.kind == VariableKind::State || (v.kind == VariableKind::Observable && v.n_units == 1))
        keys.push_back(v.name);
  bool states_only = true;
  {
    std::vector<std::string> all;
    all.reserve(vars.size());
    for (const auto& v : vars) all.push_back(v.name);
    for (const auto& k : keys) {
      const auto it = std::find(all.begin(), all.end(), k);
      if (it == all.end())
        throw ParameterError("variables", "'" + k + "' is not a variable of this model" +
                                              detail::suggestion(k, all));
      var_row.push_back(Index(it - all.begin()));
      states_only &= var_row.back() < n;
    }
  }
  out.variables = keys;
  const Index nv = Index(keys.size());

  std::vector<std::string> citations;
  const auto step_apps = resolve_interventions(model, protocol, citations);
  const bool needs_capacity =
      std::any_of(protocol.steps().begin(), protocol.steps().end(), [](const Step& s) {
        return s.until_task_failure || std::holds_alternative<MvcTest>(s.task);
      });
  if (needs_capacity && !model.capacity_observable())
    throw ModelError(
        "the protocol needs task failure or an MVC test, but no component of the model "
        "defines a capacity observable",
        "capacity");

  SolverOptions solver = options.solver;
  solver.on_failure = OnFailure::ReturnPartial;
  {
    // Tolerances of S_j: rtol, and atol / |p_j| (a change of p_j by itself moves x by S_j p_j).
    const ParameterSet values = model.parameters();
    Vector atol(N), rtol(N);
    for (Index i = 0; i < n; ++i) {
      atol[i] = options.solver.atol_of(i);
      rtol[i] = options.solver.rtol_of(i);
    }
    for (Index j = 0; j < np; ++j) {
      const double p = std::abs(values.at(params[std::size_t(j)]));
      for (Index i = 0; i < n; ++i) {
        atol[n * (1 + j) + i] = atol[i] / (p > 0.0 ? p : 1.0);
        rtol[n * (1 + j) + i] = rtol[i];
      }
    }
    solver.atol_vector = atol;
    solver.rtol_vector = rtol;
  }
  Integrator<SensitivitySystem> integrator(system, N, solver);
  {
    Vector lower = Vector::Constant(N, -std::numeric_limits<double>::infinity());
    Vector upper = Vector::Constant(N, std::numeric_limits<double>::infinity());
    for (Index i = 0; i < n; ++i) {
      lower[i] = model.states()[std::size_t(i)].allowed.lo;
      upper[i] = model.states()[std::size_t(i)].allowed.hi;
    }
    integrator.set_bounds(std::move(lower), std::move(upper));
  }

  // The rested state and its sensitivities (a rest that depends on the parameters).
  Vector z = Vector::Zero(N);
  z.head(n) = model.initial_state();
  for (Index j = 0; j < np; ++j)
    for (const Term& term : system.stencil(j))
      z.segment(n * (1 + j), n) +=
          term.weight * system.perturbed_model(term.system).initial_state();

  // Result rows (simulate's layout) of system k at (t, x).
  const std::size_t n_unit_obs = std::size_t(model.n_unit_observable_values());
  const std::size_t n_signals = model.signal_keys().size();
  const std::size_t row_size =
      std::size_t(n + n_obs) + n_unit_obs + n_signals + model.observable_aliases().size();
  std::vector<double> row(row_size), row_k(row_size);
  auto fill_row = [&](const ModelSystem& s, double ts, const Vector& xs, double* r) {
    std::copy(xs.data(), xs.data() + n, r);
    if (n_obs > 0) s.observe(ts, xs, r + n);
    if (n_unit_obs > 0) s.observe_units(ts, xs, r + n + n_obs);
    s.signals(ts, xs, r + std::size_t(n + n_obs) + n_unit_obs);
    double* alias = r + std::size_t(n + n_obs) + n_unit_obs + n_signals;
    for (const auto& [name, index] : model.observable_aliases())
      *alias++ = r[std::size_t(n + index)];
  };
  std::vector<double> t_out, values_out, sens_out;
  Vector xs(n), xk(n);
  auto record = [&](double ts, const Vector& zs) {
    if (keep != Record::Samples) return;
    if (!t_eval.empty()) {  // only at the requested times, where segments end
      if (next_eval >= t_eval.size() || ts != t_eval[next_eval]) return;
      ++next_eval;
    }
    t_out.push_back(ts);
    xs = zs.head(n);
    if (states_only) {
      for (Index v = 0; v < nv; ++v) values_out.push_back(xs[var_row[std::size_t(v)]]);
      for (Index v = 0; v < nv; ++v)
        for (Index j = 0; j < np; ++j)
          sens_out.push_back(zs[n * (1 + j) + var_row[std::size_t(v)]]);
      return;
    }
    fill_row(system.base(), ts, xs, row.data());
    for (Index v = 0; v < nv; ++v) values_out.push_back(row[std::size_t(var_row[std::size_t(v)])]);
    const std::size_t at = sens_out.size();
    sens_out.resize(at + std::size_t(nv * np), 0.0);
    for (Index j = 0; j < np; ++j)
      for (const Term& term : system.stencil(j)) {
        xk = xs + term.eps * zs.segment(n * (1 + j), n);
        fill_row(system.system(term.system), ts, xk, row_k.data());
        for (Index v = 0; v < nv; ++v)
          sens_out[at + std::size_t(v * np + j)] +=
              term.weight * row_k[std::size_t(var_row[std::size_t(v)])];
      }
    for (Index v = 0; v < nv; ++v)
      if (var_row[std::size_t(v)] < n)  // states: S itself (the stencil gives it up to round-off)
        for (Index j = 0; j < np; ++j)
          sens_out[at + std::size_t(v * np + j)] = zs[n * (1 + j) + var_row[std::size_t(v)]];
  };
  struct Recorder {
    decltype(record)& rec;
    void step(const Integrator<SensitivitySystem>::Core&, double, double t1, const Vector& y1) {
      rec(t1, y1);
    }
    void event(std::size_t, double, const Vector&) {}
  } recorder{record};
  // Every accepted step, or (with t_eval) nothing: the segment ends are recorded instead.
  struct AnyObserver {
    Recorder* r;
    void step(const Integrator<SensitivitySystem>::Core& c,
              double t0,
              double t1,
              const Vector& y1) {
      if (r) r->step(c, t0, t1, y1);
    }
    void event(std::size_t, double, const Vector&) {}
  };
  auto recorder_of = [&](bool every) { return AnyObserver{every ? &recorder : nullptr}; };

  std::vector<double> obs(std::size_t(std::max<Index>(n_obs, 1)));
  const auto capacity = [&](const ModelSystem& s, double ts, const Vector& x) {
    s.observe(ts, x, obs.data());
    return obs[std::size_t(*model.capacity_observable())];
  };
  const auto capacity_sensitivity = [&](double ts, const Vector& zs, Index j) {
    return system.directional(
        j, zs, [&](const ModelSystem& s, const Vector& x) { return capacity(s, ts, x); });
  };

  double t = 0.0;
  double last_pulse_s = -std::numeric_limits<double>::infinity();
  Vector tau = Vector::Zero(np);  // d(time base)/dp: how every later breakpoint moves with p
  Vector fminus(n), fplus(n), x(n);
  bool have_fminus = false;  // fminus = f at the end of the last segment, with its inputs
  record(t, z);
  std::vector<Event> failure_event(1);

  std::vector<InterventionApplication> active;
  std::vector<std::vector<double>> active_breaks;
  auto breakpoints_of = [](const InterventionApplication& a) {
    std::vector<double> b = a.intervention->breakpoints(a.window);
    b.push_back(a.intervention->effect_end(a.window));
    std::sort(b.begin(), b.end());
    return b;
  };
  auto drop_ended = [&](double now) {
    for (std::size_t i = active.size(); i-- > 0;)
      if (active[i].intervention->effect_end(active[i].window) <= now) {
        active.erase(active.begin() + std::ptrdiff_t(i));
        active_breaks.erase(active_breaks.begin() + std::ptrdiff_t(i));
      }
  };
  auto next_breakpoint = [&](double now) {
    double next = std::numeric_limits<double>::infinity();
    const auto e = std::upper_bound(t_eval.begin(), t_eval.end(), now);
    if (e != t_eval.end()) next = *e;
    for (const auto& b : active_breaks) {
      const auto it = std::upper_bound(b.begin(), b.end(), now);
      if (it != b.end()) next = std::min(next, *it);
    }
    return next;
  };
  // S at a breakpoint that moves with p by tau, where the rhs changes from fminus to fplus
  // (and a stimulation pulse x -> P(x, p) may act): S+ = P_x (S- + f- tau) + P_p - f+ tau.
  auto apply_boundary = [&](bool pulse) {
    const bool moves = tau.any() && have_fminus;
    if (moves)
      for (Index j = 0; j < np; ++j) z.segment(n * (1 + j), n) += fminus * tau[j];
    if (pulse) {
      Matrix S_new(n, np);
      for (Index j = 0; j < np; ++j) {
        S_new.col(j).setZero();
        for (const Term& term : system.stencil(j)) {
          xk = z.head(n) + term.eps * z.segment(n * (1 + j), n);
          const Model& m = system.perturbed_model(term.system);
          for (std::size_t c = 0; c < m.components().size(); ++c)
            m.components()[c]->stimulus_pulse(xk.data() + m.wiring()[c].offset,
                                              m.components()[c]->parameters().data(),
                                              t - last_pulse_s);
          S_new.col(j) += term.weight * xk;
        }
      }
      for (std::size_t c = 0; c < model.components().size(); ++c)
        model.components()[c]->stimulus_pulse(z.data() + model.wiring()[c].offset,
                                              model.components()[c]->parameters().data(),
                                              t - last_pulse_s);
      for (Index j = 0; j < np; ++j) z.segment(n * (1 + j), n) = S_new.col(j);
      last_pulse_s = t;
    }
    if (moves) {
      // f+ on the branches the new phase starts on (start() re-reads them from the signs).
      system.hold_branches(nullptr);
      x = z.head(n);
      system.system(-1).rhs(t, x, fplus);
      for (Index j = 0; j < np; ++j) z.segment(n * (1 + j), n) -= fplus * tau[j];
      fminus = fplus;  // a phase that ends where it starts (failure at once) adds no second jump
    }
  };

  out.step_end = Matrix::Zero(Index(protocol.steps().size()), np);
  out.mvc = Matrix::Constant(Index(protocol.steps().size()), np,
                             std::numeric_limits<double>::quiet_NaN());
  bool failed = false;
  for (std::size_t s = 0; s < protocol.steps().size(); ++s) {
    const Step& step = protocol.steps()[s];
    StepRange range;
    range.label = step.label;
    range.start_s = t;
    range.first_sample = Index(t_out.size()) - 1;
    if (failed) {
      range.end_s = t;
      range.last_sample = range.first_sample;
      out.steps.push_back(range);
      continue;
    }
    if (std::holds_alternative<MvcTest>(step.task)) {
      system.set_inputs(0.0, 0.0, 0.0, active.empty() ? nullptr : &active);
      x = z.head(n);
      range.mvc_fraction = capacity(system.base(), t, x);
      // The test happens when the protocol says, at a time that moves with tau: the total
      // derivative of the state there is S + f- tau.
      Vector zt = z;
      if (have_fminus)
        for (Index j = 0; j < np; ++j) zt.segment(n * (1 + j), n) += fminus * tau[j];
      for (Index j = 0; j < np; ++j) out.mvc(Index(s), j) = capacity_sensitivity(t, zt, j);
      range.end_s = t;
      range.last_sample = range.first_sample;
      range.end_reason = EndReason::Instant;
      out.step_end.row(Index(s)) = tau.transpose();
      out.steps.push_back(range);
      continue;
    }
    const double length = step.duration_s.value_or(options.max_task_duration_s);
    const double step_start = t;
    const double step_end = t + length;
    drop_ended(t);
    const std::size_t first_own = active.size();
    for (const auto& a : step_apps[s]) {
      active.push_back(a);
      active.back().window = {t, step_end};
      active_breaks.push_back(breakpoints_of(active.back()));
    }
    range.end_reason = step.duration_s ? EndReason::Duration : EndReason::MaxDuration;
    std::int64_t index = 0;  // of the step's phases (protocol/phases.hpp)
    bool ended = false;
    while (t < step_end && !ended) {
      const Phase phase = phase_of(step, step_start, step_end, index++);
      const double phase_end = phase.end_s, target = phase.target;
      bool pulse = phase.pulse;
      system.set_inputs(target, phase.lengthening, phase.shortening,
                        active.empty() ? nullptr : &active);
      const bool check_failure = step.until_task_failure && phase.loaded_on;
      while (t < phase_end && !ended) {
        const double segment_end = std::min(phase_end, next_breakpoint(t));
        apply_boundary(pulse);
        pulse = false;
        if (!integrator.start(t, z)) {
          range.end_reason = EndReason::SolverFailure;
          failed = ended = true;
          break;
        }
        x = z.head(n);
        if (check_failure && capacity(system.base(), t, x) - target <= 0.0) {
          range.end_reason = EndReason::TaskFailure;
          ended = true;
          break;
        }
        std::span<const Event> events;
        if (check_failure) {
          failure_event[0] = {[&, target](double te, const Vector& ze) {
                                xs = ze.head(n);
                                return capacity(system.base(), te, xs) - target;
                              },
                              true, -1};
          events = failure_event;
        }
        system.set_segment({t, segment_end});
        const Status status = integrator.advance(segment_end, events, recorder_of(t_eval.empty()));
        system.set_segment(
            {-std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity()});
        t = integrator.t();
        z = integrator.y();
        x = z.head(n);
        if (!t_eval.empty() && status == Status::Completed) record(t, z);
        if (integrator.failure()) {
          range.end_reason = EndReason::SolverFailure;
          failed = ended = true;
          break;
        }
        system.system(-1).rhs(t, x, fminus);
        have_fminus = true;
        if (status == Status::StoppedByEvent) {
          // Task failure at t* = ET: dt*/dp = -(g_x S + g_p) / (g_x f + g_t), g = capacity -
          // target.
          const double gdot = system.time_derivative(
              t, x, fminus, [&](const ModelSystem& m, double tt, const Vector& xx) {
                return capacity(m, tt, xx);
              });
          for (Index j = 0; j < np; ++j) tau[j] = -capacity_sensitivity(t, z, j) / gdot;
          range.end_reason = EndReason::TaskFailure;
          ended = true;
        }
      }
    }
    for (std::size_t i = first_own; i < active.size(); ++i) {
      active[i].window.end_s = t;
      active_breaks[i] = breakpoints_of(active[i]);
    }
    range.end_s = t;
    range.last_sample = Index(t_out.size()) - 1;
    out.step_end.row(Index(s)) = tau.transpose();
    out.steps.push_back(range);
  }
  system.set_inputs(0.0, 0.0, 0.0, nullptr);
  if (integrator.failure()) {
    out.status = integrator.status();
    out.message = integrator.message();
  } else {
    out.message = "The protocol completed.";
  }
  const Index m = Index(t_out.size());
  out.t = Eigen::Map<const Vector>(t_out.data(), m);
  out.values = Eigen::Map<const Matrix>(values_out.data(), nv, m);
  out.data = Eigen::Map<const Matrix>(sens_out.data(), nv * np, m);
  if (integrator.failure() && options.solver.on_failure == OnFailure::Raise)
    throw SolverError(out.status, *integrator.failure());
  return out;
}

}  // namespace

Sensitivities sensitivities(const Model& model,
                            const Protocol& protocol,
                            const SensitivityOptions& options) {
  if (options.parameters.empty())
    throw ParameterError("parameters", "is empty: name at least one parameter (e.g. 'fatigue.F')");
  return run(model, protocol, options.parameters, options.variables, options.simulation,
             Record::Samples, options.t_eval);
}

EnduranceGradient endurance_time_gradient(const Model& model,
                                          double load_fraction,
                                          std::span<const std::string> parameters,
                                          const SimulationOptions& options) {
  detail::check_range("load_fraction", load_fraction, 0.0, 1.0, "", true, false);
  Step hold{Hold{load_fraction}, std::nullopt, true, {}, "endurance hold"};
  // The tolerance endurance_time() uses.
  const SolverOptions defaults = SimulationOptions::default_solver();
  double rtol = 0.0;
  if (options.model_tolerance && options.solver.rtol == defaults.rtol &&
      options.solver.atol == defaults.atol && options.solver.atol_vector.size() == 0) {
    rtol = model.components().empty() ? 0.0 : 1.0;
    for (const auto& c : model.components()) rtol = std::min(rtol, c->endurance_rtol());
  }
  SimulationOptions used = options;
  if (rtol > defaults.rtol) {
    used.solver.rtol = rtol;
    used.solver.atol = 1e-3 * rtol;
  }
  const Sensitivities s =
      run(model, Protocol::from_steps({hold}), parameters, {}, used, Record::Steps);
  const StepRange& r = s.steps.front();
  EnduranceGradient out;
  out.gradient = s.step_end.row(0).transpose();
  if (r.end_reason == EndReason::TaskFailure) {
    out.endurance_time_s = r.end_s;
  } else if (r.end_reason == EndReason::MaxDuration) {
    out.endurance_time_s = std::numeric_limits<double>::infinity();
    out.gradient.setConstant(std::numeric_limits<double>::quiet_NaN());
  } else {
    throw SolverError(s.status, Failure{r.end_s, 0.0, {}, s.message});
  }
  return out;
}

}  // namespace myofatigue
