#pragma once
// One stored field of a mergeable state: its name in a cohort file and the member that holds it.
// A state lists its fields once, and merging and reading walk that list, so that a field added
// to the list is merged and read alike (the HDF5 writer can walk it too).

#include <cstddef>
#include <tuple>
#include <vector>

namespace repop::cohort {

template <class State, class T>
struct StateField {
  const char* name;
  std::vector<T> State::*member;
};

// f(name, state.*member) for every field of `fields`, a tuple of StateField, in order.
template <class State, class Fields, class F>
void for_each_field(State& state, const Fields& fields, F&& f) {
  std::apply([&](const auto&... field) { (f(field.name, state.*(field.member)), ...); }, fields);
}

// Adds `other`'s value of every field of `fields` into `state`'s, element by element.
template <class State, class Fields>
void add_fields(State& state, const State& other, const Fields& fields) {
  std::apply(
      [&](const auto&... field) {
        auto add = [](auto& into, const auto& from) {
          for (std::size_t i = 0; i < into.size(); ++i) into[i] += from[i];
        };
        (add(state.*(field.member), other.*(field.member)), ...);
      },
      fields);
}

}  // namespace repop::cohort
