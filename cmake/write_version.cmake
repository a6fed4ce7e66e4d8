# Writes core/version.hpp at build time (cmake -P), so the commit a program reports is the one it was
# built from, not the one the build folder was configured at. The file is replaced only when its
# text changes, so an unchanged commit rebuilds nothing. A build from a tree with uncommitted changes
# says so ("<commit>-modified"): its outputs cannot be reproduced from the commit alone.
# Inputs (-D): SOURCE_DIR, INPUT, OUTPUT, and the values version.hpp.in names.
execute_process(COMMAND git -C ${SOURCE_DIR} rev-parse --short=12 HEAD
  OUTPUT_VARIABLE REPOP_GIT_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE no_git)
if(no_git OR NOT REPOP_GIT_COMMIT)
  set(REPOP_GIT_COMMIT "unknown")
else()
  execute_process(COMMAND git -C ${SOURCE_DIR} status --porcelain --untracked-files=no
    OUTPUT_VARIABLE changes OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(changes)
    string(APPEND REPOP_GIT_COMMIT "-modified")
  endif()
endif()
configure_file(${INPUT} ${OUTPUT}.new @ONLY)
file(COPY_FILE ${OUTPUT}.new ${OUTPUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUTPUT}.new)
