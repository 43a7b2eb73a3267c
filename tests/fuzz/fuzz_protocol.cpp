// libFuzzer target: protocol strings and parameter assignments from arbitrary bytes.
// Lines "key=value" are parameter overrides (loaded through ParameterSet / Model::with_parameters
// and ParameterSet::named for "set=<name>"); every other line is a protocol step. Every input
// must either be accepted or rejected with a myofatigue::Error: no crash, no other exception,
// no sanitizer report. Accepted protocols of bounded length are also simulated.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "myofatigue/model/registry.hpp"
#include "myofatigue/simulation/simulate.hpp"

using namespace myofatigue;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> steps;
  ParameterSet::Map overrides;
  std::string set_name;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    if (const auto eq = line.find('='); eq != std::string::npos) {
      const std::string key = line.substr(0, eq), value = line.substr(eq + 1);
      if (key == "set") {
        set_name = value;
        continue;
      }
      try {
        overrides[key] = std::stod(value);
      } catch (const std::exception&) {
        // not a number: ignore, like a malformed config line
      }
    } else if (!line.empty()) {
      steps.push_back(line);
    }
  }
  try {
    ModelBuilder builder;
    if (!set_name.empty()) builder.add("three_compartment", ParameterSet::named(set_name));
    else builder.add("three_compartment");
    const Model model = builder.build().with_parameters(ParameterSet("fuzz", overrides));
    const Protocol protocol = Protocol::parse(steps);
    // Simulate only protocols that are short enough to keep the fuzzer fast: bounded time,
    // bounded number of restarts (intermittent phases, stimulation pulses).
    double total = 0.0, restarts = 0.0;
    for (const auto& s : protocol.steps()) {
      const double d = s.duration_s.value_or(s.until_task_failure ? 1e9 : 0.0);
      total += d;
      if (const auto* i = std::get_if<Intermittent>(&s.task))
        restarts += d / std::min(i->on_s, i->off_s);
      if (const auto* st = std::get_if<Stimulate>(&s.task)) restarts += d * st->frequency_hz;
    }
    if (total <= 600.0 && restarts <= 2000.0 && protocol.steps().size() <= 8) {
      SimulationOptions o;
      o.solver.max_steps = 20000;
      (void)simulate(model, protocol, o);
    }
  } catch (const Error&) {
    // typed rejection: expected
  }
  return 0;
}
