import Config
import Foundation
import Model
import StorePort
import Testing

@testable import Server

@Suite("Review findings as editor diagnostics")
struct ReviewDiagnosticsTests {
    static func finding(
        _ number: Int, _ file: String, line: Int, _ severity: ReviewFinding.Severity, answer: ReviewAnswer? = nil
    )
        -> ReviewFinding
    {
        ReviewFinding(
            number: number, file: file,
            range: SourceRange(
                start: SourcePosition(line: line, column: 0, offset: 0),
                end: SourcePosition(line: line + 1, column: 0, offset: 0)),
            severity: severity, message: "finding \(number)", answer: answer)
    }

    @Test(
        "the newest round of each phase's review is shown on the files it names, with the answers; a new round replaces it"
    )
    func latestRound() async throws {
        let workspace = try await GateWorkspace.make()
        defer { workspace.remove() }
        try await workspace.insertWorkflow("p-1", intakeText: "project: {name: p}\n")
        let dismissed = ReviewAnswer(action: .dismissed, reason: "a generated line", by: "developer")
        let first = ReviewRound(
            kind: .code, reviewer: "reviewer", round: 1, rounds: 2, verdict: .requestChanges,
            findings: [
                Self.finding(1, "src/app.py", line: 4, .major),
                Self.finding(2, "src/app.py", line: 9, .nit, answer: dismissed),
                Self.finding(3, "tests/test_app.py", line: 0, .minor),
            ])
        let stampBefore = try await workspace.store.read { tx in try tx.reviewStamp() }
        let record = try await workspace.store.write { tx in
            var run = PhaseRunRecord(workflowID: "p-1", phase: .development, attempt: 1, agents: ["developer"])
            try tx.insert(&run)
            var record = ReviewRecord(
                workflowID: "p-1", phaseRunID: run.id ?? -1, phase: .development, round: first, createdAt: 1)
            try tx.insert(&record)
            return record
        }
        var diagnostics = GateDiagnostics()
        diagnostics.add(reviews: try await workspace.store.read { tx in try tx.latestReviews() }, root: workspace.root)
        let app = diagnostics[GateDiagnostics.canonical(workspace.root + "/src/app.py")]
        #expect(app.count == 2)
        #expect(app.map(\.code) == ["code-review", "code-review"])
        #expect(app.map(\.severity) == [.error, .information])
        #expect(app.map(\.range.start.line) == [4, 9])
        #expect(app[1].message.contains("dismissed by developer: a generated line"))
        #expect(
            diagnostics[GateDiagnostics.canonical(workspace.root + "/tests/test_app.py")].first?.severity == .warning)
        #expect(try await workspace.store.read { tx in try tx.reviewStamp() } > stampBefore)

        // Round 2 approves: what it found (nothing) replaces round 1 in the editor.
        var second = first
        second.round = 2
        second.verdict = .approve
        second.findings = []
        let phaseRun = record.phaseRunId
        try await workspace.store.write { [second] tx in
            var next = ReviewRecord(
                workflowID: "p-1", phaseRunID: phaseRun, phase: .development, round: second, createdAt: 2)
            try tx.insert(&next)
        }
        var after = GateDiagnostics()
        after.add(reviews: try await workspace.store.read { tx in try tx.latestReviews() }, root: workspace.root)
        #expect(after.paths.isEmpty)
    }
}
