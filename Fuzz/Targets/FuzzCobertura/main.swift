import FuzzSupport
import Governance

/// The coverage gate's Cobertura XML reader: a report or a typed error naming the line, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzCobertura(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = FuzzInput(data, size)
    if let report = try? CoverageReport.parse(input.text, format: .cobertura) {
        fuzzCheck(report.percent >= 0 && report.percent <= 100, "line coverage \(report.percent)% out of range")
    }
    return 0
}

FuzzDriver.run(fuzzCobertura)
