// sealgate · fuzz driver

#include "CFuzzDriver.h"
#include <stdlib.h>

// Provided by libFuzzer (libclang_rt.fuzzer, linked by -sanitize=fuzzer).
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

void sealgate_fuzz_run(int argc, char **argv, int (*callback)(const uint8_t *data, size_t size)) {
    int count = argc;
    char **arguments = argv;
    exit(LLVMFuzzerRunDriver(&count, &arguments, callback));
}
