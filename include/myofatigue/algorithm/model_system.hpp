#pragma once
/// \file
/// \brief An assembled Model as an OdeSystem (the bridge between the model framework and the
/// solvers): rhs<T> runs every component in signal order with the current protocol inputs and
/// intervention channels; observe() computes the observables. One per simulation or thread: it
/// owns the scratch buffers (signals, channels) for double and dual evaluations.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "myofatigue/interventions/intervention.hpp"
#include "myofatigue/model/model.hpp"
#include "myofatigue/protocol/protocol.hpp"
#include "myofatigue/solvers/block_low_rank.hpp"

namespace myofatigue {

/// \brief An intervention bound to a protocol window and to the model's channel ids.
struct InterventionApplication {
  std::shared_ptr<const Intervention> intervention;
  Window window;
  std::vector<Index> channel_ids;  // model channel id per intervention channel, -1: not honoured
};

/// \brief The interventions of each step of `protocol` as `model` honours them (what simulate()
/// and sensitivities() run): the registered intervention (or the step's own object), its
/// profile, then its parameter overrides, and the model's id of each channel it writes. Appends
/// their citation keys to `citations` (each once). Defined in src/simulate.cpp.
/// \throws ProtocolError for an unknown name (with suggestions), ParameterError for an unknown
/// profile or parameter (listing the valid ones) or a value out of range, ModelError for one
/// that acts on none of the model's channels.
std::vector<std::vector<InterventionApplication>> resolve_interventions(
    const Model& model, const Protocol& protocol, std::vector<std::string>& citations);

namespace detail {
template <class S>
struct ModelBuffers {
  std::vector<S> signals, channels, in, out;
  bool channels_neutral = false;  // channels hold their neutral values (no intervention wrote)
};
}  // namespace detail

/// \brief The model as an OdeSystem (see file comment). Not thread-safe: one per run.
class ModelSystem {
 public:
  explicit ModelSystem(const Model& m) : model_(&m) {
    resize(bd_);
    resize(bj_);
    for (const auto& c : m.components()) parameters_.push_back(c->parameters().data());
    // A component whose channels are consecutive model channels in its declaration order (the
    // usual case) reads them in place; the others get a gathered copy.
    for (const auto& w : m.wiring()) {
      bool in_place = true;
      for (std::size_t k = 0; k < w.channels.size(); ++k)
        in_place &= w.channels[k] == w.channels[0] + Index(k);
      channel_start_.push_back(w.channels.empty() ? 0 : in_place ? w.channels[0] : -1);
    }
    // Scratch of assembled_jacobian, and how many dual passes it needs against whole-state AD.
    Index max_size = 1, max_r = 1, max_m = 1;
    for (std::size_t i = 0; i < m.components().size(); ++i) {
      const auto& w = m.wiring()[i];
      max_size = std::max(max_size, w.size);
      max_r = std::max(max_r, Index(w.reads.size()));
      max_m = std::max(max_m, Index(w.writes.size()));
      if (!m.components()[i]->provides_own_jacobian())
        assembled_passes_ +=
            (local_directions(i) + Index(w.reads.size()) + 1 + ad_chunk - 1) / ad_chunk;
    }
    xd_.resize(max_size);
    fd_.resize(max_size);
    dfdu_.resize(max_size, max_r);
    dfdt_c_.resize(max_size);
    dydx_.resize(max_m, max_size);
    dydu_.resize(max_m, max_r);
    dydt_.resize(max_m);
    sig_dx_.resize(Index(m.signal_keys().size()), m.n_states());
    sig_dt_.resize(Index(m.signal_keys().size()));
    low_rank_ = find_low_rank_structure();
    for (std::size_t i = 0; i < m.components().size(); ++i)
      if (m.components()[i]->writes_from_states()) {
        from_states_.push_back(i);
        assembled_passes_ +=
            (local_directions(i) + Index(m.wiring()[i].reads.size()) + ad_chunk) / ad_chunk;
      }
    Index memo = 0;
    for (const auto& c : m.components()) {
      memo_offset_.push_back(memo);
      memo += c->memo_size();
    }
    memo_.assign(std::size_t(memo) + 1, std::numeric_limits<double>::quiet_NaN());
    empty_.resize(0, 0);
  }
  double target_fraction = 0.0;
  double lengthening = 0.0;  ///< protocol.lengthening: 1 during a loaded eccentric phase
  double shortening = 0.0;   ///< protocol.shortening: 1 during a loaded concentric phase
  const std::vector<InterventionApplication>* applications = nullptr;
  /// \brief The integration segment the solver is in: interventions' channels are evaluated
  /// inside it, a relative 1e-9 of its length from its ends, so that the solver's stages at
  /// exactly its end see the segment's own value, not the jump an intervention makes at that
  /// breakpoint (a stage on the far side of a jump cost every phase of active recovery about
  /// five rejected steps). Unbounded (the default) leaves t as it is, as observations want.
  Window segment{-std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity()};

