#pragma once
/// \file
/// \brief Closest-key suggestions for error messages ("did you mean ...").

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace myofatigue::detail {

/// \brief Levenshtein edit distance (case-insensitive).
inline std::size_t edit_distance(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min(
          {row[j] + 1, row[j - 1] + 1, diag + (lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

/// \brief Up to `count` candidates closest to key, best first.
inline std::vector<std::string> best_matches(std::string_view key,
                                             const std::vector<std::string>& candidates,
                                             std::size_t count = 3) {
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(key, c);
    // A candidate containing the key (or the reverse) is a strong hint.
    if (c.find(key) != std::string::npos || key.find(c) != std::string_view::npos) d = d / 2;
    scored.emplace_back(d, c);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (std::size_t i = 0; i < scored.size() && i < count; ++i) out.push_back(scored[i].second);
  return out;
}

/// \brief "; did you mean 'a', 'b' or 'c'?" (empty when there are no candidates).
inline std::string suggestion(std::string_view key, const std::vector<std::string>& candidates) {
  const auto m = best_matches(key, candidates);
  if (m.empty()) return "";
  std::string s = "; did you mean ";
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (i) s += (i + 1 == m.size()) ? " or " : ", ";
    s += "'" + m[i] + "'";
  }
  return s + "?";
}

}  // namespace myofatigue::detail
