import FuzzSupport
import LintOutput

/// The linter and tool-gate output readers: SARIF 2.1.0 and `path:line:col: message` lines.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzSARIF(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = FuzzInput(data, size)
    let text = input.text
    if let findings = try? SARIFParser.findings(inJSON: text) {
        for finding in findings { _ = finding.json }
    }
    for finding in LintLineParser.findings(in: text) {
        fuzzCheck(finding.line >= 1, "a finding at line \(finding.line)")
    }
    return 0
}

FuzzDriver.run(fuzzSARIF)
