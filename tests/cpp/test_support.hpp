#pragma once
// Shared helpers for the C++ tests: reference data from tests/data (copied from the published
// sources listed in tests/data/README.md) and accuracy measures.

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "myofatigue/core/types.hpp"

namespace myofatigue::test {

/// Reference end values of the Test Set for IVP Solvers, keyed by problem name
/// ("ROBER", "HIRES", "VDPOL_eps1e-6", "VDPOLM_mu1000").
inline std::map<std::string, Vector> stiff_reference() {
  std::ifstream in(std::string(MYOFATIGUE_TEST_DATA_DIR) + "/stiff_testset.csv");
  if (!in) throw std::runtime_error("cannot open tests/data/stiff_testset.csv");
  std::map<std::string, std::vector<double>> values;
  std::string line;
  std::getline(in, line);  // header: problem,t_end,component,value,source
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string problem, t_end, component, value;
    std::getline(ss, problem, ',');
    std::getline(ss, t_end, ',');
    std::getline(ss, component, ',');
    std::getline(ss, value, ',');
    values[problem].push_back(std::stod(value));
  }
  std::map<std::string, Vector> out;
  for (auto& [k, v] : values) out[k] = Eigen::Map<Vector>(v.data(), Index(v.size()));
  return out;
}

/// Significant correct digits: -log10 of the max componentwise relative error, with the
/// absolute floor 1e-10 for tiny reference components (as the test set's own measure).
inline double correct_digits(const Vector& y, const Vector& ref) {
  double worst = 0.0;
  for (Index i = 0; i < ref.size(); ++i)
    worst = std::max(worst, std::abs(y[i] - ref[i]) / std::max(std::abs(ref[i]), 1e-10));
  return -std::log10(std::max(worst, 1e-300));
}

}  // namespace myofatigue::test
