// Endurance-time curves of the three-compartment model (Xia & Frey-Law 2008) with the
// Frey-Law, Looft & Heitsman 2012 parameters for every joint, against the Frey-Law & Avin 2010
// power-law fits ET = b0 f^b1 (general, ankle, elbow). Prints a table and writes
// endurance_curve.png (log ET vs % MVC) to the working directory.
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <myofatigue/model/registry.hpp>
#include <myofatigue/simulation/simulate.hpp>

#include "png_canvas.hpp"

namespace mf = myofatigue;

int main() {
  const std::vector<std::string> joints{"ankle", "knee", "trunk",  "shoulder",
                                        "elbow", "hand", "general"};
  const std::vector<example::Rgb> colours{{31, 119, 180}, {255, 127, 14},  {44, 160, 44},
                                          {214, 39, 40},  {148, 103, 189}, {140, 86, 75},
                                          {0, 0, 0}};
  // Frey-Law & Avin 2010, Table 2 (b0 [s], b1): tests/data/fatigue_3cc_targets.csv T051-T058.
  const std::map<std::string, std::pair<double, double>> power_law{
      {"general", {21.92, -1.98}}, {"ankle", {34.71, -2.06}}, {"elbow", {17.98, -2.21}}};

  std::vector<double> loads;
  for (int pct = 10; pct <= 95; pct += 5) loads.push_back(pct / 100.0);

  example::Canvas c(800, 560);
  const double x0 = 70, x1 = 780, y0 = 520,
               y1 = 20;  // plot box: x = %MVC 0..100, y = log10 ET 0..4
  auto px = [&](double f) { return x0 + (x1 - x0) * f; };
  auto py = [&](double et) { return y0 - (y0 - y1) * std::log10(std::max(et, 1.0)) / 4.0; };
  const example::Rgb grey{200, 200, 200}, black{0, 0, 0};
  for (int d = 0; d <= 4; ++d) {
    c.line(x0, py(std::pow(10.0, d)), x1, py(std::pow(10.0, d)), grey);
    std::string label(std::size_t(d) + 1, '0');  // 1, 10, 100, ...
    label.front() = '1';
    c.text(10, int(py(std::pow(10.0, d))) - 5, label, black);
  }
  for (int pct = 0; pct <= 100; pct += 10) {
    c.line(px(pct / 100.0), y0, px(pct / 100.0), y1, grey);
    c.text(int(px(pct / 100.0)) - 10, int(y0) + 12, std::to_string(pct) + "%", black);
  }
  c.line(x0, y0, x1, y0, black, 2);
  c.line(x0, y0, x0, y1, black, 2);

  std::printf("%-9s", "%MVC");
  for (double f : loads) std::printf("%8.0f", 100 * f);
  std::printf("\n");
  for (std::size_t j = 0; j < joints.size(); ++j) {
    const mf::Model model =
        mf::ModelBuilder()
            .add("three_compartment",
                 mf::ParameterSet::named(std::string("FreyLaw2012.").append(joints[j])))
            .build();
    std::printf("%-9s", joints[j].c_str());
    double prev_f = 0, prev_et = 0;
    for (double f : loads) {
      const double et = mf::endurance_time(model, f);
      std::printf("%8.1f", et);
      if (prev_f > 0 && std::isfinite(et) && std::isfinite(prev_et))
        c.line(px(prev_f), py(prev_et), px(f), py(et), colours[j], 3);
      prev_f = f;
      prev_et = et;
    }
    std::printf("   (3CC, FreyLaw2012.%s)\n", joints[j].c_str());
    if (auto it = power_law.find(joints[j]); it != power_law.end()) {
      const auto [b0, b1] = it->second;
      std::printf("%-9s", "  FL&A");
      for (double f : loads) std::printf("%8.1f", b0 * std::pow(f, b1));
      std::printf("   (Frey-Law & Avin 2010 power law, dashed)\n");
      for (int pct = 10; pct < 95; pct += 2)  // dashed: every other 1 % segment
        c.line(px(pct / 100.0), py(b0 * std::pow(pct / 100.0, b1)), px((pct + 1) / 100.0),
               py(b0 * std::pow((pct + 1) / 100.0, b1)), colours[j], 2);
    }
  }
  const bool ok = c.write_png("endurance_curve.png");
  std::printf(
      "\nColours: ankle blue, knee orange, trunk green, shoulder red, elbow purple, hand brown, "
      "general black; solid 3CC, dashed Frey-Law & Avin 2010. Axes: %% MVC vs log10 ET [s].\n");
  std::printf("%s endurance_curve.png\n", ok ? "wrote" : "FAILED to write");
  return ok ? 0 : 1;
}
