#include "io/temporary_files.hpp"

#include <unistd.h>

#include <array>
#include <atomic>
#include <cstring>
#include <stdexcept>
#include <string>

namespace repop::io {

namespace {

// A slot is free, being filled, holding a path, or taken by the signal handler, which unlinks it
// and then ends the process: once taken, a slot is never written again, so the handler never
// reads a path that changes under it, whichever thread it runs on.
enum SlotState : int { free_slot, filling, holding, taken_by_handler };

struct Slot {
  std::atomic<int> state{free_slot};
  char path[4096] = {};
};
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs lock-free atomics");

// Far more than any command has at once (calibrate: three outputs).
std::array<Slot, 16> slots;

}  // namespace

void register_temporary_file(const char* path) {
  const std::size_t length = std::strlen(path);
  if (length >= sizeof(Slot::path)) throw std::length_error(std::string("temporary file name too long: ") + path);
  for (Slot& slot : slots)
    if (slot.state.load() == holding && std::strcmp(slot.path, path) == 0)
      throw std::logic_error(std::string("two outputs of one command write ") + path);
  for (Slot& slot : slots) {
    int expected = free_slot;
    if (!slot.state.compare_exchange_strong(expected, filling)) continue;
    std::memcpy(slot.path, path, length + 1);
    slot.state.store(holding);
    return;
  }
  throw std::length_error("too many temporary files at once");
}

void unregister_temporary_file(const char* path) noexcept {
  for (Slot& slot : slots) {
    if (slot.state.load() != holding || std::strcmp(slot.path, path) != 0) continue;
    int expected = holding;
    slot.state.compare_exchange_strong(expected, free_slot);  // fails only when the handler took it
    return;
  }
}

void remove_temporary_files() noexcept {
  for (Slot& slot : slots) {
    int expected = holding;
    if (slot.state.compare_exchange_strong(expected, taken_by_handler)) ::unlink(slot.path);
  }
}

}  // namespace repop::io
