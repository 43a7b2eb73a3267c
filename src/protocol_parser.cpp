// The protocol grammar (docs/protocols.md). Case-insensitive, whitespace-tolerant:
//   step     := task [duration | "until task failure"] ["with" uses]
//   uses     := use {("and" | ",") use}       use := NAME ["(" KEY "=" NUM {"," KEY "=" NUM} ")"]
//   task     := "hold" [MODE] "at" LOAD | "intermittent" [MODE] LOAD NUM UNIT "on" NUM UNIT "off"
//             | "rest" | "mvc test"
//             | "maximal" [MODE] "contraction"   (a Hold at 100 % MVC: drive at its ceiling)
//             | "stimulate at" NUM "hz" [NUM UNIT "on" NUM UNIT "off"]
//   MODE     := "isometric" | "concentric" | "eccentric"   (isometric when absent)
//   LOAD     := PCT | "maximal"                PCT := NUM "%" ["mvc"]
//   duration := "for" NUM UNIT | "for" NUM "contractions"   (intermittent: N cycles, the last
//               without its rest)
//   UNIT     := ms | s | sec | second(s) | min | minute(s) | h | hour(s) | day(s)
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <string>
#include <type_traits>
#include <variant>

#include "myofatigue/core/check.hpp"
#include "myofatigue/protocol/protocol.hpp"

namespace myofatigue {

namespace {

const char* const examples =
    "valid examples: \"Hold at 40% MVC until task failure\", \"Hold at 30% MVC for 2 min\", "
    "\"Intermittent 50% MVC 6 s on 4 s off until task failure\", \"Rest for 10 min\", "
    "\"Rest for 10 min with hyperaemia_boost\", \"MVC test\", \"Stimulate at 30 Hz 1 s on 1 s off "
    "for 2 min\", \"Intermittent eccentric maximal 3 s on 9 s off for 50 contractions\", \"Rest "
    "for 4 days\"";

/// The field of a ProtocolError about step `index` ("steps[2]").
std::string step_field(std::size_t index) { return "steps[" + std::to_string(index) + "]"; }

[[noreturn]] void fail(std::size_t index, const std::string& text, const std::string& why) {
  throw ProtocolError("step " + std::to_string(index) + " '" + text + "': " + why + "; " + examples,
                      step_field(index));
}

/// \throws ProtocolError (field `field`) when a protocol of `n` steps exceeds max_protocol_steps;
/// the message reads "<field>: <how> <n> steps, more than the limit ...".
void check_step_count(std::size_t n, const std::string& field, const std::string& how) {
  if (n > max_protocol_steps)
    throw ProtocolError(field + ": " + how + " " + std::to_string(n) +
                            " steps, more than the limit of " + std::to_string(max_protocol_steps) +
                            " steps in a protocol (docs/protocols.md, Limits)",
                        field);
}

class Tokens {
 public:
  Tokens(const std::string& text, std::size_t index) : text_(text), index_(index) {
    std::string cur;
    auto flush = [&] {
      if (!cur.empty()) tokens_.push_back(cur);
      cur.clear();
    };
    for (char ch : text) {
      const char c = char(std::tolower(static_cast<unsigned char>(ch)));
      if (std::isspace(static_cast<unsigned char>(c)) || c == ',') {
        flush();
      } else if (c == '%' || c == '(' || c == ')' || c == '=') {
        flush();
        tokens_.emplace_back(1, c);
      } else if (!cur.empty() && std::isdigit(static_cast<unsigned char>(cur.back())) &&
                 std::isalpha(static_cast<unsigned char>(c)) && c != 'e') {
        flush();  // "10min" -> "10" "min"
        cur += c;
      } else {
        cur += c;
      }
    }
    flush();
  }
  bool done() const { return pos_ >= tokens_.size(); }
  const std::string& peek() const {
    static const std::string end;
    return done() ? end : tokens_[pos_];
  }
  bool accept(const std::string& word) {
    if (peek() == word) {
      ++pos_;
      return true;
    }
    return false;
  }
  void expect(const std::string& word) {
    if (!accept(word)) error("expected '" + word + "' but found '" + peek() + "'");
  }
  double number() {
    const std::string& s = peek();
    // strtod, not stod: stod refuses a subnormal value ("1e-310") as out of range, which is a
    // number all the same; an overflow gives +-inf and is refused below.
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    const std::size_t used = std::size_t(end - s.c_str());
    if (used == 0 || used != s.size() || !std::isfinite(v))
      error("expected a number but found '" + s + "'");
    ++pos_;
    return v;
  }
  double duration() {
    const double v = number();
    const std::string u = peek();
    double scale = 0.0;
    if (u == "ms") scale = 1e-3;
    else if (u == "s" || u == "sec" || u == "secs" || u == "second" || u == "seconds") scale = 1.0;
    else if (u == "min" || u == "mins" || u == "minute" || u == "minutes") scale = 60.0;
    else if (u == "h" || u == "hr" || u == "hour" || u == "hours") scale = 3600.0;
    else if (u == "day" || u == "days" || u == "d") scale = 86400.0;
    else error("expected a time unit (ms, s, min, h, day) but found '" + u + "'");
    ++pos_;
    if (!(v > 0.0)) error("a duration must be positive, got " + detail::format_value(v) + " " + u);
    return v * scale;
  }
  /// An optional contraction mode word (isometric when absent).
  ContractionMode mode() {
    if (accept("eccentric")) return ContractionMode::Eccentric;
    if (accept("concentric")) return ContractionMode::Concentric;
    accept("isometric");
    return ContractionMode::Isometric;
  }
  /// "maximal" (100 % of fresh MVC) or a percentage.
  double load() {
    if (accept("maximal")) return 1.0;
    const double v = number();
    expect("%");
    accept("mvc");
    if (!(v > 0.0 && v <= 100.0))
      error("load " + detail::format_value(v) + "% MVC is outside the allowed range (0, 100] %");
    return v / 100.0;
  }
  /// Whether the next tokens are "NUM contraction(s)".
  bool counts_contractions() const {
    return pos_ + 1 < tokens_.size() &&
           (tokens_[pos_ + 1] == "contractions" || tokens_[pos_ + 1] == "contraction");
  }
  /// "NUM contraction(s)": a whole number in [1, 1e6].
  double count() {
    const double v = number();
    ++pos_;  // "contraction(s)"
    if (!(v >= 1.0 && v <= 1e6 && v == std::floor(v)))
      error("the number of contractions must be a whole number in [1, 1000000], got " +
            detail::format_value(v));
    return v;
  }
  std::string name() {
    if (done()) error("expected an intervention name after 'with'");
    return tokens_[pos_++];
  }
  [[noreturn]] void error(const std::string& why) const { fail(index_, text_, why); }

