// Protocol strings parse to typed steps; errors name the step, the bad text and examples.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <doctest/doctest.h>

#include "myofatigue/protocol/protocol.hpp"

using namespace myofatigue;

namespace {
std::string error_of(const std::vector<std::string>& steps) {
  try {
    (void)Protocol::parse(steps);
  } catch (const ProtocolError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("Protocol: every documented form parses to the typed step with SI quantities") {
  const std::vector<std::string> text{"Hold at 40% MVC until task failure",
                                      "Hold at 30% MVC for 2 min",
                                      "Intermittent 50% MVC 6 s on 4 s off until task failure",
                                      "Rest for 10 min",
                                      "Rest for 10 min with hyperaemia_boost",
                                      "MVC test",
                                      "rest for 1.5 h",
                                      "Intermittent 20% MVC 500 ms on 1.5s off for 30 s"};
  const Protocol p = Protocol::parse(text);
  REQUIRE(p.steps().size() == text.size());
  CHECK(std::get<Hold>(p.steps()[0].task).load_fraction == doctest::Approx(0.40));
  CHECK(p.steps()[0].until_task_failure);
  CHECK(*p.steps()[1].duration_s == 120.0);
  const auto& inter = std::get<Intermittent>(p.steps()[2].task);
  CHECK(inter.load_fraction == doctest::Approx(0.5));
  CHECK(inter.on_s == 6.0);
  CHECK(inter.off_s == 4.0);
  CHECK(std::holds_alternative<Rest>(p.steps()[3].task));
  CHECK(*p.steps()[3].duration_s == 600.0);
  REQUIRE(p.steps()[4].interventions.size() == 1);
  CHECK(p.steps()[4].interventions[0].name == "hyperaemia_boost");
  CHECK(std::holds_alternative<MvcTest>(p.steps()[5].task));
  CHECK(*p.steps()[6].duration_s == 5400.0);
  CHECK(std::get<Intermittent>(p.steps()[7].task).on_s == 0.5);
  CHECK(p.steps()[0].label == text[0]);
}

TEST_CASE("Protocol: a maximal contraction is a hold at 100 % MVC and needs a duration") {
  const Protocol p = Protocol::parse(std::vector<std::string>{"Maximal contraction for 2 min"});
  CHECK(std::get<Hold>(p.steps()[0].task).load_fraction == 1.0);
  CHECK(*p.steps()[0].duration_s == 120.0);
  CHECK(p.steps()[0].label == "Maximal contraction for 2 min");
  CHECK_THROWS_AS(
      (void)Protocol::parse(std::vector<std::string>{"Maximal contraction until task failure"}),
      ProtocolError);
  CHECK_THROWS_AS((void)Protocol::parse(std::vector<std::string>{"Maximal contraction"}),
                  ProtocolError);
  CHECK_THROWS_AS((void)Protocol::parse(std::vector<std::string>{"Maximal for 2 min"}),
                  ProtocolError);
}

TEST_CASE("Protocol: parse errors give the step index, the text and valid examples") {
  const std::string e = error_of({"Rest for 1 min", "Hold at 140% MVC until task failure"});
  CHECK(e.find("step 1") == 0);
  CHECK(e.find("'Hold at 140% MVC until task failure'") != std::string::npos);
  CHECK(e.find("(0, 100]") != std::string::npos);
  CHECK(e.find("valid examples") != std::string::npos);
  CHECK(error_of({"Jog for 5 min"}).find("unknown task 'jog'") != std::string::npos);
  CHECK(error_of({"Hold at 40% MVC"}).find("needs a duration") != std::string::npos);
  CHECK(error_of({"Rest until task failure"}).find("rest cannot end in task failure") !=
        std::string::npos);
  CHECK(error_of({"Rest for -3 min"}).find("positive") != std::string::npos);
  CHECK(error_of({"Rest for 3 fortnights"}).find("time unit") != std::string::npos);
  CHECK(error_of({"Hold at forty% MVC for 1 s"}).find("expected a number") != std::string::npos);
  CHECK(error_of({"MVC test for 2 s"}).find("takes no duration") != std::string::npos);
  CHECK(error_of({"Rest for 1 min with"}).find("intervention name") != std::string::npos);
  CHECK(error_of({}).find("at least one step") != std::string::npos);
}

TEST_CASE("Protocol: stimulation trains parse with frequency, on and off times") {
  const Protocol p = Protocol::parse(std::vector<std::string>{
      "Stimulate at 30 Hz 1 s on 1 s off for 2 min", "stimulate at 100Hz for 500 ms"});
  const auto& trains = std::get<Stimulate>(p.steps()[0].task);
  CHECK(trains.frequency_hz == 30.0);
  CHECK(trains.on_s == 1.0);
  CHECK(trains.off_s == 1.0);
  CHECK(*p.steps()[0].duration_s == 120.0);
  CHECK(std::get<Stimulate>(p.steps()[1].task).on_s == 0.0);
  CHECK(*p.steps()[1].duration_s == 0.5);
}

TEST_CASE("Protocol: typed steps are validated and repeat() concatenates cycles") {
  CHECK_THROWS_AS(Protocol::from_steps({Step{Hold{1.5}, 10.0, false, {}, ""}}), ProtocolError);
  CHECK_THROWS_AS(Protocol::from_steps({Step{Intermittent{0.5, 0.0, 1.0}, 10.0, false, {}, ""}}),
                  ProtocolError);
  const Protocol p =
      Protocol::parse(std::vector<std::string>{"Hold at 30% MVC for 10 s", "Rest for 5 s"});
  CHECK(p.repeat(3).steps().size() == 6);
  CHECK_THROWS_AS(p.repeat(0), ParameterError);
}

TEST_CASE(
    "Protocol: step_label writes a typed step in the grammar, and parsing it gives the step back") {
  const std::vector<Step> steps{
      Step{Hold{0.4}, 60.0, false, {}, ""},
      Step{Hold{0.3, ContractionMode::Eccentric}, std::nullopt, true, {}, ""},
      Step{Intermittent{0.5, 6.0, 4.0}, 120.0, false, {}, ""},
      Step{Rest{}, 600.0, false, {InterventionUse{"passive_rest", {}}}, ""},
      Step{MvcTest{}, std::nullopt, false, {}, ""},
      Step{Stimulate{30.0, 1.0, 1.0}, 120.0, false, {}, ""},
  };
  CHECK(step_label(steps[0]) == "Hold at 40% MVC for 60 s");
  CHECK(step_label(steps[1]) == "Hold eccentric at 30% MVC until task failure");
  CHECK(step_label(steps[2]) == "Intermittent 50% MVC 6 s on 4 s off for 120 s");
  CHECK(step_label(steps[3]) == "Rest for 600 s with passive_rest");
  CHECK(step_label(steps[4]) == "MVC test");
  CHECK(step_label(steps[5]) == "Stimulate at 30 Hz 1 s on 1 s off for 120 s");
  for (const Step& s : steps) {
    CAPTURE(step_label(s));
    const Step back = parse_step(step_label(s));
    CHECK(back.task.index() == s.task.index());
    CHECK(back.duration_s == s.duration_s);
    CHECK(back.until_task_failure == s.until_task_failure);
    CHECK(back.interventions.size() == s.interventions.size());
  }
}

TEST_CASE(
    "Protocol: regression issue 8: more than max_protocol_steps steps is a ProtocolError naming "
    "cycles or steps, not bad_alloc") {
  const Protocol one =
      Protocol::parse(std::vector<std::string>{"Hold at 40% MVC for 10 s", "Rest for 5 s"});
  try {
    (void)one.repeat(1'000'000'000);
    FAIL("expected a ProtocolError");
  } catch (const ProtocolError& e) {
    CHECK(e.field() == "cycles");
    CHECK(std::string(e.what()).find(std::to_string(max_protocol_steps)) != std::string::npos);
  }
  CHECK(one.repeat(int(max_protocol_steps / 2)).steps().size() == max_protocol_steps);
  CHECK_THROWS_AS((void)one.repeat(0), ParameterError);
  const std::vector<std::string> many(max_protocol_steps + 1, "Rest for 1 s");
  try {
    (void)Protocol::parse(many);
    FAIL("expected a ProtocolError");
  } catch (const ProtocolError& e) {
    CHECK(e.field() == "steps");
  }
}

TEST_CASE("Protocol: regression issue 8: a parse error names its step in field()") {
  try {
    (void)Protocol::parse(
        std::vector<std::string>{"Rest for 1 s", "Hold at 140% MVC until task failure"});
    FAIL("expected a ProtocolError");
  } catch (const ProtocolError& e) {
    CHECK(e.field() == "steps[1]");
  }
}

TEST_CASE("Protocol: contraction modes, maximal loads and a count of contractions (issue 11)") {
  const Protocol p = Protocol::parse(std::vector<std::string>{
      "Intermittent eccentric maximal 3 s on 9 s off for 50 contractions",
      "Hold concentric at 30% MVC for 1 min", "Maximal eccentric contraction for 3 s",
      "Intermittent 40% MVC 5 s on 5 s off for 1 min", "Rest for 4 days"});
  const auto& inter = std::get<Intermittent>(p.steps()[0].task);
  CHECK(inter.mode == ContractionMode::Eccentric);
  CHECK(inter.load_fraction == 1.0);
  CHECK(*p.steps()[0].duration_s ==
        doctest::Approx(50 * 12 - 9));  // the last pause is not part of it
  CHECK(std::get<Hold>(p.steps()[1].task).mode == ContractionMode::Concentric);
  CHECK(std::get<Hold>(p.steps()[2].task).mode == ContractionMode::Eccentric);
  CHECK(std::get<Hold>(p.steps()[2].task).load_fraction == 1.0);
  CHECK(std::get<Intermittent>(p.steps()[3].task).mode == ContractionMode::Isometric);
  CHECK(*p.steps()[4].duration_s == 4 * 86400.0);
  // A 100 % target may still end in task failure (at once): only the word "maximal" may not.
  CHECK_NOTHROW((void)Protocol::parse(
      std::vector<std::string>{"Intermittent 100% MVC 1 s on 1 s off until task failure"}));
  CHECK(contraction_mode("concentric") == ContractionMode::Concentric);
  CHECK_THROWS_AS((void)contraction_mode("plyometric"), ParameterError);
  for (const char* bad : {"Intermittent eccentric maximal 3 s on 9 s off for 0 contractions",
                          "Intermittent eccentric maximal 3 s on 9 s off for 2.5 contractions",
                          "Intermittent eccentric maximal 3 s on 9 s off until task failure",
                          "Hold at maximal until task failure", "Hold for 10 contractions",
                          "Rest for 3 contractions"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS((void)Protocol::parse(std::vector<std::string>{bad}), ProtocolError);
  }
}
