import Config
import Foundation
import Model
import SQLiteStore
import StorePort
import Testing

@testable import Server

@Suite("Gate diagnostics from the store")
struct GateDiagnosticsTests {
    static let intake = "project:\n  name: p\nrequirements: [a]\nphases:\n  - development\n  - qa\n"

    /// The range of the first `needle` in a single-byte-per-character `text`.
    static func range(of needle: String, in text: String) throws -> SourceRange {
        let found = try #require(text.range(of: needle))
        let source = SourceText(text)
        return source.range(
            fromOffset: text.utf8.distance(from: text.startIndex, to: found.lowerBound),
            toOffset: text.utf8.distance(from: text.startIndex, to: found.upperBound))
    }

    static func line(_ line: Int, _ from: Int, _ to: Int) -> SourceRange {
        SourceRange(
            start: SourcePosition(line: line, column: from, offset: from),
            end: SourcePosition(line: line, column: to, offset: to))
    }

    static func read(_ workspace: GateWorkspace, buffers: [String: [UInt8]] = [:]) async throws -> GateDiagnostics {
        GateDiagnostics(try await StoredGateEvaluation.latest(in: workspace.store), root: workspace.root) { path in
            buffers[path] ?? FileManager.default.contents(atPath: path).map { Array($0) }
        }
    }

