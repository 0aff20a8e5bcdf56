import Config
import Foundation
import Model
import Testing

@testable import Governance

private func toolGate(_ command: [String], settings: String = "") -> String {
    let argv = command.map { "'\($0.replacing("'", with: "''"))'" }.joined(separator: ", ")
    return """
        - id: lint
          type: tool
          phases: [qa]
          command: [\(argv)]
        """ + (settings.isEmpty ? "" : "\n" + settings)
}

private func position(_ line: Int, _ column: Int, _ offset: Int) -> SourcePosition {
    SourcePosition(line: line, column: column, offset: offset)
}

@Suite("Gate evaluator: tool gates")
struct GateToolTests {
    @Test("a command not in allowed_commands is refused and never run")
    func notAllowed() async throws {
        let workspace = try GateWorkspace([:])
        defer { workspace.remove() }
        let policy = try gatePolicy(allowed: ["sh", "ruff"], gates: toolGate(["touch", "marker"]))
        let result = try #require(await evaluateGates(policy, workspace.context()).first)
        #expect(result.status == .error)
        #expect(result.message == "'touch' is not in the policy's allowed_commands (sh, ruff); it was not run")
        #expect(!FileManager.default.fileExists(atPath: workspace.path + "/marker"))
    }

    @Test("a path to an allowed program's name is refused too")
    func pathRefused() async throws {
        let workspace = try GateWorkspace([:])
        defer { workspace.remove() }
        let policy = try gatePolicy(allowed: ["touch"], gates: toolGate(["/usr/bin/touch", "marker"]))
        let result = try #require(await evaluateGates(policy, workspace.context()).first)
        #expect(result.status == .error)
        #expect(result.message.hasPrefix("'/usr/bin/touch' is not in the policy's allowed_commands (touch)"))
        #expect(!FileManager.default.fileExists(atPath: workspace.path + "/marker"))
    }

    @Test("a command past its timeout is stopped and the gate is an error")
    func timeout() async throws {
        let workspace = try GateWorkspace([:])
        defer { workspace.remove() }
        let policy = try gatePolicy(
            allowed: ["sleep"], gates: toolGate(["sleep", "30"], settings: "  timeout_seconds: 1"))
        let result = try #require(await evaluateGates(policy, workspace.context()).first)
        #expect(result.status == .error)
        #expect(result.message == "'sleep' timed out after 1 s; the command was stopped")
    }

    @Test("an allowed program that is not installed is an error")
    func notInstalled() async throws {
        let workspace = try GateWorkspace([:])
        defer { workspace.remove() }
        let policy = try gatePolicy(allowed: ["no-such-gate-program"], gates: toolGate(["no-such-gate-program"]))
        let result = try #require(await evaluateGates(policy, workspace.context()).first)
        #expect(result.status == .error)
        #expect(result.message.contains("no-such-gate-program"))
    }

    @Test("100 MB of output with findings to read is an error; only 8 MiB is kept")
    func hugeOutput() async throws {
        let workspace = try GateWorkspace([:])
        defer { workspace.remove() }
        let policy = try gatePolicy(
            allowed: ["head"], gates: toolGate(["head", "-c", "100000000", "/dev/zero"], settings: "  output: lines"))
        let result = try #require(await evaluateGates(policy, workspace.context()).first)
        #expect(result.status == .error)
        #expect(result.message == "'head' printed more than 8 MiB; its findings cannot be read")
    }

    @Test("SARIF findings beyond max_findings fail the gate, at zero-based ranges with workspace-relative paths")
    func sarif() async throws {
        let workspace = try GateWorkspace(["src/a.py": "import sys\nimport os\n", "src/b.py": "x = 1\n"])
        defer { workspace.remove() }
        let log = """
            {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "fake"}}, "results": [
              {"ruleId": "F401", "level": "error", "message": {"text": "'os' imported but unused"},
               "locations": [{"physicalLocation": {"artifactLocation": {"uri": "file://\(workspace.path)/src/a.py"},
                              "region": {"startLine": 2, "startColumn": 8}}}]},
              {"ruleId": "E501", "message": {"text": "line too long"},
               "locations": [{"physicalLocation": {"artifactLocation": {"uri": "./src/b.py"},
                              "region": {"startLine": 1}}}]}
            ]}]}
            """
        try workspace.folder.write(log, to: "out/lint.sarif")
        let policy = try gatePolicy(
            allowed: ["sh"],
            gates: toolGate(["sh", "-c", "cat out/lint.sarif"], settings: "  output: sarif\n  max_findings: 1"))
        let result = try #require(await evaluateGates(policy, workspace.context()).first)
        #expect(result.status == .failed)
        #expect(result.message == "2 findings, more than the 1 allowed")
        #expect(result.measured == 2)
        #expect(result.threshold == 1)
        #expect(result.operator == "<=")
        #expect(
            result.findings == [
                Finding(
                    gateID: "lint", file: "src/a.py",
                    range: SourceRange(start: position(1, 7, 18), end: position(1, 8, 19)),
                    message: "F401: 'os' imported but unused", severity: .blocking),
                Finding(
                    gateID: "lint", file: "src/b.py", range: SourceRange(at: position(0, 0, 0)),
                    message: "E501: line too long", severity: .blocking),
            ])
    }

    @Test("line-format findings within max_findings pass, and keep their rule and position")
    func lines() async throws {
        let workspace = try GateWorkspace([
            "src/a.py": "import sys\nimport os\n", "lint.txt": "./src/a.py:2:8: F401 [*] `os` imported but unused\n",
        ])
        defer { workspace.remove() }
        let policy = try gatePolicy(
            allowed: ["cat"], gates: toolGate(["cat", "lint.txt"], settings: "  output: lines\n  max_findings: 1"))
        let result = try #require(await evaluateGates(policy, workspace.context()).first)
        #expect(result.status == .passed)
        #expect(result.message == "'cat' exited with code 0; 1 finding (at most 1 allowed)")
        #expect(result.findings.map(\.file) == ["src/a.py"])
        #expect(result.findings.map(\.message) == ["F401: `os` imported but unused"])
        #expect(result.findings.first?.range == SourceRange(start: position(1, 7, 18), end: position(1, 8, 19)))
    }

    @Test("a non-zero exit fails the gate with the code and the last stderr line, unless the gate ignores it")
    func exitCode() async throws {
        let workspace = try GateWorkspace([:])
        defer { workspace.remove() }
        let command = ["sh", "-c", "echo first >&2; echo 'boom: 2 files' >&2; exit 3"]
        let failing = try gatePolicy(allowed: ["sh"], gates: toolGate(command))
        let result = try #require(await evaluateGates(failing, workspace.context()).first)
        #expect(result.status == .failed)
        #expect(result.message == "'sh' exited with code 3: boom: 2 files")
        #expect(result.measured == nil)
        #expect(result.findings.isEmpty)
        let ignoring = try gatePolicy(allowed: ["sh"], gates: toolGate(command, settings: "  pass_on_exit_code: false"))
        let ignored = try #require(await evaluateGates(ignoring, workspace.context()).first)
        #expect(ignored.status == .passed)
        #expect(ignored.message == "'sh' exited with code 3")
    }

    @Test("output that is not SARIF is an error")
    func badSARIF() async throws {
        let workspace = try GateWorkspace([:])
        defer { workspace.remove() }
        let policy = try gatePolicy(
            allowed: ["sh"], gates: toolGate(["sh", "-c", "echo '{\"runs\": 3}'"], settings: "  output: sarif"))
        let result = try #require(await evaluateGates(policy, workspace.context()).first)
        #expect(result.status == .error)
        #expect(result.message == "the SARIF output of 'sh' cannot be read: not a SARIF log: it has no 'runs' array")
    }

    @Test("a tool gate runs in the sandbox: it cannot write governance/ or open the orchestrator's state")
    func sandboxed() async throws {
        let workspace = try GateWorkspace([
            "governance/acme.yaml": "policy: {}\n", ".orchestrator/state.db": "SQLite format 3",
        ])
        defer { workspace.remove() }
        // What a test suite the agents wrote could do when the gate runs it (one line: YAML folds newlines).
        let script =
            "exec(\"for path, mode in (('governance/waiver.yaml', 'w'), ('.orchestrator/state.db', 'r+b')):\\n"
            + " try: open(path, mode); print('opened', path)\\n except OSError as error: print(error)\")"
        let policy = try gatePolicy(
            allowed: ["python3"], gates: toolGate(["python3", "-c", script]))
        let result = try #require(await evaluateGates(policy, workspace.context()).first)
        #expect(result.status == .passed, "\(result.message)")
        #expect(!FileManager.default.fileExists(atPath: workspace.path + "/governance/waiver.yaml"))
        #expect(workspace.folder.read(".orchestrator/state.db") == "SQLite format 3")
    }
}
