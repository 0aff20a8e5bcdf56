import Config
import Model
import TestSupport
import Testing

@testable import Governance

private let universalFile = "universal.policy.yaml"
private let organizationFile = "org.policy.yaml"
private let clientFile = "acme-corp.policy.yaml"

private let universalText = """
    policy:
      id: base
      level: universal
      gates:
        - id: coverage.min
          type: metric
          phases: [qa]
          severity: warning
          metric: coverage
          operator: ">="
          threshold: 50
          report: coverage/lcov.info
        - id: artifacts.present
          type: metric
          phases: [planning, qa]
          locked: true
          metric: artifact_count
          operator: ">="
          threshold: 1

    """

private func source(_ text: String, file: String) throws -> PolicySource {
    try PolicySource.parse(text, file: file)
}

private func line(of marker: String, in marked: MarkedText) -> Int {
    SourceText(marked.text).position(atOffset: marked[marker]).line
}

private func stack(organization: String? = nil, client: String) throws -> (PolicyStack, MarkedText) {
    let marked = MarkedText(client)
    let organizations = try organization.map { [try source($0, file: organizationFile)] } ?? []
    let stack = PolicyStack(
        universal: try source(universalText, file: universalFile), organizations: organizations,
        clients: [try source(marked.text, file: clientFile)])
    return (stack, marked)
}

