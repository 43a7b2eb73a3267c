#pragma once
/// \file
/// \brief Exception hierarchy. Every error raised on user input derives from myofatigue::Error;
/// the Python bindings map ParameterError, ProtocolError and ModelError to ValueError subclasses.

#include <stdexcept>
#include <string>
#include <utility>

namespace myofatigue {

/// \brief Base class of every exception myofatigue throws on purpose.
class Error : public std::runtime_error {
 public:
  /// \param message what is wrong, with the offending value and what is allowed
  /// \param field   what the error is about: the argument, option or parameter key, the
  ///                protocol step ("steps[2]") or the component; empty when nothing narrower fits
  explicit Error(const std::string& message, std::string field = {})
      : std::runtime_error(message), field_(std::move(field)) {}
  /// \brief The argument, parameter key, protocol step or component the error is about.
  const std::string& field() const noexcept { return field_; }

 private:
  std::string field_;
};

/// \brief An argument, option or parameter is outside its allowed range.
/// The message names the field, the value, its unit and the allowed range.
class ParameterError : public Error {
 public:
  /// \param field  name of the offending argument or option, e.g. "rtol"
  /// \param detail what is wrong and what is allowed, e.g. "= -1 is not in (0, 1)"
  ParameterError(const std::string& field, const std::string& detail)
      : Error(field + ": " + detail, field) {}
};

/// \brief A protocol string or step is malformed, or the protocol exceeds a work limit
/// (docs/protocols.md, "Limits"). field() is the step ("steps[2]") or the option concerned.
class ProtocolError : public Error {
 public:
  using Error::Error;
};

/// \brief A model cannot be assembled (missing signal producer, unknown channel...).
/// field() is the component or signal concerned.
class ModelError : public Error {
 public:
  using Error::Error;
};

}  // namespace myofatigue
