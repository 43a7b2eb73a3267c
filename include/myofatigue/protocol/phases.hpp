#pragma once
/// \file
/// \brief The constant-input phases of a protocol step, as every driver runs them (simulate()
/// and sensitivities()): intermittent tasks alternate on and off, stimulation is split at every
/// pulse, a hold or a rest is one phase. Phase ends are computed from the step's start, not
/// accumulated, so long protocols do not drift (docs/protocols.md, "Semantics").

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>
#include <variant>

#include "myofatigue/protocol/protocol.hpp"

namespace myofatigue {

/// \brief One phase of a step: its end, the target, and what the protocol signals say.
struct Phase {
  double end_s;        ///< the phase ends here (the step's end at the latest)
  double target;       ///< target force, fraction of fresh MVC
  double lengthening;  ///< protocol.lengthening: 1 while a loaded eccentric phase lasts
  double shortening;   ///< protocol.shortening: 1 while a loaded concentric phase lasts
  bool loaded_on;      ///< an "on" phase of a loaded task (where task failure is checked)
  bool pulse;          ///< a stimulation pulse at the phase's start
};

/// \brief Phase `index` (0, 1, ...) of `step`, which runs from step_start_s to step_end_s:
/// intermittent, even = on, odd = off; stimulation, the pulse count.
inline Phase phase_of(const Step& step,
                      double step_start_s,
                      double step_end_s,
                      std::int64_t index) {
  const auto [load, mode] = std::visit(
      [](const auto& task) -> std::pair<double, ContractionMode> {
        using K = std::decay_t<decltype(task)>;
        if constexpr (std::is_same_v<K, Hold> || std::is_same_v<K, Intermittent>)
          return {task.load_fraction, task.mode};
        else return {0.0, ContractionMode::Isometric};
      },
      step.task);
  Phase p{step_end_s, load, 0.0, 0.0, true, false};
  if (const auto* inter = std::get_if<Intermittent>(&step.task)) {
    const double cycle = inter->on_s + inter->off_s;
    const double cycle_start = step_start_s + double(index / 2) * cycle;
    p.loaded_on = index % 2 == 0;
    p.end_s = std::min(cycle_start + (p.loaded_on ? inter->on_s : cycle), step_end_s);
    p.target = p.loaded_on ? inter->load_fraction : 0.0;
  }
  if (const auto* stim = std::get_if<Stimulate>(&step.task)) {
    // Pulse k of train j at train_start(j) + k / f; trains last on_s (0: continuous).
    const double period = 1.0 / stim->frequency_hz;
    const std::int64_t per_train =
        stim->on_s > 0.0 ? std::max<std::int64_t>(
                               1, std::int64_t(std::ceil(stim->on_s * stim->frequency_hz - 1e-9)))
                         : std::numeric_limits<std::int64_t>::max();
    const std::int64_t train = index / per_train, k = index % per_train;
    const double train_start = step_start_s + double(train) * (stim->on_s + stim->off_s);
    p.pulse = train_start + double(k) * period < step_end_s;
    const double next = k + 1 < per_train ? train_start + double(k + 1) * period
                                          : train_start + stim->on_s + stim->off_s;
    p.end_s = std::min(next, step_end_s);
  }
  // A phase ending within round-off of the step's end takes the rest of the step (no sliver of
  // a phase, whose step would be too small to take).
  if (step_end_s - p.end_s <= 64.0 * std::numeric_limits<double>::epsilon() * std::abs(step_end_s))
    p.end_s = step_end_s;
  p.loaded_on = p.loaded_on && p.target > 0.0;
  p.lengthening = p.target > 0.0 && mode == ContractionMode::Eccentric ? 1.0 : 0.0;
  p.shortening = p.target > 0.0 && mode == ContractionMode::Concentric ? 1.0 : 0.0;
  return p;
}

}  // namespace myofatigue
