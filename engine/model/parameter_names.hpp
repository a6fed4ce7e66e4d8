#pragma once
// A model's parameter names in the order of its value vector, known at compile time, and one
// patient's values looked up by those names.
//
// Why a compile-time table: a model indexes its values by an enum (fast, checked by the compiler),
// while its declarations (model::ParameterDecl) and its hazards name parameters by string. The
// table is built from (enum, name) pairs, so the pairing is written once, next to each other, and
// `name_table` refuses at compile time a table with a slot left empty or filled twice; a model's
// test compares it with its declarations' order.

#include <array>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace repop::model {

// Names in value order.
using ParameterNames = std::span<const std::string_view>;

struct NamedIndex {
  std::size_t index;
  std::string_view name;
};

// The table whose slot `index` holds `name`, for every pair; every slot filled exactly once.
template <std::size_t N, std::size_t M>
consteval std::array<std::string_view, N> name_table(const NamedIndex (&pairs)[M]) {
  std::array<std::string_view, N> names{};
  for (const NamedIndex& p : pairs) {
    if (p.index >= N) throw "parameter index past the end of the table";
    if (!names[p.index].empty()) throw "two names for one parameter index";
    if (p.name.empty()) throw "an empty parameter name";
    names[p.index] = p.name;
  }
  for (std::string_view name : names)
    if (name.empty()) throw "a parameter index without a name";
  for (std::size_t i = 0; i < N; ++i)
    for (std::size_t j = i + 1; j < N; ++j)
      if (names[i] == names[j]) throw "one name for two parameter indices";
  return names;
}

// A table extending `first` (a model built on another keeps its parameters, same indices) with
// more pairs, whose indices continue after `first`.
template <std::size_t N, std::size_t F, std::size_t M>
consteval std::array<std::string_view, N> name_table(const std::array<std::string_view, F>& first,
                                                     const NamedIndex (&more)[M]) {
  NamedIndex all[F + M];
  for (std::size_t i = 0; i < F; ++i) all[i] = {i, first[i]};
  for (std::size_t i = 0; i < M; ++i) all[F + i] = more[i];
  return name_table<N>(all);
}

// Position of `name` in the table, or names.size().
constexpr std::size_t position_of(ParameterNames names, std::string_view name) {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return i;
  return names.size();
}

// One patient's values with their names: what a hazard reads its parameters from when the
// patient's system is built (by name, once per patient; the right-hand side then uses numbers).
class ParameterValues {
 public:
  ParameterValues(ParameterNames names, std::span<const double> values) : names_(names), values_(values) {
    if (names.size() != values.size())
      throw std::logic_error("parameter values (" + std::to_string(values.size()) + ") do not match the model's " +
                             std::to_string(names.size()) + " declared parameters");
  }

  // The value of a declared parameter; an undeclared name is an error in the model's code.
  double operator[](std::string_view name) const {
    const std::size_t i = position_of(names_, name);
    if (i == names_.size()) throw std::logic_error("no parameter named '" + std::string(name) + "' is declared");
    return values_[i];
  }

 private:
  ParameterNames names_;
  std::span<const double> values_;
};

}  // namespace repop::model
