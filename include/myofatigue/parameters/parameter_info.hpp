#pragma once
/// \file
/// \brief Parameter metadata: key, unit, allowed and plausible ranges, default, source.

#include <cmath>
#include <limits>
#include <string>
#include <string_view>

#include "myofatigue/core/check.hpp"

namespace myofatigue {

/// \brief A closed interval [lo, hi] (infinite ends allowed).
struct Range {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool contains(double v) const noexcept { return !std::isnan(v) && v >= lo && v <= hi; }
};

/// \brief One model parameter. `key` is the paper's symbol; the full key is "prefix.key".
struct ParameterInfo {
  std::string_view key;          ///< symbol as in the source paper, e.g. "F"
  std::string_view unit;         ///< SI unit or "1" for dimensionless, e.g. "1/s"
  std::string_view description;  ///< what it is
  double default_value;          ///< default (from `source`)
  Range allowed;                 ///< values outside raise ParameterError
  Range plausible;               ///< physiologically plausible range (sweep range)
  std::string_view source;       ///< citation key in docs/references.bib

  /// \brief Throws ParameterError naming full_key, value, unit and the allowed range.
  void check(const std::string& full_key, double value) const {
    detail::check_range(full_key, value, allowed.lo, allowed.hi, std::string(unit));
  }
};

}  // namespace myofatigue
