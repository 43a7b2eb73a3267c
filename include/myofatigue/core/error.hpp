#pragma once
/// \file
/// \brief Exception hierarchy. Every error raised on user input derives from myofatigue::Error;
/// the Python bindings map ParameterError, ProtocolError and ModelError to ValueError subclasses.

#include <stdexcept>
#include <string>

namespace myofatigue {

/// \brief Base class of every exception myofatigue throws on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// \brief An argument, option or parameter is outside its allowed range.
/// The message names the field, the value, its unit and the allowed range.
class ParameterError : public Error {
 public:
  /// \param field  name of the offending argument or option, e.g. "rtol"
  /// \param detail what is wrong and what is allowed, e.g. "= -1 is not in (0, 1)"
  ParameterError(const std::string& field, const std::string& detail)
      : Error(field + ": " + detail), field_(field) {}
  /// \brief Name of the offending field.
  const std::string& field() const noexcept { return field_; }

 private:
  std::string field_;
};

/// \brief A protocol string or step is malformed.
class ProtocolError : public Error {
 public:
  using Error::Error;
};

/// \brief A model cannot be assembled (missing signal producer, unknown channel...).
class ModelError : public Error {
 public:
  using Error::Error;
};

}  // namespace myofatigue
