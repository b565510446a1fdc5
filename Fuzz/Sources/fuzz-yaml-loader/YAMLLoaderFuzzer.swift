// sealgate · fuzz target yaml-loader

import FuzzSupport

// Any bytes as the content of a `.yaml` file, through the reader the CLI uses, with the real limits.
// Beyond "never crash": whatever loads must come back unchanged through both emitters (the YAML emitter
// promises its output reads back as the same tree; JSON holds every tree without NaN or infinity).

private let loading = LoaderFuzzing(format: .yaml, fileExtension: "yaml")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    loading.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
