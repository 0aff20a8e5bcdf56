import Config
import FuzzSupport
import Model

/// The YAML reader and the validator: whatever the bytes, validation ends with diagnostics, never a crash or a hang.
/// The kind is detected from the document, then each input is also validated as the kind its first byte picks, so
/// every schema and its rules are reached whatever the top-level key.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzYAML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = FuzzInput(data, size)
    let validator = ConfigValidator()
    _ = validator.validate(input.bytes)
    let kinds = ConfigKind.allCases
    _ = validator.validate(input.bytes, kind: kinds[Int(input.bytes.first ?? 0) % kinds.count])
    _ = YAMLParser.parse(input.bytes, limits: validator.limits)
    return 0
}

FuzzDriver.run(fuzzYAML)
