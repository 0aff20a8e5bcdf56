import Config
import Foundation
import Model
import Testing

@testable import Governance

private let sectionsGate = """
    - id: api-docs.sections
      type: validator
      phases: [qa]
      validator: required_sections
      files: ["docs/api/**/*.md"]
      sections: [Authentication]
    """

/// A validator gate whose globs match no file has nothing to judge: that is not a pass, and a policy may require files.
@Suite("Gate evaluator: files a validator gate needs")
struct GateFileCountTests {
    @Test("a validator gate that matches no file is not applicable, distinct from a pass, and does not block")
    func noMatchingFileIsNotApplicable() async throws {
        let workspace = try GateWorkspace(["README.md": "# Readme\n"])
        defer { workspace.remove() }
        let result = try #require(await evaluateGates(try gatePolicy(gates: sectionsGate), workspace.context()).first)
        #expect(result.status == .notApplicable)
        #expect(result.message == "not applicable: no file matches docs/api/**/*.md")
        #expect(!result.blocks)
        #expect(result.findings.isEmpty)
    }

    @Test("min_files fails a gate whose globs match fewer files, with a finding saying how many")
    func minFilesRequiresFiles() async throws {
        let workspace = try GateWorkspace(["docs/api/orders.md": "# Authentication\n"])
        defer { workspace.remove() }
        let policy = try gatePolicy(gates: sectionsGate + "\n  min_files: 2")
        let result = try #require(await evaluateGates(policy, workspace.context()).first)
        #expect(result.status == .failed)
        #expect(result.blocks)
        #expect(result.measured == 1 && result.threshold == 2 && result.operator == ">=")
        #expect(result.findings.map(\.message) == ["needs at least 2 files matching docs/api/**/*.md; found 1"])
        #expect(result.findings.first?.file == nil)
    }

    @Test("min_files met: the gate judges the files as before")
    func minFilesMet() async throws {
        let workspace = try GateWorkspace(["docs/api/orders.md": "# Authentication\n"])
        defer { workspace.remove() }
        let policy = try gatePolicy(gates: sectionsGate + "\n  min_files: 1")
        let result = try #require(await evaluateGates(policy, workspace.context()).first)
        #expect(result.status == .passed)
        #expect(result.message == "no findings in 1 file")
    }

    @Test("with new_code_only, min_files counts every matching file; none changed is not applicable")
    func minFilesWithNewCodeOnly() async throws {
        let workspace = try GateWorkspace(["docs/api/orders.md": "# Authentication\n"])
        defer { workspace.remove() }
        let policy = try gatePolicy(gates: sectionsGate + "\n  min_files: 1\n  new_code_only: true")
        let result = try #require(await evaluateGates(policy, workspace.context(changedFiles: [])).first)
        #expect(result.status == .notApplicable)
        #expect(
            result.message == "not applicable: no file matching docs/api/**/*.md changed since the previous checkpoint")
    }

    @Test("a locked gate's min_files may not be lowered by a higher layer")
    func lockedMinFiles() throws {
        let violations = PolicyLockedGateCheck.violations(
            locked: try docsGate(minFiles: 2), override: try docsGate(minFiles: 1))
        #expect(violations.map(\.key) == ["min_files"])
        #expect(
            PolicyLockedGateCheck.violations(locked: try docsGate(minFiles: 2), override: try docsGate(minFiles: 3))
                .isEmpty)
    }

    /// A `required_sections` gate over `docs/**/*.md` needing `minFiles` files.
    private func docsGate(minFiles: Int) throws -> GateConfig {
        let json = """
            {"id": "docs", "type": "validator", "phases": ["documentation"], "validator": "required_sections",
             "files": ["docs/**/*.md"], "sections": ["Usage"], "min_files": \(minFiles)}
            """
        return try JSONDecoder().decode(GateConfig.self, from: Data(json.utf8))
    }
}
