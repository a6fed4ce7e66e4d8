#include "cli/python_script.hpp"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "cli/installed_data.hpp"
#include "core/error.hpp"

extern char** environ;

namespace repop::cli {

namespace {

// Debian's interpreter, which has python3-numpy, -h5py and -matplotlib; another python3 on PATH
// usually lacks them. REPOP_PYTHON overrides it (tests use it to check the error path).
std::string python_interpreter() {
  const char* p = std::getenv("REPOP_PYTHON");
  return p && *p ? std::string(p) : std::string("/usr/bin/python3");
}

// Spawn attributes that start the script with Ctrl-C (SIGINT) blocked. The script unblocks it as
// soon as it can stop with one line (scripts/script_failure.py); a Ctrl-C while the interpreter
// starts stays pending until then instead of ending it with a Python traceback.
class CtrlCBlockedAtStart {
 public:
  CtrlCBlockedAtStart() {
    ::posix_spawnattr_init(&attributes_);
    sigset_t mask;
    ::pthread_sigmask(SIG_SETMASK, nullptr, &mask);
    ::sigaddset(&mask, SIGINT);
    ::posix_spawnattr_setsigmask(&attributes_, &mask);
    ::posix_spawnattr_setflags(&attributes_, POSIX_SPAWN_SETSIGMASK);
  }
  ~CtrlCBlockedAtStart() { ::posix_spawnattr_destroy(&attributes_); }
  CtrlCBlockedAtStart(const CtrlCBlockedAtStart&) = delete;
  CtrlCBlockedAtStart& operator=(const CtrlCBlockedAtStart&) = delete;
  const posix_spawnattr_t* get() const { return &attributes_; }

 private:
  posix_spawnattr_t attributes_;
};

}  // namespace

int run_script(const std::string& script_name, const std::vector<std::string>& script_arguments) {
  std::error_code ec;
  const std::string python = python_interpreter();
  if (::access(python.c_str(), X_OK) != 0) {
    throw core::Unavailable(python, "not found or not executable: the figures are drawn by Python 3 with NumPy, h5py "
                                    "and matplotlib (Debian: scripts/setup, or apt-get install python3-numpy "
                                    "python3-h5py python3-matplotlib python3-yaml)");
  }
  const std::string script = installed_data_file("scripts/" + script_name).string();
  if (!std::filesystem::is_regular_file(script, ec)) {
    throw core::Unavailable(script_name, "not found in " + installed_data_locations("scripts/" + script_name) +
                                            ": rebuild repop, or install it with cmake --install");
  }

  std::vector<std::string> arguments = {python, script};
  arguments.insert(arguments.end(), script_arguments.begin(), script_arguments.end());
  std::vector<char*> argv;
  for (auto& a : arguments) argv.push_back(a.data());
  argv.push_back(nullptr);
  // The script may run this program itself (teaching_figure.py solves a cohort patient again, daily
  // around its courses); this is the program, wherever it was installed.
  if (const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec); !ec)
    ::setenv("REPOP_PROGRAM", self.c_str(), 1);
  std::fflush(nullptr);  // what this process printed comes before what the script prints
  pid_t pid = 0;
  const CtrlCBlockedAtStart attributes;
  if (const int error = ::posix_spawn(&pid, python.c_str(), nullptr, attributes.get(), argv.data(), environ);
      error != 0) {
    throw core::Unavailable(python, std::string("cannot be started: ") + std::strerror(error));
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw core::InternalError(script_name, std::string("lost track of the script: ") + std::strerror(errno));
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);  // as a shell reports it
  throw core::InternalError(script_name, "ended neither by exiting nor by a signal");
}

}  // namespace repop::cli
