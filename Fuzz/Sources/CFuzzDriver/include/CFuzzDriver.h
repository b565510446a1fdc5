// sealgate · fuzz driver
#ifndef SEALGATE_CFUZZDRIVER_H
#define SEALGATE_CFUZZDRIVER_H

#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer with the process's arguments and the target's callback, then exits with its status.
///
/// SwiftPM renames an executable's entry point (so tests can link executables), which hides libFuzzer's
/// own `main`; each target's main.swift calls this instead, which is libFuzzer's documented way in
/// (`LLVMFuzzerRunDriver`).
_Noreturn void sealgate_fuzz_run(int argc, char **argv, int (*callback)(const uint8_t *data, size_t size));

#endif