  template <class T, class S>
  void rhs(const T& t, const VectorX<S>& y, VectorX<S>& f) const {
    detail::ModelBuffers<S>& b = buffers<S>();
    b.signals[0] = S(target_fraction);
    b.signals[1] = S(lengthening);
    b.signals[2] = S(shortening);
    fill_channels(value_of(t), b);
    // Signals written from states first (SignalSpec::from_states): their readers may come
    // earlier in the order. The pass below evaluates these components again, in order, with
    // their real inputs: their derivatives and other signals are those of that pass.
    for (std::size_t i : from_states_) evaluate(i, t, y, f, b);
    for (std::size_t i = 0; i < model_->components().size(); ++i) evaluate(i, t, y, f, b);
  }

  /// Switching functions of the piecewise components (model.switch_keys() order); see
  /// switching.hpp for what the integrator does with them.
  Index switch_count() const noexcept { return Index(model_->switch_keys().size()); }
  void switch_values(double t, const Vector& x, double* g) const {
    f_scratch_.resize(x.size());
    record_ = g;
    rhs(t, x, f_scratch_);
    record_ = nullptr;
  }
  void hold_branches(const std::uint8_t* held) const noexcept { held_ = held; }
  const std::uint8_t* held_branches() const noexcept { return held_; }

  /// \brief df/dx and df/dt assembled per component (docs/architecture.md, "Jacobians"): one
  /// small forward-AD pass set per component over its own states, its inputs and t, then the
  /// chain rule through the signals in producer-before-consumer order. Units that do not couple
  /// (unit_couplings() == 0, and no outputs) share their seeds, so such a component costs
  /// ceil((S + inputs + 1)/8) passes whatever its unit count. Equal to whole-state AD up to
  /// round-off in the chain-rule sums (bit-equal where no component reads another's signal).
  /// \param J n x n, overwritten. \param dfdt n, overwritten.
  void assembled_jacobian(double t, const Vector& y, Matrix& J, Vector& dfdt) const {
    J.setZero();
    assemble(t, y, dfdt, &J, nullptr);
  }

  /// \brief The same Jacobian in block-diagonal plus low-rank form (low_rank_structure()):
  /// the unit blocks of the factored components (the motor-unit pool) and the whole block of
  /// every other component on the diagonal; one coupling column pair per pool-level scalar
  /// (u = df/dE, v = dE/dx) and per read of a component-written signal (u = df/d(signal),
  /// v = d(signal)/dx). O(n) storage and work: no n x n matrix is formed.
  /// \pre low_rank_structure() is not empty; J was set up from it.
  void jacobian(double t, const Vector& y, BlockLowRankJacobian& J, Vector& dfdt) const {
    J.set_zero();
    assemble(t, y, dfdt, nullptr, &J);
  }

