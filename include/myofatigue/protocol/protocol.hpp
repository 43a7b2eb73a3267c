#pragma once
/// \file
/// \brief Protocols: typed steps, with a string form parsed in C++ (docs/protocols.md).
///   "Hold at 40% MVC until task failure", "Hold at 30% MVC for 2 min",
///   "Intermittent 50% MVC 6 s on 4 s off until task failure", "Rest for 10 min",
///   "Rest for 10 min with hyperaemia_boost", "MVC test", "Stimulate at 30 Hz for 10 s",
///   "Stimulate at 30 Hz 1 s on 1 s off for 2 min",
///   "Intermittent eccentric maximal 3 s on 9 s off for 50 contractions", "Rest for 4 days".
/// Loads are fractions of fresh MVC in the typed form (0.4, not 40); durations are seconds.

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "myofatigue/core/error.hpp"
#include "myofatigue/parameters/parameter_set.hpp"

namespace myofatigue {

/// \brief How the muscle's length changes while it holds the load: isometric (constant length,
/// the default), concentric (shortening) or eccentric (lengthening, the contractions that
/// damage muscle: docs/models/damage.md). The protocol writes it as the signals
/// `protocol.lengthening` and `protocol.shortening` (1 while a loaded phase of that mode runs).
enum class ContractionMode { Isometric, Concentric, Eccentric };

/// \brief "isometric", "concentric" or "eccentric".
inline std::string_view to_string(ContractionMode mode) noexcept {
  switch (mode) {
    case ContractionMode::Concentric: return "concentric";
    case ContractionMode::Eccentric: return "eccentric";
    default: return "isometric";
  }
}

/// \brief The mode named `name` ("isometric", "concentric" or "eccentric").
/// \throws ParameterError (field `field`) for any other name.
inline ContractionMode contraction_mode(std::string_view name, const std::string& field = "mode") {
  for (auto m :
       {ContractionMode::Isometric, ContractionMode::Concentric, ContractionMode::Eccentric})
    if (name == to_string(m)) return m;
  throw ParameterError(
      field, "'" + std::string(name) +
                 "' is not a contraction mode ('isometric', 'concentric' or 'eccentric')");
}

struct Hold {
  double load_fraction;  ///< of fresh MVC, in (0, 1]
  ContractionMode mode = ContractionMode::Isometric;
};
struct Intermittent {
  double load_fraction;  ///< of fresh MVC, in (0, 1]
  double on_s;           ///< contraction time per cycle [s], > 0
  double off_s;          ///< rest time per cycle [s], > 0
  ContractionMode mode = ContractionMode::Isometric;
};
struct Rest {};
struct MvcTest {};  ///< instantaneous: records the capacity (MVC fraction) at that moment
/// \brief Electrical stimulation: a pulse train at frequency_hz, continuous or in trains of
/// on_s seconds every on_s + off_s seconds (no voluntary effort: the target is 0).
struct Stimulate {
  double frequency_hz;  ///< pulse rate within a train [Hz], in (0, 1000]
  double on_s = 0.0;    ///< train duration [s]; 0 = continuous
  double off_s = 0.0;   ///< pause between trains [s]
};
using Task = std::variant<Hold, Intermittent, Rest, MvcTest, Stimulate>;

class Intervention;

/// \brief An intervention applied during a step: registered name plus parameter overrides
/// (keys "<name>.<symbol>", e.g. "hyperaemia_boost.gain"), or, from C++, an intervention object
/// of one's own (then `name` is only its label and the registry is not consulted).
struct InterventionUse {
  std::string name;
  ParameterSet parameters;                               ///< applied after the profile
  std::shared_ptr<const Intervention> custom = nullptr;  ///< optional user-defined intervention
  std::string
      profile{};  ///< named parameter-value set ("claimed"); empty: the defaults ("measured")
};

struct Step {
  Task task;
  std::optional<double> duration_s;  ///< ends the step after this time [s]
  bool until_task_failure = false;   ///< ends the step when the target can no longer be held
  std::vector<InterventionUse> interventions;
  std::string label;  ///< original text (or a generated description)
};

/// \brief The most steps a Protocol may have (docs/protocols.md, "Limits"): parse(), from_steps()
/// and repeat() refuse more with a ProtocolError, before allocating them.
inline constexpr std::size_t max_protocol_steps = 100'000;

class Protocol {
 public:
  Protocol() = default;
  /// \brief Parses one string per step.
  /// \throws ProtocolError with the step index, the offending text and valid examples (field()
  /// "steps[i]"), or for more than max_protocol_steps steps (field() "steps").
  static Protocol parse(std::span<const std::string> steps);
  /// \brief From typed steps. \throws ProtocolError naming the step and field out of range
  /// (field() "steps[i]"), or for more than max_protocol_steps steps (field() "steps").
  static Protocol from_steps(std::vector<Step> steps);
  /// \brief This protocol repeated `cycles` times.
  /// \throws ParameterError (field() "cycles") for cycles < 1; ProtocolError (field() "cycles")
  /// when the result would have more than max_protocol_steps steps.
  Protocol repeat(int cycles) const;
  std::span<const Step> steps() const noexcept { return steps_; }

 private:
  std::vector<Step> steps_;
};

/// \brief Parses one step string (used by Protocol::parse); `index` is its place in the protocol.
/// \throws ProtocolError with the step index, the offending text and valid examples.
Step parse_step(const std::string& text, std::size_t index = 0);

/// \brief The step written in the string grammar, e.g. "Hold eccentric at 40% MVC for 60 s with
/// passive_rest": the label of a typed step made without one. Loads are printed as percentages,
/// durations in seconds, each with 6 significant digits; the mode word only where it is not
/// isometric; interventions by name (their parameter overrides are not printed).
std::string step_label(const Step& step);

}  // namespace myofatigue
