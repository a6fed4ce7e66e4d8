#pragma once
// Where the outputs of one command may go, decided before the command does any work. Every output
// is replaced by renaming a finished temporary file over its path (atomic_output.hpp), which would
// silently destroy whatever is there. So an output must not be
//  - one of the command's own inputs: the same file (device and inode) when the output exists, so
//    that `x`, `./x`, `dir/../x` and a hard link are all caught, else the same normalised path;
//  - another output of the same command (the same normalised path);
//  - an existing file that is not a regular file: a folder, character or block device (`-o
//    /dev/null` as root would replace the device node), FIFO or socket; nor a symbolic link, which
//    the rename would replace rather than write through (the link's target is named instead);
// and its folder must exist and be writable.

#include <string>
#include <vector>

namespace repop::io {

struct PlacementProblem {
  std::string path;     // the output concerned
  std::string message;  // e.g. "cannot be written: it is the scenario (s.yaml), which this command reads"
};

class OutputPlan {
 public:
  // A file the command reads; `role` names it in messages, e.g. "the scenario". Empty paths are ignored.
  OutputPlan& reads(const std::string& path, const std::string& role);
  // A file the command writes; `role` says where its name came from, e.g. "-o" or "--csv". Empty
  // paths (an output not asked for) are ignored.
  OutputPlan& writes(const std::string& path, const std::string& role);

  // At most one problem per output, in the order the outputs were given; empty when all is well.
  std::vector<PlacementProblem> problems() const;

 private:
  struct File {
    std::string path, role;
  };
  std::vector<File> inputs_, outputs_;
};

}  // namespace repop::io