  /// \brief Blocks and rank of jacobian(t, y, BlockLowRankJacobian&, dfdt), or empty where that
  /// form is not offered: it is offered when some component has a factored own Jacobian (units
  /// coupled through a few scalars) and every other component is either not replicated (one
  /// block) or has independent units without outputs (one block per unit).
  const LowRankStructure& low_rank_structure() const noexcept { return low_rank_; }

  /// \brief The assembled Jacobian as the solvers' analytic Jacobian (system.hpp), used only
  /// where it needs fewer dual passes than whole-state AD (provides_jacobian()).
  void jacobian(double t, const Vector& y, Matrix& J, Vector& dfdt) const {
    assembled_jacobian(t, y, J, dfdt);
  }
  /// \brief True when assembled_jacobian needs fewer dual passes than whole-state AD,
  /// ceil((n + 1)/8): a model with independent replicated units, or with a component that
  /// provides its own Jacobian (the motor-unit pool). False for every model of one of the
  /// other components, which therefore keeps whole-state AD exactly.
  bool provides_jacobian() const noexcept {
    return assembled_passes_ < (model_->n_states() + 1 + ad_chunk - 1) / ad_chunk;
  }
  /// \brief Dual passes of one assembled_jacobian call.
  Index assembled_passes() const noexcept { return assembled_passes_; }

  /// Observables (model.observable_keys() order) at (t, x), with the current target and
  /// intervention channels: each component sees its inputs and channels as its rhs does.
  void observe(double t, const Vector& x, double* out) const {
    for_each_observation(t, x, [&](std::size_t i, const Eval<double>& e) {
      model_->components()[i]->observe(e, out);
      out += model_->components()[i]->observables().size();
    });
  }

  /// Per-unit observables at (t, x): for model.unit_observable_keys()[k], its
  /// model.unit_observable_sizes()[k] values, one per unit, consecutively (n_unit_observable_values
  /// in all).
  void observe_units(double t, const Vector& x, double* out) const {
    for_each_observation(t, x, [&](std::size_t i, const Eval<double>& e) {
      if (model_->components()[i]->unit_observables().empty()) return;
      model_->components()[i]->observe_units(e, out + model_->wiring()[i].unit_observable_offset);
    });
  }

  /// The signal values after one rhs evaluation at (t, x) (model.signal_keys() order): what
  /// the protocol and every component wrote.
  void signals(double t, const Vector& x, double* out) const {
    f_scratch_.resize(x.size());
    rhs(t, x, f_scratch_);
    std::copy(bd_.signals.begin(), bd_.signals.end(), out);
  }

