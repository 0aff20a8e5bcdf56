import Config
import Model
import TestSupport
import Testing

@testable import Governance

/// What `governance validate` reads: the workspace's policy files, loaded and checked together.
@Suite("Policy load")
struct PolicyLoadTests {
    static let client = """
        policy:
          id: acme-corp
          level: client
          client: acme-corp
          gates:
            - id: no-todo
              type: validator
              phases: [development]
              validator: forbidden_pattern
              files: ["src/**/*.py"]
              pattern: PATTERN

        """

    @Test("governance validate reports an invalid regular expression at the pattern's line")
    func invalidPatternAtLoad() throws {
        let folder = try TemporaryFolder(prefix: "policy-load")
        defer { folder.remove() }
        try folder.write(Self.client.replacing("PATTERN", with: "'foo[('"), to: "governance/acme-corp.yaml")
        let load = PolicyLoader.load(workspace: folder.path, shared: nil)
        let policy = load.effectivePolicy(client: "acme-corp")
        let problem = try #require(policy.diagnostics.first { $0.diagnostic.code == DiagnosticCode.invalidRegex })
        #expect(problem.file.hasSuffix("governance/acme-corp.yaml"))
        #expect(problem.diagnostic.range.start.line == 10)
        #expect(problem.diagnostic.range.start.scalarColumn == 15)
        #expect(policy.hasErrors)
    }
}
