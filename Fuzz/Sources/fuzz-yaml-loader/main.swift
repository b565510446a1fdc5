// sealgate · fuzz target yaml-loader
import CFuzzDriver

// A closure rather than `fuzz` itself: converting the @_cdecl function to a C pointer here would emit its
// C symbol a second time in this file.
sealgate_fuzz_run(CommandLine.argc, CommandLine.unsafeArgv) { data, size in fuzz(data, size) }
