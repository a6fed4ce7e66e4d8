#pragma once
// What the engine prints while the Python module runs it: its headlines, "wrote" lines and warnings
// go to file descriptors 1 and 2, which a notebook never shows. While one of these lives, both are
// redirected into an unnamed temporary file; text() restores them and returns what was printed, for
// the result object to keep (Result.log) and show.

#include <string>

namespace repop::python {

class CapturedOutput {
 public:
  CapturedOutput();   // flushes stdout and stderr, then redirects descriptors 1 and 2
  ~CapturedOutput();  // restores them, if text() has not
  CapturedOutput(const CapturedOutput&) = delete;
  CapturedOutput& operator=(const CapturedOutput&) = delete;

  // Restores descriptors 1 and 2 and returns everything written to them meanwhile.
  std::string text();

 private:
  void restore();
  int saved_out_ = -1;
  int saved_err_ = -1;
  int capture_ = -1;
};

}  // namespace repop::python