 private:
  std::vector<std::string> tokens_;
  std::size_t pos_ = 0;
  std::string text_;
  std::size_t index_;
};

void validate(const Step& s, std::size_t index) {
  const std::string where = "step " + std::to_string(index);
  const std::string field = step_field(index);
  auto check_load = [&](double f) {
    if (!(f > 0.0 && f <= 1.0))
      throw ProtocolError(where + ": load_fraction " + detail::format_value(f) +
                              " is outside the allowed range (0, 1]",
                          field);
  };
  if (const auto* h = std::get_if<Hold>(&s.task)) check_load(h->load_fraction);
  if (const auto* i = std::get_if<Intermittent>(&s.task)) {
    check_load(i->load_fraction);
    if (!(i->on_s > 0.0) || !std::isfinite(i->on_s))
      throw ProtocolError(
          where + ": on_s " + detail::format_value(i->on_s) + " s must be in (0, inf)", field);
    if (!(i->off_s > 0.0) || !std::isfinite(i->off_s))
      throw ProtocolError(
          where + ": off_s " + detail::format_value(i->off_s) + " s must be in (0, inf)", field);
  }
  if (const auto* st = std::get_if<Stimulate>(&s.task)) {
    if (!(st->frequency_hz > 0.0 && st->frequency_hz <= 1000.0))
      throw ProtocolError(where + ": frequency_hz " + detail::format_value(st->frequency_hz) +
                              " Hz is outside the allowed range (0, 1000] Hz",
                          field);
    if (!(st->on_s >= 0.0 && st->off_s >= 0.0 && std::isfinite(st->on_s) &&
          std::isfinite(st->off_s)) ||
        ((st->on_s > 0.0) != (st->off_s > 0.0)))
      throw ProtocolError(where + ": trains need on_s > 0 and off_s > 0 (or both 0 for continuous)",
                          field);
    if (s.until_task_failure)
      throw ProtocolError(where + ": electrical stimulation has no task failure; give a duration",
                          field);
  }
  if (s.duration_s && !(*s.duration_s > 0.0 && std::isfinite(*s.duration_s)))
    throw ProtocolError(
        where + ": duration_s " + detail::format_value(*s.duration_s) + " s must be in (0, inf)",
        field);
  const bool instant = std::holds_alternative<MvcTest>(s.task);
  if (!instant && !s.duration_s && !s.until_task_failure)
    throw ProtocolError(where + ": needs a duration or 'until task failure'; " + examples, field);
  if (s.until_task_failure && std::holds_alternative<Rest>(s.task))
    throw ProtocolError(where + ": a rest cannot end in task failure; give a duration", field);
}

}  // namespace

Step parse_step(const std::string& text, std::size_t index) {
  Tokens tk(text, index);
  Step s;
  bool maximal_load = false;  // "maximal" written as the load of a hold or intermittent work
  s.label = text;
  if (tk.accept("hold")) {
    const ContractionMode mode = tk.mode();
    tk.accept("at");
    maximal_load = tk.peek() == "maximal";
    s.task = Hold{tk.load(), mode};
  } else if (tk.accept("intermittent")) {
    const ContractionMode mode = tk.mode();
    tk.accept("at");
    maximal_load = tk.peek() == "maximal";
    const double f = tk.load();
    const double on = tk.duration();
    tk.expect("on");
    const double off = tk.duration();
    tk.expect("off");
    s.task = Intermittent{f, on, off, mode};
  } else if (tk.accept("rest")) {
    s.task = Rest{};
  } else if (tk.accept("stimulate")) {
    tk.accept("at");
    const double hz = tk.number();
    tk.expect("hz");
    Stimulate st{hz};
    if (!tk.done() && tk.peek() != "for" && tk.peek() != "until" && tk.peek() != "with") {
      st.on_s = tk.duration();
      tk.expect("on");
      st.off_s = tk.duration();
      tk.expect("off");
    }
    s.task = st;
  } else if (tk.accept("mvc")) {
    tk.expect("test");
    s.task = MvcTest{};
  } else if (tk.accept("maximal")) {
    // A sustained maximal voluntary effort: the target is the fresh MVC, so the drive sits at
    // its ceiling and the force is whatever the muscle gives (it fails at once by definition).
    const ContractionMode mode = tk.mode();
    if (!tk.accept("contraction")) tk.expect("contractions");
    s.task = Hold{1.0, mode};
    if (tk.peek() == "until")
      tk.error("a maximal contraction cannot be held, so it has no task failure; give a duration");
  } else {
    tk.error("unknown task '" + tk.peek() +
             "' (expected Hold, Intermittent, Rest, Maximal contraction or MVC test)");
  }
  // (As "Maximal contraction": "Intermittent 100% MVC ... until task failure" stays legal and
  // fails at its first contraction, but "maximal" says the effort is all-out, not a target.)
  if (maximal_load && tk.peek() == "until")
    tk.error("maximal contractions cannot be held, so they have no task failure; give a duration");
  if (tk.accept("for")) {
    const auto* inter = std::get_if<Intermittent>(&s.task);
    if (inter && tk.counts_contractions()) {
      // N contractions: N cycles, the last one without its rest, so that what follows (an MVC
      // test, say) comes right after the last contraction.
      const double n = tk.count();
      s.duration_s = n * (inter->on_s + inter->off_s) - inter->off_s;
    } else {
      s.duration_s = tk.duration();
    }
  } else if (tk.accept("until")) {
    tk.expect("task");
    tk.expect("failure");
    s.until_task_failure = true;
  }
  if (tk.accept("with")) {
    // An intervention, optionally with parameter overrides: "cuff_occlusion(pressure_mmHg=180)"
    // (keys are matched to the intervention's parameters case-insensitively when it is resolved).
    auto use = [&tk] {
      InterventionUse u{tk.name(), {}};
      if (tk.accept("(")) {
        ParameterSet::Map values;
        while (!tk.accept(")")) {
          if (tk.done()) tk.error("expected ')' after the parameters of '" + u.name + "'");
          const std::string key = tk.name();
          tk.expect("=");
          if (key == "profile")  // tokens are lower case
            u.profile = tk.name();
          else values[u.name + "." + key] = tk.number();
        }
        u.parameters = ParameterSet(u.name, std::move(values));
      }
      return u;
    };
    do {
      s.interventions.push_back(use());
    } while (tk.accept("and"));
    while (!tk.done()) s.interventions.push_back(use());
  }
  if (!tk.done()) tk.error("unexpected '" + tk.peek() + "'");
  if (std::holds_alternative<MvcTest>(s.task) && (s.duration_s || s.until_task_failure))
    tk.error("'MVC test' takes no duration");
  validate(s, index);
  return s;
}

Protocol Protocol::parse(std::span<const std::string> steps) {
  check_step_count(steps.size(), "steps", "the protocol would have");
  std::vector<Step> parsed;
  for (std::size_t i = 0; i < steps.size(); ++i) parsed.push_back(parse_step(steps[i], i));
  return from_steps(std::move(parsed));
}

Protocol Protocol::from_steps(std::vector<Step> steps) {
  if (steps.empty())
    throw ProtocolError("a protocol needs at least one step; " + std::string(examples), "steps");
  check_step_count(steps.size(), "steps", "the protocol would have");
  for (std::size_t i = 0; i < steps.size(); ++i) validate(steps[i], i);
  Protocol p;
  p.steps_ = std::move(steps);
  return p;
}

Protocol Protocol::repeat(int cycles) const {
  if (cycles < 1)
    throw ParameterError("cycles", "value " + std::to_string(cycles) + " is outside [1, inf)");
  // Checked before anything is allocated: 10^9 cycles would otherwise end in std::bad_alloc.
  if (!steps_.empty() && std::size_t(cycles) > max_protocol_steps / steps_.size())
    check_step_count(steps_.size() * std::size_t(cycles), "cycles",
                     std::to_string(cycles) + " cycles of " + std::to_string(steps_.size()) +
                         " steps would make");
  Protocol p;
  p.steps_.reserve(steps_.size() * std::size_t(cycles));
  for (int c = 0; c < cycles; ++c) p.steps_.insert(p.steps_.end(), steps_.begin(), steps_.end());
  return p;
}

namespace {

std::string percent(double fraction) {
  std::ostringstream os;
  os << fraction * 100.0;
  return os.str();
}

std::string seconds(double s) {
  std::ostringstream os;
  os << s << " s";
  return os.str();
}

// (Used only in a discarded branch, which clang counts as unused.)
template <class>
[[maybe_unused]] inline constexpr bool always_false = false;

}  // namespace

// The printer beside the parser, so that a change to the grammar sees both.
std::string step_label(const Step& step) {
  std::string text = std::visit(
      [](const auto& task) -> std::string {
        using K = std::decay_t<decltype(task)>;
        // The mode word only where it is not the default, as a user would write it.
        const auto mode = [](ContractionMode m) {
          return m == ContractionMode::Isometric ? std::string() : std::string(to_string(m)) + " ";
        };
        if constexpr (std::is_same_v<K, Hold>) {
          return "Hold " + mode(task.mode) + "at " + percent(task.load_fraction) + "% MVC";
        } else if constexpr (std::is_same_v<K, Intermittent>) {
          return "Intermittent " + mode(task.mode) + percent(task.load_fraction) + "% MVC " +
                 seconds(task.on_s) + " on " + seconds(task.off_s) + " off";
        } else if constexpr (std::is_same_v<K, Rest>) {
          return "Rest";
        } else if constexpr (std::is_same_v<K, MvcTest>) {
          return "MVC test";
        } else if constexpr (std::is_same_v<K, Stimulate>) {
          std::ostringstream os;
          os << "Stimulate at " << task.frequency_hz << " Hz";
          if (task.on_s > 0.0 || task.off_s > 0.0)
            os << " " << seconds(task.on_s) << " on " << seconds(task.off_s) << " off";
          return os.str();
        } else {
          static_assert(always_false<K>, "step_label(): a new task type needs a label");
        }
      },
      step.task);
  if (step.duration_s) text += " for " + seconds(*step.duration_s);
  if (step.until_task_failure) text += " until task failure";
  for (std::size_t i = 0; i < step.interventions.size(); ++i) {
    const InterventionUse& use = step.interventions[i];
    text += (i ? " and " : " with ") + use.name;
    // Its profile and parameters as the string form writes them: "name(profile=claimed, p=1)".
    std::string args = use.profile.empty() ? std::string() : "profile=" + use.profile;
    for (const auto& [key, value] : use.parameters.values()) {
      const std::string symbol =
          key.rfind(use.name + ".", 0) == 0 ? key.substr(use.name.size() + 1) : key;
      args += (args.empty() ? "" : ", ") + symbol + "=" + detail::format_value(value);
    }
    if (!args.empty()) text += "(" + args + ")";
  }
  return text;
}

}  // namespace myofatigue
