import Model
import StorePort
import Testing

@Suite("Store contract: phase attempts, agent runs, checkpoints and artifacts")
struct RunRecordContractTests {
    @Test("attempts and agent runs get ids, read back in order, and updates replace them", arguments: StoreAdapter.all)
    func attemptsAndAgents(adapter: StoreAdapter) async throws {
        let opened = try await adapter.open()
        defer { opened.close() }
        try await ContractRecords.seed(opened.store, ["p-1"])
        let (run, agent) = try await opened.store.write { tx in
            var run = PhaseRunRecord(
                workflowID: "p-1", phase: .data, attempt: 2, agents: ["data", "steward"], status: .running)
            run.startedAt = 100
            try tx.insert(&run)
            var agent = AgentRunRecord(phaseRunID: run.id ?? -1, agent: "data", status: .pending, startedAt: 100)
            try tx.insert(&agent)
            return (run, agent)
        }
        #expect(run.id != nil && agent.id != nil)
        #expect(try await opened.store.read { tx in try tx.phaseRuns(workflowID: "p-1") } == [run])
        var finished = run
        finished.status = .blocked
        finished.reason = "no file"
        finished.endedAt = 200
        var done = agent
        done.status = .passed
        done.summary = "wrote it"
        done.steps = 3
        done.transcriptTokens = 1234
        done.endedAt = 150
        try await opened.store.write { [finished, done] tx in
            try tx.update(finished)
            try tx.update(done)
        }
        #expect(try await opened.store.read { tx in try tx.phaseRuns(workflowID: "p-1") } == [finished])
        #expect(try await opened.store.read { tx in try tx.agentRuns(phaseRunID: run.id ?? -1) } == [done])
    }

    @Test(
        "checkpoints and artifacts read back; a second checkpoint of one attempt is refused",
        arguments: StoreAdapter.all)
    func checkpoints(adapter: StoreAdapter) async throws {
        let opened = try await adapter.open()
        defer { opened.close() }
        try await ContractRecords.seed(opened.store, ["p-1"])
        let (checkpoint, artifact) = try await opened.store.write { tx in
            var run = PhaseRunRecord(workflowID: "p-1", phase: .qa, attempt: 1, agents: ["qa"])
            try tx.insert(&run)
            var checkpoint = CheckpointRecord(
                workflowID: "p-1", phaseRunID: run.id ?? -1, phase: .qa, attempt: 1, status: .failed, createdAt: 7)
            checkpoint.missing = ["docs/qa.md", "tests/**/test_*.py"]
            checkpoint.manifestHash = String(repeating: "ab", count: 32)
            checkpoint.fileCount = 3
            checkpoint.totalBytes = 1 << 40
            checkpoint.newObjects = 2
            checkpoint.newBytes = 99
            checkpoint.hashedFiles = 1
            checkpoint.reusedFiles = 2
            checkpoint.phaseMs = 12.5
            checkpoint.snapshotMs = 0.25
            try tx.insert(&checkpoint)
            var artifact = ArtifactRecord(
                checkpointID: checkpoint.id ?? -1, pattern: "docs/*.md", path: "docs/a.md", size: 5, hash: "h")
            try tx.insert(&artifact)
            return (checkpoint, artifact)
        }
        #expect(try await opened.store.read { tx in try tx.checkpoints(workflowID: "p-1") } == [checkpoint])
        #expect(try await opened.store.read { tx in try tx.allCheckpoints() } == [checkpoint])
        #expect(try await opened.store.read { tx in try tx.artifacts(checkpointID: checkpoint.id ?? -1) } == [artifact])
        var pruned = checkpoint
        pruned.status = .rolledBack
        pruned.manifestHash = nil
        pruned.prunedAt = 9
        try await opened.store.write { [pruned] tx in try tx.update(pruned) }
        #expect(try await opened.store.read { tx in try tx.checkpoints(workflowID: "p-1") } == [pruned])
        await #expect(throws: (any Error).self) {
            try await opened.store.write { tx in
                var again = CheckpointRecord(
                    workflowID: "p-1", phaseRunID: checkpoint.phaseRunId, phase: .qa, attempt: 1, status: .passed,
                    createdAt: 8)
                try tx.insert(&again)
            }
        }
    }

    @Test(
        "what a checkpoint added reads back and survives an update; one recorded without it reads back nil",
        arguments: StoreAdapter.all)
    func checkpointAddition(adapter: StoreAdapter) async throws {
        let opened = try await adapter.open()
        defer { opened.close() }
        try await ContractRecords.seed(opened.store, ["p-1"])
        let (measured, unmeasured) = try await opened.store.write { tx in
            var first = PhaseRunRecord(workflowID: "p-1", phase: .planning, attempt: 1, agents: ["planner"])
            var second = PhaseRunRecord(workflowID: "p-1", phase: .architecture, attempt: 1, agents: ["architect"])
            try tx.insert(&first)
            try tx.insert(&second)
            var measured = CheckpointRecord(
                workflowID: "p-1", phaseRunID: first.id ?? -1, phase: .planning, attempt: 1, status: .passed,
                createdAt: 1)
            measured.addedFiles = 7
            measured.addedBytes = 1 << 33
            var unmeasured = CheckpointRecord(
                workflowID: "p-1", phaseRunID: second.id ?? -1, phase: .architecture, attempt: 1, status: .passed,
                createdAt: 2)
            try tx.insert(&measured)
            try tx.insert(&unmeasured)
            return (measured, unmeasured)
        }
        let read = try await opened.store.read { tx in try tx.checkpoints(workflowID: "p-1") }
        #expect(read == [measured, unmeasured])
        #expect(read.first?.addedBytes == 1 << 33 && read.first?.addedFiles == 7)
        #expect(read.last?.addedBytes == nil && read.last?.addedFiles == nil)
        var rolledBack = measured
        rolledBack.status = .rolledBack
        try await opened.store.write { [rolledBack] tx in try tx.update(rolledBack) }
        #expect(try await opened.store.read { tx in try tx.checkpoints(workflowID: "p-1") }.first == rolledBack)
    }

    @Test("an attempt with an unknown status is an error, not a default", arguments: StoreAdapter.all)
    func unknownAttemptStatus(adapter: StoreAdapter) async throws {
        let opened = try await adapter.open()
        defer { opened.close() }
        try await ContractRecords.seed(opened.store, ["p-1"])
        try await opened.store.write { tx in
            var run = PhaseRunRecord(workflowID: "p-1", phase: .qa, attempt: 1, agents: ["qa"])
            try tx.insert(&run)
        }
        try await opened.execute("UPDATE phase_runs SET status = 'half-done'")
        await #expect {
            _ = try await opened.store.read { tx in try tx.phaseRuns(workflowID: "p-1") }
        } throws: { error in
            (error as? StoreError)?.code == .unreadableValue && "\(error)".contains("'half-done'")
        }
    }
}