 private:
  // Seeded own-state directions of component i: S when its units are independent and it has
  // no outputs (one seed per state symbol serves all units), else every own state.
  Index local_directions(std::size_t i) const {
    const auto& w = model_->wiring()[i];
    const auto& c = *model_->components()[i];
    const bool shared = w.units > 1 && c.unit_couplings() == 0 && w.writes.empty();
    return shared ? Index(c.states().size()) : w.size;
  }
  // Runs the rhs once (filling the signals components write), then calls visit(i, eval) for
  // every component with its inputs and channels as the rhs saw them.
  // assembled_jacobian (Jd, n x n, zero on entry) or the low-rank form (Jl, zero on entry).
  void assemble(
      double t, const Vector& y, Vector& dfdt, Matrix* Jd, BlockLowRankJacobian* Jl) const {
    const Index n = y.size();
    f_scratch_.resize(n);
    rhs(t, y, f_scratch_);  // the signal values every component reads
    dfdt.setZero();
    sig_dx_.setZero();
    sig_dt_.setZero();
    fill_channels(t, bj_);
    // Signals written from states: d(signal)/dx is the producer's d(output)/d(own states),
    // known before any reader needs it (its dydu is zero by contract; Model::build keeps such
    // producers to dual passes).
    for (std::size_t i : from_states_) {
      const auto& w = model_->wiring()[i];
      const auto specs = model_->components()[i]->writes();
      ad_passes(i, t, y, [](Index, Index, double) {});
      for (std::size_t o = 0; o < w.writes.size(); ++o) {
        if (!specs[o].from_states) continue;
        const Index sid = w.writes[o];
        sig_dx_.row(sid).segment(w.offset, w.size) = dydx_.row(Index(o)).head(w.size);
        sig_dt_[sid] = dydt_[Index(o)];
      }
    }
    const auto& comps = model_->components();
    Index block = 0, column = 0;  // low-rank form: next diagonal block, next coupling column
    for (std::size_t i = 0; i < comps.size(); ++i) {
      const auto& w = model_->wiring()[i];
      const auto& c = *comps[i];
      const Index S = Index(c.states().size()), size = w.size, off = w.offset;
      const Index r = Index(w.reads.size()), m = Index(w.writes.size());
      const auto so = std::size_t(w.switch_offset);
      if (c.provides_own_jacobian()) {
        // The component's own derivatives at the double point, with the inputs and channels
        // the rhs above saw.
        for (std::size_t k = 0; k < w.reads.size(); ++k)
          bd_.in[k] = bd_.signals[std::size_t(w.reads[k])];
        const std::size_t cd0 =
            channel_start_[i] >= 0 ? std::size_t(channel_start_[i]) : gather_channels(bd_, w);
        const Eval<double> e{t,
                             y.data() + off,
                             f_scratch_.data() + off,
                             bd_.in.data(),
                             bd_.out.data(),
                             bd_.channels.data() + cd0,
                             parameters_[i],
                             held_ ? held_ + so : nullptr,
                             nullptr,
                             w.units,
                             c.switches().size(),
                             memo(i)};
        dfdu_.setZero();
        dfdt_c_.setZero();
        dydx_.setZero();
        dydu_.setZero();
        dydt_.setZero();
        const bool factored = Jl && c.factored_jacobian();
        const Index k = c.unit_couplings();
        std::optional<ComponentJacobian::Factored> fj;
        if (factored)
          fj.emplace(ComponentJacobian::Factored{Jl->values.data() + Jl->value_start(block),
                                                 Jl->U.block(off, column, size, k),
                                                 Jl->V.block(off, column, size, k)});
        ComponentJacobian cj{factored ? Eigen::Ref<Matrix>(empty_)
                                      : Eigen::Ref<Matrix>(Jd->block(off, off, size, size)),
                             dfdu_.topLeftCorner(size, std::max<Index>(r, 1)),
                             dfdt_c_.head(size),
                             dydx_.topLeftCorner(std::max<Index>(m, 1), size),
                             dydu_.topLeftCorner(std::max<Index>(m, 1), std::max<Index>(r, 1)),
                             dydt_.head(std::max<Index>(m, 1)),
                             factored ? &*fj : nullptr};
        c.own_jacobian(e, cj);
        if (factored) {
          block += w.units;
          column += k;
        }
        // (a component with an own, unfactored Jacobian is excluded by low_rank_structure())
      } else if (Jd) {
        ad_passes(i, t, y,
                  [&](Index row, Index col, double v) { (*Jd)(off + row, off + col) = v; });
      } else if (w.units == 1) {
        auto B = Jl->block(block++);
        ad_passes(i, t, y, [&](Index row, Index col, double v) { B(row, col) = v; });
      } else {
        // Independent units (shared seeds): rows and columns of one unit only.
        const Index first = block;
        ad_passes(i, t, y, [&](Index row, Index col, double v) {
          Jl->block(first + row / S)(row % S, col % S) = v;
        });
        block += w.units;
      }
      // Chain rule through the inputs: d(input)/dx and d(input)/dt are already known, because
      // their producers ran earlier in this (topological) order.
      for (Index j = 0; j < r; ++j) {
        const Index sid = w.reads[std::size_t(j)];
        if (Jl && written_[std::size_t(sid)]) {
          Jl->U.col(column).segment(off, size) = dfdu_.col(j).head(size);
          Jl->V.col(column) = sig_dx_.row(sid).transpose();
          ++column;
          dfdt.segment(off, size) += dfdu_.col(j).head(size) * sig_dt_[sid];
        } else if (Jd && (sig_dt_[sid] != 0.0 || sig_dx_.row(sid).any())) {
          Jd->middleRows(off, size).noalias() += dfdu_.col(j).head(size) * sig_dx_.row(sid);
          dfdt.segment(off, size) += dfdu_.col(j).head(size) * sig_dt_[sid];
        }
      }
      dfdt.segment(off, size) += dfdt_c_.head(size);
      for (Index o = 0; o < m; ++o) {
        const Index sid = w.writes[std::size_t(o)];
        sig_dx_.row(sid).setZero();
        sig_dx_.row(sid).segment(off, size) = dydx_.row(o).head(size);
        sig_dt_[sid] = dydt_[o];
        for (Index j = 0; j < r; ++j) {
          const Index in = w.reads[std::size_t(j)];
          sig_dx_.row(sid) += dydu_(o, j) * sig_dx_.row(in);
          sig_dt_[sid] += dydu_(o, j) * sig_dt_[in];
        }
      }
    }
  }

