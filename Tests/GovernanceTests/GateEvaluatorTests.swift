import Config
import Foundation
import Model
import Testing

@testable import Governance

private let coverageGate = """
    - id: coverage.min
      type: metric
      phases: [qa]
      metric: coverage
      operator: ">="
      threshold: 80
      report: "coverage/*.info"
    """

/// 36 of 50 lines: src/a.py 4 of 10 (named absolutely), src/b.py 32 of 40 (named with `./`).
private func lowCoverage(_ root: String) -> String {
    lcovRecord("\(root)/src/a.py", found: 10, hit: 4) + lcovRecord("./src/b.py", found: 40, hit: 32)
}

private func coverageWorkspace(_ report: (String) -> String) throws -> GateWorkspace {
    let workspace = try GateWorkspace(["src/a.py": "a = 1\n", "src/b.py": "b = 2\n", "coverage/lcov.info": ""])
    try workspace.folder.write(report(workspace.path), to: "coverage/lcov.info")
    return workspace
}

@Suite("Gate evaluator: metrics and waivers")
struct GateEvaluatorTests {
    @Test("coverage below the threshold fails, naming the percentage, and each file below it is a finding")
    func coverageFails() async throws {
        let workspace = try coverageWorkspace(lowCoverage)
        defer { workspace.remove() }
        let results = await evaluateGates(try gatePolicy(gates: coverageGate), workspace.context())
        let result = try #require(results.first)
        #expect(results.count == 1)
        #expect(result.status == .failed)
        #expect(result.blocks)
        #expect(result.message == "line coverage 72.0% (36 of 50 lines) is below the threshold: >= 80 required")
        #expect(result.measured == 72.0)
        #expect(result.threshold == 80)
        #expect(result.operator == ">=")
        #expect(
            result.findings == [
                Finding(
                    gateID: "coverage.min", file: "src/a.py", range: .zero,
                    message: "line coverage of this file is 40.0% (4 of 10 lines); the gate requires >= 80",
                    severity: .blocking)
            ])
        #expect(result.waiver == nil && result.waivedFindings.isEmpty && result.expiredWaivers.isEmpty)
    }

    @Test("coverage at 85% passes without findings")
    func coveragePasses() async throws {
        let workspace = try coverageWorkspace { _ in lcovRecord("src/a.py", found: 100, hit: 85) }
        defer { workspace.remove() }
        let result = try #require(await evaluateGates(try gatePolicy(gates: coverageGate), workspace.context()).first)
        #expect(result.status == .passed)
        #expect(!result.blocks)
        #expect(result.measured == 85.0)
        #expect(result.message == "line coverage 85.0% (85 of 100 lines) meets the threshold: >= 80")
        #expect(result.findings.isEmpty)
    }

    @Test("a malformed LCOV report is an error naming the report and the line")
    func coverageMalformed() async throws {
        let workspace = try coverageWorkspace { _ in "TN:\nSF:src/a.py\nDA:one,1\nend_of_record\n" }
        defer { workspace.remove() }
        let result = try #require(await evaluateGates(try gatePolicy(gates: coverageGate), workspace.context()).first)
        #expect(result.status == .error)
        #expect(result.blocks)
        #expect(
            result.message
                == "the coverage report 'coverage/lcov.info' cannot be read: line 3: "
                + "expected 'DA:<line>,<count>', found 'DA:one,1'")
        #expect(result.measured == nil)
    }

    @Test("no file matching the report glob is an error")
    func coverageMissing() async throws {
        let workspace = try GateWorkspace(["src/a.py": "a = 1\n"])
        defer { workspace.remove() }
        let result = try #require(await evaluateGates(try gatePolicy(gates: coverageGate), workspace.context()).first)
        #expect(result.status == .error)
        #expect(result.message == "no coverage report matches 'coverage/*.info'")
    }

    @Test("new_code_only measures only changed files, and passes when none is instrumented")
    func coverageNewCode() async throws {
        let gate = coverageGate + "\n  new_code_only: true"
        let workspace = try coverageWorkspace(lowCoverage)
        defer { workspace.remove() }
        let policy = try gatePolicy(gates: gate)
        let changed = try #require(await evaluateGates(policy, workspace.context(changedFiles: ["src/b.py"])).first)
        #expect(changed.status == .passed)
        #expect(changed.measured == 80.0)
        #expect(changed.message == "line coverage of changed files 80.0% (32 of 40 lines) meets the threshold: >= 80")
        let untouched = try #require(await evaluateGates(policy, workspace.context(changedFiles: ["README.md"])).first)
        #expect(untouched.status == .passed)
        #expect(untouched.measured == nil)
        #expect(untouched.message.hasPrefix("no changed file is instrumented in the coverage report"))
        let unknown = try #require(await evaluateGates(policy, workspace.context(changedFiles: nil)).first)
        #expect(unknown.measured == 72.0)
    }

    @Test("an active waiver without paths turns a failing metric into waived")
    func activeWaiver() async throws {
        let workspace = try coverageWorkspace(lowCoverage)
        defer { workspace.remove() }
        let policy = try gatePolicy(
            gates: coverageGate,
            waivers: """
                - gate: coverage.min
                  reason: Legacy module, tests arrive in Q3.
                  approver: jane@acme.example
                  expires: 2025-06-01
                """)
        let result = try #require(await evaluateGates(policy, workspace.context()).first)
        #expect(result.status == .waived)
        #expect(!result.blocks)
        #expect(result.waiver?.approver == "jane@acme.example")
        #expect(
            result.message.hasSuffix(
                "; waived by jane@acme.example until 2025-06-01: Legacy module, tests arrive in Q3."))
        #expect(result.findings.isEmpty)
        #expect(result.waivedFindings.map(\.file) == ["src/a.py"])
        #expect(result.measured == 72.0)
    }

    @Test("an expired waiver does not apply, is reported, and the message says so")
    func expiredWaiver() async throws {
        let workspace = try coverageWorkspace(lowCoverage)
        defer { workspace.remove() }
        let policy = try gatePolicy(
            gates: coverageGate,
            waivers: """
                - gate: coverage.min
                  reason: Legacy module.
                  approver: jane@acme.example
                  expires: 2025-05-31
                """)
        let result = try #require(await evaluateGates(policy, workspace.context()).first)
        #expect(result.status == .failed)
        #expect(result.blocks)
        #expect(result.waiver == nil)
        #expect(result.expiredWaivers.map(\.expires) == ["2025-05-31"])
        #expect(
            result.message.hasSuffix("; the waiver by jane@acme.example does not apply: waiver expired on 2025-05-31"))
        #expect(result.findings.map(\.file) == ["src/a.py"])
    }

    @Test("a waiver can cover a gate that could not be evaluated")
    func waivedError() async throws {
        let workspace = try GateWorkspace(["src/a.py": "a = 1\n"])
        defer { workspace.remove() }
        let policy = try gatePolicy(
            gates: coverageGate,
            waivers: """
                - gate: coverage.min
                  reason: No coverage tooling yet.
                  approver: jane@acme.example
                  expires: 2030-01-01
                  scope:
                    phases: [qa]
                """)
        let result = try #require(await evaluateGates(policy, workspace.context()).first)
        #expect(result.status == .waived)
        #expect(result.message.hasPrefix("no coverage report matches 'coverage/*.info'; waived by jane@acme.example"))
    }

    @Test("artifact_count and token_spend compare the context's numbers", arguments: CounterCase.all)
    func counters(_ example: CounterCase) async throws {
        let gate = """
            - id: counter
              type: metric
              phases: [qa]
              metric: \(example.metric)
              operator: "\(example.comparison)"
              threshold: \(example.threshold)
            """
        let workspace = try GateWorkspace([:])
        defer { workspace.remove() }
        let context = workspace.context(artifactCount: example.artifacts, tokenSpend: example.tokens)
        let result = try #require(await evaluateGates(try gatePolicy(gates: gate), context).first)
        #expect(result.status == example.status)
        #expect(result.message == example.message)
        #expect(result.measured == Double(example.metric == "token_spend" ? Int(example.tokens) : example.artifacts))
        #expect(result.threshold == example.threshold)
        #expect(result.operator == example.comparison)
    }

    @Test("only gates listing the phase are evaluated, in policy order")
    func phases() async throws {
        let gates = """
            - id: planning.only
              type: metric
              phases: [planning]
              metric: artifact_count
              operator: ">="
              threshold: 5
            - id: qa.second
              type: metric
              phases: [qa, development]
              metric: token_spend
              operator: "<="
              threshold: 10
            - id: qa.third
              type: metric
              phases: [qa]
              metric: artifact_count
              operator: ">="
              threshold: 1
            """
        let policy = try gatePolicy(gates: gates)
        let evaluator = GateEvaluator(policy: policy)
        #expect(evaluator.gates(for: .qa).map(\.id) == ["qa.second", "qa.third"])
        #expect(evaluator.gates(for: .documentation).isEmpty)
        let workspace = try GateWorkspace([:])
        defer { workspace.remove() }
        let results = await evaluator.evaluate(workspace.context(.qa))
        #expect(results.map(\.gateID) == ["qa.second", "qa.third"])
        #expect(results.map(\.status) == [.passed, .passed])
        #expect(await evaluator.evaluate(workspace.context(.documentation)).isEmpty)
    }

    @Test("a metric gate missing a setting is an error naming the key")
    func missingSetting() async throws {
        let workspace = try GateWorkspace([:])
        defer { workspace.remove() }
        let evaluator = GateEvaluator(policy: try gatePolicy(gates: coverageGate))
        var gate = try #require(evaluator.policy.gates.first?.gate)
        gate.threshold = nil
        let result = await evaluator.evaluate(gate, in: workspace.context())
        #expect(result.status == .error)
        #expect(result.message == "the metric gate has no `threshold`")
        gate.metric = nil
        #expect(await evaluator.evaluate(gate, in: workspace.context()).message == "the metric gate has no `metric`")
    }

    @Test(
        "a result encodes with camelCase keys, reads back in either key style, and blocks only when blocking and failed or in error"
    )
    func resultCoding() throws {
        var result = GateResult(
            gateID: "g", type: .tool, severity: .warning, status: .failed, measured: 2, threshold: 1, operator: "<=",
            message: "m", skippedFiles: ["big.bin"], durationMs: 7)
        #expect(!result.blocks)
        result.severity = .blocking
        #expect(result.blocks)
        result.status = .waived
        #expect(!result.blocks)
        let data = try JSONEncoder().encode(result)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(
            Set(object.keys).isSuperset(of: [
                "gateId", "type", "severity", "status", "measured", "threshold", "operator", "message", "findings",
                "waivedFindings", "expiredWaivers", "skippedFiles", "durationMs",
            ]))
        #expect(object["status"] as? String == "waived")
        #expect(try JSONDecoder().decode(GateResult.self, from: data) == result)
        // Results stored before the protocol's switch to camelCase are still read.
        let stored = """
            {"gate_id":"g","type":"tool","severity":"blocking","status":"waived","measured":2,"threshold":1,\
            "operator":"<=","message":"m","findings":[],"waived_findings":[],"waiver":null,"expired_waivers":[],\
            "skipped_files":["big.bin"],"duration_ms":7}
            """
        #expect(try JSONDecoder().decode(GateResult.self, from: Data(stored.utf8)) == result)
    }
}

