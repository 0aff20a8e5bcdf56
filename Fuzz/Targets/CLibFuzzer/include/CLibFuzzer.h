#ifndef ORCHESTRATOR_CLIBFUZZER_H
#define ORCHESTRATOR_CLIBFUZZER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt, linked by -sanitize=fuzzer): runs the fuzzing loop over `callback` with the
/// command line's options and corpora. A SwiftPM executable's `main` is its own top-level code, so the fuzz targets
/// call this instead of relying on libFuzzer's `main`.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
