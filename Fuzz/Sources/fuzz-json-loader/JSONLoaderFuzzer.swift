// sealgate · fuzz target json-loader

import FuzzSupport

// Any bytes as the content of a `.json` file, with the real limits; what loads must come back unchanged
// through both emitters, as in yaml-loader.

private let loading = LoaderFuzzing(format: .json, fileExtension: "json")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    loading.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
