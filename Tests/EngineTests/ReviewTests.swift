import Config
import Foundation
import JSON
import Model
import Providers
import Snapshots
import Synchronization
import Testing

@testable import Engine

/// The offline provider for every agent, except that `consensus` answers architecture reviews as scripted: it
/// requests changes in the rounds listed in `requesting`, and approves the others.
struct ScriptedConsensus: ModelProvider {
    let name = "offline"
    let requesting: Set<Int>

    func complete(
        _ request: ModelRequest, events: @escaping @Sendable (ModelStreamEvent) async -> Void
    ) async throws(ProviderError) -> ModelTurn {
        guard let review = request.brief.review, request.brief.agentID == "consensus",
            request.brief.phase == .architecture
        else {
            return try await OfflineProvider().complete(request, events: events)
        }
        let id = "msg-consensus-\(review.round)-\(request.messages.count)"
        let call = ModelCall(messageID: id, model: OfflineProvider.model, usage: TokenUsage(input: 10, output: 5))
        guard request.messages.count == 1 else {
            return ModelTurn(content: [.text("round \(review.round) judged")], stopReason: .endTurn, calls: [call])
        }
        let verdict: JSONValue =
            requesting.contains(review.round)
            ? [
                "verdict": "request_changes",
                "findings": [
                    [
                        "file": "docs/architecture.md", "line": 3, "severity": "major",
                        "message": "the components name no owner",
                    ],
                    ["file": "docs/adr/0001-test-project.md", "line": 1, "severity": "minor", "message": "date it"],
                ],
            ]
            : ["verdict": "approve", "summary": "the answers settle it"]
        return ModelTurn(
            content: [.toolUse(id: "toolu-\(id)", name: "submit_review", input: verdict)], stopReason: .toolUse,
            calls: [call])
    }
}

/// ScriptedConsensus, with an architect that answers its findings by rewriting docs/plan.md (CP1's, which no
/// architecture agent wrote) with the file_system tool; the offline architect only dismisses.
struct FixingArchitect: ModelProvider {
    let name = "offline"
    static let fixed = "# Plan\n\nEvery component names its owner.\n"

    func complete(
        _ request: ModelRequest, events: @escaping @Sendable (ModelStreamEvent) async -> Void
    ) async throws(ProviderError) -> ModelTurn {
        guard let feedback = request.brief.feedback, request.brief.agentID == "architect" else {
            return try await ScriptedConsensus(requesting: [1]).complete(request, events: events)
        }
        let call = ModelCall(
            messageID: "msg-fix-\(request.messages.count)", model: OfflineProvider.model,
            usage: TokenUsage(input: 10, output: 5))
        guard request.messages.count == 1 else {
            return ModelTurn(content: [.text("fixed")], stopReason: .endTurn, calls: [call])
        }
        let answers: [JSONValue] = feedback.findings.map { finding in
            ["finding": .integer(Int64(finding.number)), "action": "fixed", "reason": "named the owners"]
        }
        return ModelTurn(
            content: [
                .toolUse(
                    id: "toolu-write", name: "file_system__write",
                    input: ["path": "docs/plan.md", "content": .string(Self.fixed)]),
                .toolUse(id: "toolu-answer", name: RuntimeTools.answerFindings, input: ["answers": .array(answers)]),
            ], stopReason: .toolUse, calls: [call])
    }
}

@Suite("Reviews: decisions by consensus, code by reviewer")
struct ReviewTests {
    static func fixture(_ provider: any ModelProvider, rounds: Int? = nil) async throws -> EngineFixture {
        let extra = rounds.map { "constraints:\n  review_rounds: \($0)\n" } ?? ""
        return try await EngineFixture.make(
            intake: EngineFixture.intake(extra: extra),
            agents: WorkspaceAgentRunner(tools: .builtin(), providers: ProviderFactory { _ in provider }))
    }

