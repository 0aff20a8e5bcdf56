import Config
import Editor
import Foundation
import Governance
import Model
import Testing

@testable import Server

@Suite("Governance diagnostics on policy documents")
struct PolicyDocumentDiagnosticsTests {
    static let clientPolicy = """
        policy:
          id: acme-corp
          level: client
          client: acme-corp
          gates:
            - id: artifacts.present
              type: metric
              phases: [planning, architecture, data, development, qa, documentation]
              severity: blocking
              metric: artifact_count
              operator: ">="
              threshold: 0
            - id: api-docs.sections
              type: validator
              phases: [documentation]
              severity: warning
              validator: required_sections
              files: ["docs/api/**/*.md"]
              sections: ["Authentication", "Endpoints"]

        """

    static let organizationPolicy = """
        policy:
          id: acme-org
          level: organization
          gates:
            - id: api-docs.sections
              type: validator
              phases: [documentation]
              severity: blocking
              locked: true
              validator: required_sections
              files: ["docs/api/**/*.md"]
              sections: ["Authentication", "Endpoints"]

        """

    /// The range of the line of `text` that starts (after indentation) with `prefix`, without its indentation.
    static func line(startingWith prefix: String, in text: String) throws -> (line: Int, column: Int, end: Int) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let index = try #require(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix(prefix) })
        let content = lines[index]
        let indent = content.prefix { $0 == " " }.count
        return (index, indent, content.count)
    }

    @Test("a client policy lowering a locked universal gate's threshold gets locked-gate-weakened on that line")
    func lockedUniversalGate() async throws {
        let workspace = try await GateWorkspace.make()
        defer { workspace.remove() }
        try workspace.write(Self.clientPolicy, to: "governance/acme-corp.yaml")
        let uri = FileURI.from(path: workspace.root + "/governance/acme-corp.yaml")
        let session = ServerSession()
        // The editor's buffer is judged, not the file: it is first opened with the file's text, then edited.
        let document = await session.open(uri: uri, version: 1, text: Self.clientPolicy, validator: ConfigValidator())
        let weakened = document.publishableDiagnostics.filter { $0.code == PolicyLockedGateCheck.weakenedCode }
        #expect(weakened.count == 1)
        let diagnostic = try #require(weakened.first)
        let threshold = try Self.line(startingWith: "threshold: 0", in: Self.clientPolicy)
        #expect(diagnostic.range.start.line == threshold.line)
        #expect(diagnostic.range.start.utf16Column == threshold.column)
        #expect(diagnostic.range.end.line == threshold.line && diagnostic.range.end.utf16Column == threshold.end)
        #expect(diagnostic.severity == .error && diagnostic.source == "orchestrator")
        #expect(diagnostic.message.contains("<builtin:universal.policy.yaml>"))

        // Related in the built-in policy: no URI a client could open, so it is left out (the message names it).
        let published = LSPDiagnostic(
            published: diagnostic, uri: uri, path: workspace.root + "/governance/acme-corp.yaml", encoding: .utf16)
        #expect(published.relatedInformation == nil)
        #expect(published.range.start.line == threshold.line)

        // Raising it to the locked value clears it, without saving.
        let fixed = Self.clientPolicy.replacingOccurrences(of: "threshold: 0", with: "threshold: 1")
        let changed = try #require(
            await session.change(
                uri: uri, version: 2, changes: [TextChange(replacingAllWith: fixed)], validator: ConfigValidator()))
        #expect(changed.publishableDiagnostics.isEmpty)
    }

    @Test("a gate locked by an organization policy in another file points there with that file's URI")
    func lockedOrganizationGate() async throws {
        let workspace = try await GateWorkspace.make()
        defer { workspace.remove() }
        try workspace.write(Self.organizationPolicy, to: "governance/acme-org.yaml")
        try workspace.write(Self.clientPolicy, to: "governance/acme-corp.yaml")
        let path = workspace.root + "/governance/acme-corp.yaml"
        let uri = FileURI.from(path: path)
        let document = await ServerSession().open(
            uri: uri, version: 1, text: Self.clientPolicy, validator: ConfigValidator())
        let severity = try #require(
            document.publishableDiagnostics.first { $0.range.start.line > 12 && $0.code == "locked-gate-weakened" })
        let line = try Self.line(startingWith: "severity: warning", in: Self.clientPolicy)
        #expect(severity.range.start.line == line.line)
        let related = try #require(
            LSPDiagnostic(published: severity, uri: uri, path: path, encoding: .utf16).relatedInformation?.first)
        #expect(related.location.uri == FileURI.from(path: workspace.root + "/governance/acme-org.yaml"))
        #expect(related.location.range.start.line == 4, "the locked gate's mapping in the organization policy")
    }

    @Test("schema errors are reported once, and a policy outside a governance folder gets only validation")
    func noDuplicates() async throws {
        let workspace = try await GateWorkspace.make()
        defer { workspace.remove() }
        let broken = Self.clientPolicy.replacingOccurrences(of: "  client: acme-corp\n", with: "  clinet: acme-corp\n")
        try workspace.write(broken, to: "governance/acme-corp.yaml")
        try workspace.write(Self.clientPolicy, to: "elsewhere/acme-corp.yaml")
        let session = ServerSession()
        let inGovernance = await session.open(
            uri: FileURI.from(path: workspace.root + "/governance/acme-corp.yaml"), version: 1, text: broken,
            validator: ConfigValidator())
        let codes = inGovernance.publishableDiagnostics.map(\.code)
        #expect(codes.contains("unknown-key"))
        #expect(Set(codes).count == codes.count, "no diagnostic twice: \(codes)")
        let elsewhere = await session.open(
            uri: FileURI.from(path: workspace.root + "/elsewhere/acme-corp.yaml"), version: 1,
            text: Self.clientPolicy, validator: ConfigValidator())
        #expect(elsewhere.publishableDiagnostics.isEmpty)
    }

    @Test(
        "the workspace of a policy file is the parent of its governance folder",
        arguments: [
            ("/w/governance/a.yaml", "/w"), ("/w/x/governance/b.yml", "/w/x"), ("/w/policies/a.yaml", nil),
            ("/governance/a.yaml", nil),
        ] as [(String, String?)])
    func workspace(path: String, expected: String?) {
        #expect(PolicyDocumentDiagnostics.workspace(of: path) == expected)
    }
}
