import FuzzSupport
import Governance

/// The coverage gate's LCOV reader: a report or a typed error naming the line, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzLCOV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = FuzzInput(data, size)
    if let report = try? CoverageReport.parse(input.text, format: .lcov) {
        fuzzCheck(report.percent >= 0 && report.percent <= 100, "line coverage \(report.percent)% out of range")
    }
    _ = try? CoverageReport.parse(input.text)
    return 0
}

FuzzDriver.run(fuzzLCOV)