    @Test("the newest evaluation per phase: findings on their files, waived ones as information, others on the intake")
    func mapping() async throws {
        let workspace = try await GateWorkspace.make()
        defer { workspace.remove() }
        try workspace.write(Self.intake, to: "intake.yaml")
        try await workspace.insertWorkflow("p-1", intakeText: Self.intake)
        typealias J = GateResultJSON
        try await workspace.insertEvaluation(
            workflow: "p-1", phase: .development,
            results: [
                (
                    "license-header", .failed, .blocking,
                    J.result(
                        "license-header", status: "failed", message: "1 file lacks the header",
                        findings: [J.finding("license-header", "src/old.py", line: 0, from: 0, to: 1, "stale")])
                )
            ])
        try await workspace.insertEvaluation(
            workflow: "p-1", phase: .development,
            results: [
                (
                    "license-header", .failed, .blocking,
                    J.result(
                        "license-header", status: "failed", message: "1 file lacks the header",
                        findings: [
                            J.finding("license-header", "src/app.py", line: 0, from: 0, to: 12, "no license header")
                        ])
                ),
                (
                    "ruff", .failed, .warning,
                    J.result(
                        "ruff", type: "tool", severity: "warning", status: "failed", message: "1 finding",
                        findings: [
                            J.finding("ruff", "src/app.py", line: 3, from: 4, to: 9, "F401 unused", severity: "warning")
                        ])
                ),
                (
                    "lint.max", .passed, .blocking,
                    J.result(
                        "lint.max", type: "tool", status: "passed", message: "1 finding (at most 5 allowed)",
                        findings: [J.finding("lint.max", "src/app.py", line: 5, from: 0, to: 2, "E1 style")])
                ),
                (
                    "secrets.private-key", .waived, .blocking,
                    J.result(
                        "secrets.private-key", status: "waived", message: "waived",
                        waived: [J.finding("secrets.private-key", "keys/test.pem", line: 2, from: 0, to: 5, "a key")])
                ),
                (
                    "artifacts.required", .failed, .blocking,
                    J.result(
                        "artifacts.required", type: "metric", status: "failed",
                        message: "no file matches 'src/**/*.py'")
                ),
            ])
        try await workspace.insertEvaluation(
            workflow: "p-1", phase: .qa,
            results: [
                (
                    "coverage.min", .error, .warning,
                    J.result(
                        "coverage.min", type: "metric", severity: "warning", status: "error",
                        message: "the report coverage/lcov.info is missing")
                )
            ])

        let diagnostics = try await Self.read(workspace)
        let root = workspace.root
        #expect(diagnostics.paths == [root + "/src/app.py", root + "/keys/test.pem", root + "/intake.yaml"])

        let app = diagnostics[root + "/src/app.py"]
        #expect(app.map(\.code) == ["license-header", "ruff", "lint.max"])
        #expect(app.map(\.severity) == [.error, .warning, .warning])
        #expect(app.map(\.range) == [Self.line(0, 0, 12), Self.line(3, 4, 9), Self.line(5, 0, 2)])
        #expect(app.map(\.message) == ["no license header", "F401 unused", "E1 style"])
        #expect(app.allSatisfy { $0.source == "orchestrator" })

        let key = try #require(diagnostics[root + "/keys/test.pem"].first)
        #expect(key.severity == .information && key.message == "a key (waived)" && key.code == "secrets.private-key")

        let intake = diagnostics[root + "/intake.yaml"]
        #expect(intake.map(\.code) == ["artifacts.required", "coverage.min"])
        #expect(intake.map(\.severity) == [.error, .warning])
        #expect(
            intake.map(\.message) == [
                "development: no file matches 'src/**/*.py'", "qa: the report coverage/lcov.info is missing",
            ])
        #expect(try intake[0].range == Self.range(of: "development", in: Self.intake))
        #expect(try intake[1].range == Self.range(of: "qa", in: Self.intake))
        #expect(intake[0].range.start.line == 4 && intake[0].range.start.utf16Column == 4)
        #expect(intake[0].range.end.utf16Column == 15)
    }

    @Test("the intake is read from the editor's buffer when open, else from the text recorded at the start")
    func intakeSources() async throws {
        let workspace = try await GateWorkspace.make()
        defer { workspace.remove() }
        try await workspace.insertWorkflow("p-1", intakeText: Self.intake)
        // A detail this build cannot read still names the gate and its status.
        try await workspace.insertEvaluation(
            workflow: "p-1", phase: .qa, results: [("coverage.min", .failed, .blocking, "{\"future\":true}")])
        let path = workspace.root + "/intake.yaml"

        let recorded = try #require(try await Self.read(workspace)[path].first)
        #expect(recorded.message == "qa: gate 'coverage.min' failed")
        #expect(try recorded.range == Self.range(of: "qa", in: Self.intake))

        let edited = "# edited\n" + Self.intake.replacingOccurrences(of: "  - qa", with: "  - planning\n  - qa")
        let buffered = try #require(try await Self.read(workspace, buffers: [path: Array(edited.utf8)])[path].first)
        #expect(try buffered.range == Self.range(of: "qa", in: edited))
        #expect(buffered.range.start.line == 7)
    }

    @Test(
        "a result about no file points at its phase in the intake's list, else at `phases`, else the start",
        arguments: [
            ("phases: [planning, development, qa]\n", "development", "development"),
            ("phases:\n  - planning\n  - \"qa\"\n", "qa", "\"qa\""),
            ("phases: [planning]\n", "qa", "phases"),
            ("project: {name: x}\n", "qa", nil),
            ("phases: [planning\n", "qa", nil),
        ] as [(String, String, String?)])
    func intakePhase(text: String, phase: String, expected: String?) throws {
        let range = IntakePhaseLocator.range(of: phase, in: Array(text.utf8))
        #expect(try range == (expected.map { try Self.range(of: $0, in: text) } ?? .zero))
    }

    @Test("an empty store, and a workflow that is gone, give no diagnostics about no file")
    func nothingToShow() async throws {
        let workspace = try await GateWorkspace.make()
        defer { workspace.remove() }
        #expect(try await Self.read(workspace).paths.isEmpty)
        try await workspace.insertWorkflow("p-1", intakeText: Self.intake)
        try await workspace.insertEvaluation(
            workflow: "p-1", phase: .qa,
            results: [("a", .failed, .blocking, GateResultJSON.result("a", status: "failed", message: "m"))])
        var stored = try await StoredGateEvaluation.latest(in: workspace.store)
        stored[0].workflow = nil
        #expect(GateDiagnostics(stored, root: workspace.root) { _ in nil }.paths.isEmpty)
    }
}