@Suite("Policy stack")
struct PolicyStackTests {
    @Test("the built-in universal policy is valid, locks its baseline gates and leaves suppressions a warning")
    func builtinUniversal() throws {
        let validation = ConfigValidator().validate(text: PolicyUniversal.yaml, kind: .policy)
        #expect(validation.diagnostics.isEmpty)
        let universal = try PolicyUniversal.load()
        #expect(universal.policy.level == .universal)
        #expect(
            universal.policy.gates.map(\.id) == ["artifacts.present", "secrets.private-key", "suppressions.reported"])
        #expect(universal.policy.gates.map { $0.locked == true } == [true, true, false])
        let suppressions = try #require(universal.policy.gates.last)
        #expect(suppressions.effectiveSeverity == .warning)
        #expect(suppressions.phases == [.development, .qa])
        #expect(suppressions.validator == .forbiddenPattern)
        let effective = PolicyStack(universal: universal).effectivePolicy(client: nil)
        #expect(effective.gates.count == 3)
        #expect(effective.diagnostics.isEmpty)
    }

    @Test("client overrides organization overrides universal, with provenance")
    func precedenceAndProvenance() throws {
        let organization = """
            policy:
              id: org
              level: organization
              allowed_commands: [ruff]
              gates:
                - id: coverage.min
                  type: metric
                  phases: [qa]
                  metric: coverage
                  operator: ">="
                  threshold: 70
                  report: coverage/lcov.info
                - id: lint
                  type: tool
                  phases: [development]
                  command: [ruff, check, .]

            """
        let (stack, marked) = try stack(
            organization: organization,
            client: """
                policy:
                  id: acme-corp
                  level: client
                  client: acme-corp
                  gates:
                    1️⃣- id: coverage.min
                      type: metric
                      phases: [qa]
                      metric: coverage
                      operator: ">="
                      threshold: 80
                      report: coverage/lcov.info

                """)
        let effective = stack.effectivePolicy(client: "acme-corp")
        #expect(effective.diagnostics.isEmpty)
        #expect(effective.gates.map(\.id) == ["coverage.min", "artifacts.present", "lint"])
        #expect(effective.layers.map(\.level) == [.universal, .organization, .client])
        #expect(effective.allowedCommands == ["ruff"])

        let coverage = try #require(effective["coverage.min"])
        #expect(coverage.gate.threshold == 80)
        #expect(coverage.gate.effectiveSeverity == .blocking)
        #expect(coverage.provenance.level == .client)
        #expect(coverage.provenance.policyId == "acme-corp")
        #expect(coverage.provenance.file == clientFile)
        #expect(coverage.provenance.range.start.line == line(of: "1️⃣", in: marked))
        #expect(coverage.overridden.map(\.level) == [.universal, .organization])
        #expect(coverage.overridden.map(\.file) == [universalFile, organizationFile])

        #expect(effective["lint"]?.provenance.level == .organization)
        #expect(effective["artifacts.present"]?.provenance.level == .universal)

        let withoutClient = stack.effectivePolicy(client: "other-client")
        #expect(withoutClient["coverage.min"]?.gate.threshold == 70)
        #expect(withoutClient.layers.map(\.level) == [.universal, .organization])
    }

    @Test("weakening a locked gate is a diagnostic on the offending line, and the override is ignored")
    func lockedGateWeakened() throws {
        let (stack, marked) = try stack(
            client: """
                policy:
                  id: acme-corp
                  level: client
                  client: acme-corp
                  gates:
                    - id: artifacts.present
                      type: metric
                      phases: [planning, qa]
                      metric: artifact_count
                      operator: ">="
                      1️⃣threshold: 0

                """)
        let effective = stack.effectivePolicy(client: "acme-corp")
        let found = try #require(effective.diagnostics.first)
        #expect(effective.diagnostics.count == 1)
        #expect(effective.hasErrors)
        #expect(found.file == clientFile)
        #expect(found.diagnostic.code == "locked-gate-weakened")
        #expect(found.diagnostic.severity == .error)
        #expect(found.diagnostic.range.start.line == line(of: "1️⃣", in: marked))
        #expect(found.diagnostic.range.start.offset == marked["1️⃣"])
        #expect(found.diagnostic.message.contains("'artifacts.present'"))
        #expect(found.diagnostic.message.contains("universal policy 'base'"))
        #expect(found.diagnostic.message.contains(universalFile))
        #expect(found.diagnostic.related.first?.file == universalFile)

        let gate = try #require(effective["artifacts.present"])
        #expect(gate.gate.threshold == 1)
        #expect(gate.provenance.level == .universal)
    }

    @Test(
        "each weakening of a locked gate points at its own key",
        arguments: [
            ("severity", "      1️⃣severity: warning\n", "locked-gate-weakened"),
            ("phases", "      1️⃣phases: [qa]\n", "locked-gate-weakened"),
            ("locked", "      1️⃣locked: false\n", "locked-gate-weakened"),
            ("operator", "      1️⃣operator: \"<=\"\n", "locked-gate-weakened"),
            ("new_code_only", "      1️⃣new_code_only: true\n", "locked-gate-weakened"),
            ("metric", "      1️⃣metric: token_spend\n", "locked-gate-removed"),
        ])
    func weakeningKeys(key: String, line replacement: String, code: String) throws {
        var fields = [
            "phases": "      phases: [planning, qa]\n",
            "operator": "      operator: \">=\"\n",
            "metric": "      metric: artifact_count\n",
        ]
        fields[key] = replacement
        let gate =
            "    - id: artifacts.present\n      type: metric\n" + fields["phases", default: ""]
            + fields["metric", default: ""] + fields["operator", default: ""] + "      threshold: 1\n"
            + (["severity", "locked", "new_code_only"].contains(key) ? replacement : "")
        let (stack, marked) = try stack(
            client: "policy:\n  id: acme-corp\n  level: client\n  client: acme-corp\n  gates:\n" + gate)
        let effective = stack.effectivePolicy(client: "acme-corp")
        #expect(effective.diagnostics.map(\.diagnostic.code) == [code])
        #expect(effective.diagnostics.first?.diagnostic.range.start.line == line(of: "1️⃣", in: marked))
    }

    @Test("a stricter override of a locked gate is accepted and stays locked")
    func stricterOverride() throws {
        let (stack, _) = try stack(
            client: """
                policy:
                  id: acme-corp
                  level: client
                  client: acme-corp
                  gates:
                    - id: artifacts.present
                      type: metric
                      phases: [planning, development, qa]
                      severity: blocking
                      metric: artifact_count
                      operator: ">"
                      threshold: 2

                """)
        let effective = stack.effectivePolicy(client: "acme-corp")
        #expect(effective.diagnostics.isEmpty)
        let gate = try #require(effective["artifacts.present"])
        #expect(gate.provenance.level == .client)
        #expect(gate.gate.threshold == 2)
        #expect(gate.gate.phases == [.planning, .development, .qa])
        #expect(gate.gate.locked == true)
        #expect(gate.lockedBy?.level == .universal)
    }

    @Test("replacing a locked gate by another check is refused as removal")
    func lockedGateRemoved() throws {
        let (stack, marked) = try stack(
            client: """
                policy:
                  id: acme-corp
                  level: client
                  client: acme-corp
                  gates:
                    - id: artifacts.present
                      1️⃣type: validator
                      phases: [qa]
                      validator: required_sections
                      files: ["README.md"]
                      sections: ["Overview"]

                """)
        let effective = stack.effectivePolicy(client: "acme-corp")
        #expect(effective.diagnostics.map(\.diagnostic.code) == ["locked-gate-removed"])
        #expect(effective.diagnostics.first?.diagnostic.range.start.line == line(of: "1️⃣", in: marked))
        #expect(effective["artifacts.present"]?.gate.type == .metric)
    }

    @Test("an unlocked gate may be weakened by a higher layer")
    func unlockedGateWeakened() throws {
        let (stack, _) = try stack(
            client: """
                policy:
                  id: acme-corp
                  level: client
                  client: acme-corp
                  gates:
                    - id: coverage.min
                      type: metric
                      phases: [qa]
                      severity: warning
                      metric: coverage
                      operator: ">="
                      threshold: 10
                      report: coverage/lcov.info

                """)
        let effective = stack.effectivePolicy(client: "acme-corp")
        #expect(effective.diagnostics.isEmpty)
        #expect(effective["coverage.min"]?.gate.threshold == 10)
    }

    @Test("a policy given at the wrong level is not applied")
    func levelMismatch() throws {
        let organization = """
            policy:
              id: sneaky
              level: client
              client: acme-corp
              gates: []

            """
        let stack = PolicyStack(
            universal: try source(universalText, file: universalFile),
            organizations: [try source(organization, file: organizationFile)])
        let effective = stack.effectivePolicy(client: nil)
        #expect(effective.diagnostics.map(\.diagnostic.code) == ["policy-level-mismatch"])
        #expect(effective.diagnostics.first?.diagnostic.range.start.line == 2)
        #expect(effective.layers.count == 1)
    }

    @Test(
        "threshold strictness table",
        arguments: [
            (GateConfig.Operator.greaterOrEqual, 80.0, GateConfig.Operator.greaterOrEqual, 85.0, true),
            (.greaterOrEqual, 80, .greaterOrEqual, 79, false),
            (.greaterOrEqual, 80, .greater, 80, true),
            (.greater, 80, .greaterOrEqual, 80, false),
            (.lessOrEqual, 10, .lessOrEqual, 8, true),
            (.lessOrEqual, 10, .less, 12, false),
            (.less, 10, .lessOrEqual, 9, true),
            (.greaterOrEqual, 80, .equal, 90, true),
            (.greaterOrEqual, 80, .lessOrEqual, 90, false),
        ])
    func strictness(
        old: GateConfig.Operator, oldThreshold: Double, new: GateConfig.Operator, newThreshold: Double,
        expected: Bool
    ) {
        #expect(PolicyLockedGateCheck.isAtLeastAsStrict(old, oldThreshold, new, newThreshold) == expected)
    }
}