    @Test("consensus requests changes once, the architect answers, round 2 approves and CP2 passes")
    func changesThenApproval() async throws {
        let fixture = try await Self.fixture(ScriptedConsensus(requesting: [1]))
        defer { fixture.remove() }
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        let architecture = try #require(report.phases.first { $0.phase == .architecture })
        #expect(architecture.status == .passed, "\(report.reason ?? "")")
        #expect(architecture.review?.verdicts == [.requestChanges, .approve])
        #expect(architecture.review?.outcome == .approved)
        let detail = try await fixture.engine.checkpoint(2, workflowID: nil)
        #expect(detail.review?.result == .approved && detail.review?.rounds == 2)
        #expect(detail.reviews.count == 2)
        let first = try #require(detail.reviews.first)
        #expect(
            first.findings.map(\.line) == [
                "1. docs/architecture.md:3: the components name no owner",
                "2. docs/adr/0001-test-project.md:1: date it",
            ])
        // The architect wrote both files, so it answered both findings, each with a reason.
        #expect(first.findings.allSatisfy { $0.answer?.by == "architect" && $0.answer?.reason.isEmpty == false })
        #expect(first.findings.first?.range?.start.line == 2)
        let events = try await fixture.engine.storedEvents(workflowID: nil).filter { $0.phase == .architecture }
        #expect(events.filter { $0.kind == .reviewRound }.compactMap(\.review?.verdict) == [.requestChanges, .approve])
        #expect(
            events.contains {
                $0.kind == .reviewAnswered && $0.review?.findings.allSatisfy { $0.answer != nil } == true
            })
        let saved = try #require(events.last { $0.kind == .checkpointSaved })
        #expect(saved.verdict?.review?.result == .approved)
        // Planning was reviewed by consensus too, and approved at once.
        let planning = try #require(report.phases.first { $0.phase == .planning })
        #expect(planning.review?.reviewer == "consensus" && planning.review?.verdicts == [.approve])
    }

    @Test("a file an answer rewrote, that the phase's agents did not write, is in the checkpoint")
    func answeredFixIsCheckpointed() async throws {
        let fixture = try await Self.fixture(FixingArchitect())
        defer { fixture.remove() }
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        let architecture = try #require(report.phases.first { $0.phase == .architecture })
        #expect(architecture.status == .passed, "\(report.reason ?? "")")
        #expect(architecture.review?.verdicts == [.requestChanges, .approve])
        let saved = try await fixture.engine.checkpointFile("docs/plan.md", checkpoint: 2, workflowID: nil)
        #expect(String(decoding: saved.bytes, as: UTF8.self) == FixingArchitect.fixed)
    }

    @Test("consensus that never approves blocks CP2 after the last round, naming the findings")
    func neverApproves() async throws {
        let fixture = try await Self.fixture(ScriptedConsensus(requesting: [1, 2]))
        defer { fixture.remove() }
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        #expect(report.status == .paused)
        let reason = try #require(report.reason)
        #expect(reason.contains("CP2"), "\(reason)")
        #expect(reason.contains("unresolved after 2 rounds"))
        #expect(reason.contains("1. docs/architecture.md:3: the components name no owner"))
        let detail = try await fixture.engine.checkpoint(2, workflowID: nil)
        #expect(detail.checkpoint.status == "failed")
        #expect(detail.review?.result == .unresolved)
        #expect(detail.review?.findings.count == 2)
        #expect(report.phases.first { $0.phase == .development }?.status == .pending)
    }

    @Test("the rounds are configurable: one round that requests changes blocks at once")
    func oneRound() async throws {
        let fixture = try await Self.fixture(ScriptedConsensus(requesting: [1]), rounds: 1)
        defer { fixture.remove() }
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        #expect(report.reason?.contains("unresolved after 1 round:") == true, "\(report.reason ?? "")")
        let detail = try await fixture.engine.checkpoint(2, workflowID: nil)
        #expect(detail.reviews.count == 1 && detail.reviews[0].findings.allSatisfy { $0.answer == nil })
    }

    @Test("review_rounds 0 turns reviews off")
    func reviewsOff() async throws {
        let fixture = try await Self.fixture(ScriptedConsensus(requesting: [1, 2]), rounds: 0)
        defer { fixture.remove() }
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        #expect(report.status == .completed, "\(report.reason ?? "")")
        #expect(report.phases.allSatisfy { $0.review == nil })
    }

    @Test("the code review reads the real diff since the previous checkpoint; the developer answers each finding")
    func codeReview() async throws {
        let fixture = try await Self.fixture(OfflineProvider())
        defer { fixture.remove() }
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        #expect(report.status == .completed, "\(report.reason ?? "")")
        let detail = try await fixture.engine.checkpoint(4, workflowID: nil)
        let first = try #require(detail.reviews.first)
        #expect(first.kind == .code && first.reviewer == "reviewer")
        // The offline reviewer flags Python lines over 99 characters, at their line in the new file.
        let finding = try #require(first.findings.first)
        let file = try #require(finding.file)
        let line = try #require(finding.range?.start.line)
        let text = try #require(fixture.file(file)).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(text[line].count > 99)
        #expect(first.findings.allSatisfy { $0.answer?.action == .dismissed && $0.answer?.by == "developer" })
        #expect(detail.review?.result == .approved && detail.reviews.last?.verdict == .approve)
    }

    @Test("the diff is a unified diff: headers, hunks with context, added and removed lines")
    func unifiedDiff() throws {
        // The same as Python's difflib.unified_diff (and git) for this change.
        let old = (1...20).map { "line \($0)" }.joined(separator: "\n") + "\n"
        var lines = (1...20).map { "line \($0)" }
        lines[4] = "line five"
        lines.append("line 21")
        let diff = try #require(UnifiedDiff.file(path: "a.txt", old: old, new: lines.joined(separator: "\n") + "\n"))
        #expect(
            diff == """
                --- a/a.txt
                +++ b/a.txt
                @@ -2,7 +2,7 @@
                 line 2
                 line 3
                 line 4
                -line 5
                +line five
                 line 6
                 line 7
                 line 8
                @@ -18,3 +18,4 @@
                 line 18
                 line 19
                 line 20
                +line 21

                """)
        #expect(
            UnifiedDiff.file(path: "n.txt", old: nil, new: "a\nb\n")
                == "--- /dev/null\n+++ b/n.txt\n@@ -0,0 +1,2 @@\n+a\n+b\n")
        #expect(UnifiedDiff.file(path: "same", old: "x\n", new: "x\n") == nil)
    }
}
