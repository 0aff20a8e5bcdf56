import Foundation
import TestSupport
import Testing

/// `orchestrator validate` on a file with 100,000 problems on one line: the capped list, one line per problem.
@Suite("validate output cap")
struct ValidateOutputCapTests {
    @Test("100,000 duplicate phases on one line print the cap, then one diagnostic counting the rest")
    func cappedText() throws {
        let folder = try TemporaryFolder(prefix: "validate-cap")
        defer { folder.remove() }
        let phases = Array(repeating: "planning", count: 100_000).joined(separator: ",")
        try folder.write(
            "project:\n  name: x\nrequirements: [\"a\"]\nphases: [\(phases),architecture,development,qa,documentation]\n",
            to: "intake.yaml")
        let outcome = try CLIRunner.run(["validate", "intake.yaml"], in: URL(fileURLWithPath: folder.path))
        #expect(outcome.status == 1)
        let headers = outcome.stdout.split(separator: "\n").filter {
            $0.hasPrefix("intake.yaml:") && !$0.contains(": note: ")
        }
        #expect(headers.count == 101)
        // 99,999 duplicates of the first `planning`, 100 shown.
        #expect(headers.last?.contains("99899 more problems in this file are not shown") == true)
        #expect(headers.last?.hasSuffix("[too-many-diagnostics]") == true)
        // The snippet is a window of the 900 KB line, not the line.
        #expect(outcome.stdout.utf8.count < 100 * 400)
    }
}
