import Config
import Foundation
import Model
import Testing

@testable import Governance

private let licenseGate = """
    - id: license-header
      type: validator
      phases: [qa]
      validator: license_header
      files: ["src/**/*.py"]
      pattern: '^# Copyright'
    """

private let branchy = """
    def simple():
        return 1


    def branchy(x):
        if x > 1:
            return 1
        elif x > 2:
            return 2
        for i in range(x):
            if i and x:
                return 3
        return 0

    """

@Suite("Gate evaluator: validators and complexity")
struct GateValidatorTests {
    @Test("license_header missing in one of two files is one finding on that file's first line")
    func licenseHeader() async throws {
        let workspace = try GateWorkspace([
            "src/app.py": "# Copyright 2025 Acme\nprint('hi')\n", "src/tool.py": "print('hi')\n",
            "docs/readme.md": "no header\n",
        ])
        defer { workspace.remove() }
        let result = try #require(await evaluateGates(try gatePolicy(gates: licenseGate), workspace.context()).first)
        #expect(result.status == .failed)
        #expect(result.message == "1 finding in 1 of 2 files")
        #expect(result.measured == 1)
        #expect(result.findings.map(\.file) == ["src/tool.py"])
        #expect(
            result.findings.first?.range
                == SourceRange(
                    start: SourcePosition(line: 0, column: 0, offset: 0),
                    end: SourcePosition(line: 0, column: 11, offset: 11)))
    }

    @Test("with new_code_only a validator reads only the files changed since the previous checkpoint")
    func newCodeOnly() async throws {
        let workspace = try GateWorkspace(["src/old.py": "print(1)\n", "src/new.py": "print(2)\n"])
        defer { workspace.remove() }
        let policy = try gatePolicy(gates: licenseGate + "\n  new_code_only: true")
        let changed = try #require(
            await evaluateGates(policy, workspace.context(changedFiles: ["src/new.py"])).first)
        #expect(changed.findings.map(\.file) == ["src/new.py"])
        #expect(changed.message == "1 finding in 1 of 1 file changed since the previous checkpoint")
        // Without a previous checkpoint every file is new.
        let first = try #require(await evaluateGates(policy, workspace.context(changedFiles: nil)).first)
        #expect(first.findings.map(\.file) == ["src/new.py", "src/old.py"])
    }

    @Test("a path-scoped waiver waives the findings in its paths; the rest still fail")
    func partialWaiver() async throws {
        let workspace = try GateWorkspace(["src/app.py": "print(1)\n", "src/vendor/lib.py": "print(2)\n"])
        defer { workspace.remove() }
        let waiver = """
            - gate: license-header
              reason: Vendored code keeps its upstream header.
              approver: lee@acme.example
              expires: 2025-12-31
              scope:
                paths: ["src/vendor/**"]
            """
        let policy = try gatePolicy(gates: licenseGate, waivers: waiver)
        let result = try #require(await evaluateGates(policy, workspace.context()).first)
        #expect(result.status == .failed)
        #expect(result.findings.map(\.file) == ["src/app.py"])
        #expect(result.waivedFindings.map(\.file) == ["src/vendor/lib.py"])
        #expect(result.waiver?.approver == "lee@acme.example")
        #expect(
            result.message
                == "2 findings in 2 of 2 files; 1 of 2 findings waived by lee@acme.example until 2025-12-31: "
                + "Vendored code keeps its upstream header.")
        try workspace.folder.write("# Copyright 2025 Acme\n", to: "src/app.py")
        let covered = try #require(await evaluateGates(policy, workspace.context()).first)
        #expect(covered.status == .waived)
        #expect(covered.findings.isEmpty)
        #expect(covered.waivedFindings.map(\.file) == ["src/vendor/lib.py"])
    }

    /// Validation refuses such a policy (`invalid-regex`); a gate that reaches evaluation with one anyway (a policy
    /// built in code) still fails on its own.
    @Test("a pattern that does not compile is an error, and the next gates are still evaluated")
    func badRegex() async throws {
        let gates = """
            - id: broken
              type: validator
              phases: [qa]
              validator: forbidden_pattern
              files: ["**/*"]
              pattern: 'valid'
            - id: artifacts
              type: metric
              phases: [qa]
              metric: artifact_count
              operator: ">="
              threshold: 1
            """
        let workspace = try GateWorkspace(["a.txt": "x\n"])
        defer { workspace.remove() }
        var policy = try gatePolicy(gates: gates)
        policy.gates[0].gate.pattern = "(["
        let results = await evaluateGates(policy, workspace.context())
        #expect(results.map(\.gateID) == ["broken", "artifacts"])
        #expect(results.map(\.status) == [.error, .passed])
        #expect(results.first?.message.hasPrefix("the pattern '([' is not a valid regular expression") == true)
    }

    @Test("files larger than 4 MiB are skipped and named, not read")
    func largeFileSkipped() async throws {
        let workspace = try GateWorkspace(["src/small.py": "print(1)\n"])
        defer { workspace.remove() }
        let big = String(repeating: "x = 1\n", count: 800_000)
        try workspace.folder.write(big, to: "src/big.py")
        let context = GateContext(
            workspace: workspace.path, phase: .qa, files: ["src/big.py", "src/small.py"], date: gateDay(2025, 6, 1))
        let result = try #require(await evaluateGates(try gatePolicy(gates: licenseGate), context).first)
        #expect(result.skippedFiles == ["src/big.py"])
        #expect(result.findings.map(\.file) == ["src/small.py"])
        #expect(result.message == "1 finding in 1 of 2 files; 1 file not checked (binary or larger than 4 MiB)")
    }

    @Test("complexity_max fails with a finding on the declaration line of each function over the threshold")
    func complexityMax() async throws {
        let gate = """
            - id: complexity
              type: metric
              phases: [qa]
              metric: complexity_max
              operator: "<="
              threshold: 3
            """
        let workspace = try GateWorkspace(["src/m.py": branchy, "notes.txt": "if and or\n"])
        defer { workspace.remove() }
        let result = try #require(await evaluateGates(try gatePolicy(gates: gate), workspace.context()).first)
        #expect(result.status == .failed)
        #expect(result.measured == 6)
        #expect(
            result.message
                == "highest function complexity 6 (branchy in src/m.py:5) is above the threshold: <= 3 required")
        let declaration = 2 + "def simple():\n    return 1\n".utf8.count
        #expect(
            result.findings == [
                Finding(
                    gateID: "complexity", file: "src/m.py",
                    range: SourceRange(
                        start: SourcePosition(line: 4, column: 0, offset: declaration),
                        end: SourcePosition(line: 4, column: 15, offset: declaration + 15)),
                    message: "function 'branchy' has complexity 6; the gate requires <= 3", severity: .blocking)
            ])
    }

    @Test("complexity_mean averages every function; no functions passes")
    func complexityMean() async throws {
        let gate = """
            - id: complexity
              type: metric
              phases: [qa]
              metric: complexity_mean
              operator: "<="
              threshold: 3
              files: ["src/**"]
            """
        let workspace = try GateWorkspace(["src/m.py": branchy, "other/x.py": "def f():\n    return 1\n"])
        defer { workspace.remove() }
        let policy = try gatePolicy(gates: gate)
        let result = try #require(await evaluateGates(policy, workspace.context()).first)
        #expect(result.status == .failed)
        #expect(result.measured == 3.5)
        #expect(result.message == "mean function complexity 3.5 (2 functions) is above the threshold: <= 3 required")
        #expect(result.findings.isEmpty)
        let empty = try GateWorkspace(["src/m.py": "x = 1\n"])
        defer { empty.remove() }
        let none = try #require(await evaluateGates(policy, empty.context()).first)
        #expect(none.status == .passed)
        #expect(none.message == "no functions measured in 1 file")
    }

    @Test("the universal policy reports suppression comments as a warning that does not block")
    func universalSuppressions() async throws {
        let workspace = try GateWorkspace([
            "src/a.py": "import os  # noqa: F401\nx = f()  # type: ignore[call]\n",
            "src/b.ts": "// eslint-disable-next-line no-console\nconsole.log(1)\n",
            "src/c.swift": "// swiftlint:disable force_cast\nlet x = 1\n",
            "src/clean.py": "# pragma: no cover is what we avoid\nprint(1)\n",
            "src/fine.js": "const noqa = 1\n",
        ])
        defer { workspace.remove() }
        let policy = PolicyStack(universal: try PolicyUniversal.load()).effectivePolicy(client: nil)
        let results = await evaluateGates(policy, workspace.context(.development))
        #expect(results.map(\.gateID) == ["artifacts.present", "secrets.private-key", "suppressions.reported"])
        #expect(results.map(\.status) == [.passed, .passed, .failed])
        let suppressions = try #require(results.last)
        #expect(suppressions.severity == .warning)
        #expect(!suppressions.blocks)
        #expect(
            suppressions.findings.map { "\($0.file ?? ""):\($0.range?.start.line ?? -1)" } == [
                "src/a.py:0", "src/a.py:1", "src/b.ts:0", "src/c.swift:0", "src/clean.py:0",
            ])
    }
}
