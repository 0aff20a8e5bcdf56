import Model
import StorePort
import Testing

@Suite("Store contract: delegations, review rounds and the typed fields of team events")
struct TeamContractTests {
    static func round(_ number: Int, answered: Bool = false) -> ReviewRound {
        ReviewRound(
            kind: .decision, reviewer: "consensus", round: number, rounds: 2, verdict: .requestChanges,
            findings: [
                ReviewFinding(
                    number: 1, file: "docs/plan.md",
                    range: SourceRange(
                        start: SourcePosition(line: 11, column: 0, offset: 0),
                        end: SourcePosition(line: 12, column: 0, offset: 0)),
                    severity: .major, message: "no criterion for é 日本",
                    answer: answered ? ReviewAnswer(action: .fixed, reason: "added one", by: "planner") : nil)
            ], summary: "one change")
    }

    @Test(
        "delegations read back by phase attempt in start order; an update records the end", arguments: StoreAdapter.all)
    func delegations(adapter: StoreAdapter) async throws {
        let opened = try await adapter.open()
        defer { opened.close() }
        try await ContractRecords.seed(opened.store, ["p-1"])
        let (first, second) = try await opened.store.write { tx in
            var run = PhaseRunRecord(workflowID: "p-1", phase: .development, attempt: 1, agents: ["developer"])
            try tx.insert(&run)
            var first = DelegationRecord(
                phaseRunID: run.id ?? -1, agent: "developer",
                delegation: Delegation(
                    id: "toolu_1", parent: "developer", subagent: "developer.backend", task: "the API",
                    paths: ["src/api.py"]),
                startedAt: 10)
            var second = first
            second.delegation.id = "toolu_2"
            second.delegation.subagent = "developer.frontend"
            try tx.insert(&first)
            try tx.insert(&second)
            return (first, second)
        }
        #expect(first.id != nil && second.id != nil && first.id != second.id)
        var ended = first
        ended.delegation.status = .completed
        ended.delegation.summary = "built it"
        ended.delegation.changedPaths = ["src/api.py", "tests/test_api.py"]
        ended.endedAt = 25
        try await opened.store.write { [ended] tx in try tx.update(ended) }
        let read = try await opened.store.read { tx in try tx.delegations(phaseRunID: first.phaseRunId) }
        #expect(read == [ended, second])
        #expect(try await opened.store.read { tx in try tx.delegations(phaseRunID: 999) }.isEmpty)
    }

    @Test(
        "review rounds read back per attempt; answers update a round; the newest round per phase; the stamp moves",
        arguments: StoreAdapter.all)
    func reviews(adapter: StoreAdapter) async throws {
        let opened = try await adapter.open()
        defer { opened.close() }
        try await ContractRecords.seed(opened.store, ["p-1"])
        #expect(try await opened.store.read { tx in try tx.reviewStamp() } == 0)
        let (planning, architecture) = try await opened.store.write { tx in
            var planningRun = PhaseRunRecord(workflowID: "p-1", phase: .planning, attempt: 1, agents: ["planner"])
            try tx.insert(&planningRun)
            var architectureRun = PhaseRunRecord(
                workflowID: "p-1", phase: .architecture, attempt: 1, agents: ["architect"])
            try tx.insert(&architectureRun)
            var planning = ReviewRecord(
                workflowID: "p-1", phaseRunID: planningRun.id ?? -1, phase: .planning, round: Self.round(1),
                createdAt: 5)
            try tx.insert(&planning)
            var architecture = ReviewRecord(
                workflowID: "p-1", phaseRunID: architectureRun.id ?? -1, phase: .architecture, round: Self.round(1),
                createdAt: 6)
            try tx.insert(&architecture)
            return (planning, architecture)
        }
        let afterInserts = try await opened.store.read { tx in try tx.reviewStamp() }
        var answered = planning
        answered.round = Self.round(1, answered: true)
        try await opened.store.write { [answered] tx in try tx.update(answered) }
        #expect(try await opened.store.read { tx in try tx.reviewStamp() } > afterInserts)
        #expect(try await opened.store.read { tx in try tx.reviews(phaseRunID: planning.phaseRunId) } == [answered])
        let latest = try await opened.store.read { tx in try tx.latestReviews() }
        #expect(latest == [answered, architecture])
    }

    @Test(
        "a checkpoint keeps its review outcome, and events keep their step, delegation and review",
        arguments: StoreAdapter.all)
    func typedFields(adapter: StoreAdapter) async throws {
        let opened = try await adapter.open()
        defer { opened.close() }
        try await ContractRecords.seed(opened.store, ["p-1"])
        let outcome = ReviewOutcome(
            kind: .code, reviewer: "reviewer", result: .unresolved, rounds: 2, maxRounds: 2,
            findings: ["1. src/app.py:3: bare except"])
        let events = [
            WorkflowEvent(
                workflowID: "p-1", kind: .toolCall, timestamp: 1, phase: .data, agent: "data",
                tool: "file_system.write",
                step: "data_pipeline: ingest"),
            WorkflowEvent(
                workflowID: "p-1", kind: .delegationEnded, timestamp: 2, phase: .data, agent: "data",
                delegation: Delegation(
                    id: "t", parent: "data", subagent: "data.ingestion", task: "load", status: .blocked,
                    summary: "no budget", changedPaths: ["data/raw.csv"])),
            WorkflowEvent(
                workflowID: "p-1", kind: .reviewRound, timestamp: 3, phase: .planning, agent: "consensus",
                review: Self.round(1, answered: true)),
            WorkflowEvent(
                workflowID: "p-1", kind: .checkpointSaved, timestamp: 4, phase: .development, checkpoint: 4,
                verdict: CheckpointVerdict(outcome: .blocked, reason: outcome.description, review: outcome)),
        ]
        let checkpoint = try await opened.store.write { tx in
            for event in events { try tx.append(event) }
            var run = PhaseRunRecord(workflowID: "p-1", phase: .development, attempt: 1, agents: ["developer"])
            try tx.insert(&run)
            var checkpoint = CheckpointRecord(
                workflowID: "p-1", phaseRunID: run.id ?? -1, phase: .development, attempt: 1, status: .failed,
                createdAt: 4)
            checkpoint.review = outcome
            try tx.insert(&checkpoint)
            return checkpoint
        }
        let read = try await opened.store.read { tx in try tx.events(workflowID: "p-1") }
        #expect(
            read.map {
                var event = $0
                event.sequence = 0
                return event
            } == events)
        #expect(try await opened.store.read { tx in try tx.checkpoints(workflowID: "p-1") } == [checkpoint])
    }
}
