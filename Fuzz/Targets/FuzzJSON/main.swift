import FuzzSupport
import JSON

/// The JSON parser, and the writer against it: what parses is written back as JSON that parses to the same value.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = FuzzInput(data, size)
    guard let value = try? JSONValue(parsing: input.text) else { return 0 }
    let written = value.jsonString()
    let reread = try? JSONValue(parsing: written)
    fuzzCheck(reread == value, "written \(written) does not read back as \(value)")
    return 0
}

FuzzDriver.run(fuzzJSON)
