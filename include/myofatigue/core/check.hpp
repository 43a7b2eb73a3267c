#pragma once
/// \file
/// \brief Input checks that throw ParameterError (never abort) with field, value and range.

#include <cmath>
#include <sstream>
#include <string>

#include "myofatigue/core/error.hpp"

namespace myofatigue::detail {

inline std::string format_value(double v) {
  std::ostringstream os;
  os.precision(17);
  os << v;
  return os.str();
}

/// \brief Throws ParameterError unless lo <= value <= hi (and value is finite unless allowed).
/// \param field name reported to the user; \param unit appended to the value when non-empty.
inline void check_range(const std::string& field,
                        double value,
                        double lo,
                        double hi,
                        const std::string& unit = "",
                        bool lo_open = false,
                        bool hi_open = false) {
  const bool ok = !std::isnan(value) && (lo_open ? value > lo : value >= lo) &&
                  (hi_open ? value < hi : value <= hi);
  if (ok) return;
  const std::string u = unit.empty() ? "" : " " + unit;
  throw ParameterError(field, "value " + format_value(value) + u +
                                  " is outside the allowed range " + (lo_open ? "(" : "[") +
                                  format_value(lo) + ", " + format_value(hi) +
                                  (hi_open ? ")" : "]") + u);
}

}  // namespace myofatigue::detail