  double* memo(std::size_t i) const { return memo_.data() + memo_offset_[i]; }

  // Component i's rhs with the signals b holds; writes its derivatives and its signals.
  template <class T, class S>
  void evaluate(std::size_t i,
                const T& t,
                const VectorX<S>& y,
                VectorX<S>& f,
                detail::ModelBuffers<S>& b) const {
    const auto& w = model_->wiring()[i];
    const auto& c = *model_->components()[i];
    for (std::size_t k = 0; k < w.reads.size(); ++k) b.in[k] = b.signals[std::size_t(w.reads[k])];
    const std::size_t ch0 =
        channel_start_[i] >= 0 ? std::size_t(channel_start_[i]) : gather_channels(b, w);
    const auto so = std::size_t(w.switch_offset);
    const Eval<S> e{S(t),
                    y.data() + w.offset,
                    f.data() + w.offset,
                    b.in.data(),
                    b.out.data(),
                    b.channels.data() + ch0,
                    parameters_[i],
                    held_ ? held_ + so : nullptr,
                    record_ ? record_ + so : nullptr,
                    w.units,
                    c.switches().size(),
                    memo(i)};
    c.rhs(e);
    for (std::size_t k = 0; k < w.writes.size(); ++k)
      b.signals[std::size_t(w.writes[k])] = b.out[k];
  }

  LowRankStructure find_low_rank_structure() {
    const auto& comps = model_->components();
    written_.assign(model_->signal_keys().size(), 0);
    for (const auto& w : model_->wiring())
      for (Index sid : w.writes) written_[std::size_t(sid)] = 1;
    LowRankStructure s;
    bool any_factored = false;
    for (std::size_t i = 0; i < comps.size(); ++i) {
      const auto& w = model_->wiring()[i];
      const auto& c = *comps[i];
      const Index S = Index(c.states().size());
      if (c.provides_own_jacobian() && c.factored_jacobian()) {
        any_factored = true;
        s.block_sizes.insert(s.block_sizes.end(), std::size_t(w.units), S);
        s.rank += c.unit_couplings();
      } else if (c.provides_own_jacobian()) {
        return {};
      } else if (w.units == 1) {
        s.block_sizes.push_back(w.size);
      } else if (local_directions(i) < w.size) {
        s.block_sizes.insert(s.block_sizes.end(), std::size_t(w.units), S);
      } else {
        return {};
      }
      for (Index sid : w.reads) s.rank += written_[std::size_t(sid)];
    }
    if (!any_factored) return {};
    return s;
  }

