#pragma once
// The temporary files of outputs not yet complete, known to a signal handler that has to end the
// process at once (a second Ctrl-C) and must not leave them behind. Registering and unregistering
// are lock-free; removing every registered file is async-signal-safe (unlink only), and safe while
// other threads register and unregister.

namespace repop::io {

// Registers `path` (copied) until unregister_temporary_file(path). Throws std::length_error for a
// path longer than the registry keeps, or when too many are registered at once, and
// std::logic_error when `path` is already registered (two outputs of one process at one path).
void register_temporary_file(const char* path);
void unregister_temporary_file(const char* path) noexcept;

// Unlinks every registered file; async-signal-safe. For a handler that calls _exit() next.
void remove_temporary_files() noexcept;

}  // namespace repop::io