/// One comparison of a counter metric with its expected verdict.
struct CounterCase: Sendable, CustomTestStringConvertible {
    var metric: String
    var comparison: String
    var threshold: Double
    var artifacts = 1
    var tokens: Int64 = 0
    var status: GateResult.Status
    var message: String

    var testDescription: String { "\(metric) \(comparison) \(threshold): \(status.rawValue)" }

    static let all = [
        CounterCase(
            metric: "artifact_count", comparison: ">=", threshold: 1, artifacts: 0, status: .failed,
            message: "artifact count 0 is below the threshold: >= 1 required"),
        CounterCase(
            metric: "artifact_count", comparison: ">=", threshold: 1, artifacts: 3, status: .passed,
            message: "artifact count 3 meets the threshold: >= 1"),
        CounterCase(
            metric: "token_spend", comparison: "<=", threshold: 1000, tokens: 1500, status: .failed,
            message: "token spend 1500 is above the threshold: <= 1000 required"),
        CounterCase(
            metric: "token_spend", comparison: "<", threshold: 1000, tokens: 1000, status: .failed,
            message: "token spend 1000 is not below the threshold: < 1000 required"),
        CounterCase(
            metric: "token_spend", comparison: "<=", threshold: 1000.5, tokens: 1000, status: .passed,
            message: "token spend 1000 meets the threshold: <= 1000.5"),
        CounterCase(
            metric: "artifact_count", comparison: "!=", threshold: 2, artifacts: 2, status: .failed,
            message: "artifact count 2 equals the threshold: != 2 required"),
    ]
}