  // The dual passes of component i over its own states (seeded as local_directions(i) says),
  // its inputs and t, at the double point whose signals bd_ holds: d(own rhs)/d(own states) go
  // to set_own(row, col, value) (indices local to the component), the rest to dfdu_, dfdt_c_,
  // dydx_, dydu_, dydt_.
  template <class SetOwn>
  void ad_passes(std::size_t i, double t, const Vector& y, SetOwn&& set_own) const {
    auto& b = bj_;
    const auto& w = model_->wiring()[i];
    const auto& c = *model_->components()[i];
    const Index S = Index(c.states().size()), size = w.size, off = w.offset;
    const Index r = Index(w.reads.size()), m = Index(w.writes.size());
    const Index local = local_directions(i);
    const bool shared_seed = local < size;
    const Index D = local + r + 1;
    const std::size_t ch0 =
        channel_start_[i] >= 0 ? std::size_t(channel_start_[i]) : gather_channels(b, w);
    const auto so = std::size_t(w.switch_offset);
    for (Index d0 = 0; d0 < D; d0 += ad_chunk) {
      for (Index j = 0; j < size; ++j) xd_[j] = JacobianDual(y[off + j]);
      for (Index j = 0; j < r; ++j)
        b.in[std::size_t(j)] = JacobianDual(bd_.signals[std::size_t(w.reads[std::size_t(j)])]);
      JacobianDual td(t);
      const Index K = std::min<Index>(ad_chunk, D - d0);
      for (Index k = 0; k < K; ++k) {
        const Index d = d0 + k;
        if (d < local) {
          if (shared_seed) {
            for (Index u = 0; u < w.units; ++u) xd_[u * S + d].d[std::size_t(k)] = 1.0;
          } else {
            xd_[d].d[std::size_t(k)] = 1.0;
          }
        } else if (d < local + r) {
          b.in[std::size_t(d - local)].d[std::size_t(k)] = 1.0;
        } else {
          td.d[std::size_t(k)] = 1.0;
        }
      }
      const Eval<JacobianDual> e{td,
                                 xd_.data(),
                                 fd_.data(),
                                 b.in.data(),
                                 b.out.data(),
                                 b.channels.data() + ch0,
                                 parameters_[i],
                                 held_ ? held_ + so : nullptr,
                                 nullptr,
                                 w.units,
                                 c.switches().size(),
                                 memo(i)};
      c.rhs(e);
      for (Index k = 0; k < K; ++k) {
        const Index d = d0 + k;
        const auto kk = std::size_t(k);
        if (d < local) {
          if (shared_seed) {
            for (Index u = 0; u < w.units; ++u)
              for (Index a = 0; a < S; ++a) set_own(u * S + a, u * S + d, fd_[u * S + a].d[kk]);
          } else {
            for (Index row = 0; row < size; ++row) set_own(row, d, fd_[row].d[kk]);
            for (Index o = 0; o < m; ++o) dydx_(o, d) = b.out[std::size_t(o)].d[kk];
          }
        } else if (d < local + r) {
          for (Index row = 0; row < size; ++row) dfdu_(row, d - local) = fd_[row].d[kk];
          for (Index o = 0; o < m; ++o) dydu_(o, d - local) = b.out[std::size_t(o)].d[kk];
        } else {
          for (Index row = 0; row < size; ++row) dfdt_c_[row] = fd_[row].d[kk];
          for (Index o = 0; o < m; ++o) dydt_[o] = b.out[std::size_t(o)].d[kk];
        }
      }
    }
  }

  template <class V>
  void for_each_observation(double t, const Vector& x, V&& visit) const {
    f_scratch_.resize(x.size());
    rhs(t, x, f_scratch_);
    const auto& comps = model_->components();
    const auto& wiring = model_->wiring();
    for (std::size_t i = 0; i < comps.size(); ++i) {
      const auto& w = wiring[i];
      for (std::size_t k = 0; k < w.reads.size(); ++k)
        bd_.in[k] = bd_.signals[std::size_t(w.reads[k])];
      const std::size_t ch0 =
          channel_start_[i] >= 0 ? std::size_t(channel_start_[i]) : gather_channels(bd_, w);
      const Eval<double> e{t,
                           x.data() + w.offset,
                           f_scratch_.data() + w.offset,
                           bd_.in.data(),
                           bd_.out.data(),
                           bd_.channels.data() + ch0,
                           parameters_[i],
                           nullptr,
                           nullptr,
                           w.units,
                           comps[i]->switches().size(),
                           memo(i)};
      visit(i, e);
    }
  }
  template <class S>
  void resize(detail::ModelBuffers<S>& b) {
    std::size_t max_io = 1, n_ch = 0;
    for (const auto& w : model_->wiring()) {
      max_io = std::max({max_io, w.reads.size(), w.writes.size()});
      n_ch += w.channels.size();
    }
    b.signals.assign(model_->signal_keys().size(), S(0.0));
    for (const auto& [id, value] : model_->constant_signals())
      b.signals[std::size_t(id)] = S(value);
    b.channels.assign(model_->channels().size() + n_ch + 1, S(0.0));
    b.in.assign(max_io, S(0.0));
    b.out.assign(max_io, S(0.0));
  }
  template <class S>
  detail::ModelBuffers<S>& buffers() const {
    if constexpr (std::is_same_v<S, double>) return bd_;
    else return bj_;
  }
  // Channel values composed over the active interventions, in model channel order. Without
  // interventions they are neutral and stay so: set once, not on every evaluation.
  template <class S>
  void fill_channels(double t, detail::ModelBuffers<S>& b) const {
    if (!applications && b.channels_neutral) return;
    const auto& infos = model_->channels();
    for (std::size_t c = 0; c < infos.size(); ++c)
      b.channels[c] = S(infos[c].composition == Composition::Gain ? 1.0 : 0.0);
    b.channels_neutral = !applications;
    if (!applications) return;
    if (std::isfinite(segment.start_s) && std::isfinite(segment.end_s)) {
      const double inset = 1e-9 * (segment.end_s - segment.start_s);
      t = std::clamp(t, segment.start_s + inset, segment.end_s - inset);
    }
    for (const auto& a : *applications)
      for (std::size_t k = 0; k < a.channel_ids.size(); ++k) {
        if (a.channel_ids[k] < 0) continue;
        const double v = a.intervention->modulate(t, a.window, k);
        S& slot = b.channels[std::size_t(a.channel_ids[k])];
        if (infos[std::size_t(a.channel_ids[k])].composition == Composition::Gain) slot = slot * v;
        else slot = slot + v;
      }
  }
  // Copies one component's channels (declaration order) behind the model channels.
  template <class S>
  std::size_t gather_channels(detail::ModelBuffers<S>& b, const Model::Wiring& w) const {
    const std::size_t base = model_->channels().size();
    for (std::size_t k = 0; k < w.channels.size(); ++k)
      b.channels[base + k] = b.channels[std::size_t(w.channels[k])];
    return base;
  }

  const Model* model_;
  std::vector<const double*> parameters_;  // per component; the Model is immutable
  std::vector<Index> channel_start_;       // per component: its channels in place, or -1
  mutable detail::ModelBuffers<double> bd_;
  mutable Vector f_scratch_;
  mutable detail::ModelBuffers<JacobianDual> bj_;
  mutable const std::uint8_t* held_ = nullptr;  // branches the integrator holds, or none
  // assembled_jacobian scratch (sized once in the constructor)
  Index assembled_passes_ = 0;
  mutable VectorX<JacobianDual> xd_, fd_;
  mutable Matrix dfdu_, dydx_, dydu_, sig_dx_;
  mutable Vector dfdt_c_, dydt_, sig_dt_;
  mutable double* record_ = nullptr;      // where switch_values() wants the g_k
  LowRankStructure low_rank_;             // empty: the low-rank form is not offered
  std::vector<char> written_;             // per signal: written by a component
  mutable Matrix empty_;                  // the dfdx of a factored own Jacobian
  mutable std::vector<double> memo_;      // Eval::memo of every component (per run)
  std::vector<Index> memo_offset_;        // per component: its part of memo_
  std::vector<std::size_t> from_states_;  // components writing a signal from their states
};

}  // namespace myofatigue
