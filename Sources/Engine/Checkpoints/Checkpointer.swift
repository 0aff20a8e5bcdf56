import Governance
import JSON
import Model
import Snapshots
import StorePort
import Tracing

/// Ends a phase attempt in its checkpoint: snapshot, required artifacts, gates, and one transaction recording it all.
struct Checkpointer: Sendable {
    let context: EngineContext
    let judge: GovernanceJudge

    /// The snapshot, in a span of its own.
    private func snapshot(
        reusing previousManifest: SnapshotManifest?, known: KnownChanges?
    ) throws(SnapshotError) -> SnapshotResult {
        try Traced.span("snapshot") { span throws(SnapshotError) in
            let result = try context.snapshotter.snapshot(reusing: previousManifest, known: known)
            span.attributes["orchestrator.snapshot.new_bytes"] = Int64(clamping: result.newBytes)
            span.attributes["orchestrator.snapshot.known_changes"] = known != nil
            return result
        }
    }

    /// The gates' judgement, in a span of its own.
    private func judgeGates(
        policy: EffectivePolicy, workflowID: String, phase: Phase, files: [String], changed: Set<String>?,
        artifactCount: Int, missing: [String]
    ) async -> [GateResult] {
        await Traced.span("gates") { span in
            let results = await judge.judgeGates(
                policy: policy, workflowID: workflowID, phase: phase, files: files, changed: changed,
                artifactCount: artifactCount, missing: missing)
            span.attributes["orchestrator.gates"] = results.count
            return results
        }
    }

    /// Snapshots the workspace, matches the required artifacts against the snapshot, judges the policy's gates,
    /// and records the checkpoint, its artifacts, the gates' results, the audit entries, the phase's verdict and
    /// the event in one transaction. Returns the snapshot's manifest when the checkpoint passed, nil when it blocked.
    ///
    /// With `known` (what the merge of the agents' working copies wrote and removed) and a previous manifest made in
    /// this process, the snapshot reads those paths and checks directory stamps instead of walking the tree
    /// (docs/adr/0012-snapshots-from-known-changes.md). The snapshot's objects are written before the transaction; a crash between leaves unreferenced objects
    /// (collected by `checkpoint prune`), never a checkpoint without its objects.
    func checkpoint(
        _ phaseRun: PhaseRunRecord, plan: WorkflowPlan.PhasePlan, policy: EffectivePolicy,
        previousManifest: SnapshotManifest?, known: KnownChanges? = nil, started: UInt64, review: ReviewOutcome? = nil
    ) async throws(EngineError) -> SnapshotManifest? {
        let clock = context.clock
        let snapshotStarted = clock.monotonicNanoseconds()
        let result: SnapshotResult
        do {
            result = try PhaseCostMeter.measureNow(.snapshot) { () throws(SnapshotError) in
                try snapshot(reusing: previousManifest, known: known)
            }
        } catch {
            throw EngineError(.snapshot, "checkpoint CP\(plan.phase.checkpointNumber): \(error.description)")
        }
        let snapshotMs = clock.milliseconds(since: snapshotStarted)
        EngineMetrics.snapshotStored(bytes: Int64(clamping: result.newBytes))
        let addition = result.manifest.addition(since: previousManifest)
        var found: [(pattern: String, entry: ManifestEntry)] = []
        var missing: [String] = []
        for pattern in plan.artifacts {
            let paths = result.manifest.paths(matching: pattern)
            if paths.isEmpty { missing.append(pattern.text) }
            for path in paths {
                if let entry = result.manifest.entry(at: path) { found.append((pattern.text, entry)) }
            }
        }
        let files = result.manifest.entries.filter { $0.kind == .file }.map(\.path)
        let changed = GovernanceJudge.changedFiles(result.manifest, since: previousManifest)
        let artifactCount = Set(found.map(\.entry.path)).count
        let results = await judgeGates(
            policy: policy, workflowID: phaseRun.workflowId, phase: plan.phase, files: files, changed: changed,
            artifactCount: artifactCount, missing: missing)
        var reasons: [String] = []
        if !missing.isEmpty { reasons.append("no file matches " + missing.map { "'\($0)'" }.joined(separator: ", ")) }
        // An artifact must also be what its extension says (an .svg holding Markdown matches the glob, not the need).
        reasons += Set(found.map(\.entry.path)).sorted().compactMap {
            ArtifactContentCheck.problem(at: $0, in: context.layout.root)
        }
        let gateResults = results.filter { $0.gateID != GovernanceJudge.requiredArtifactsGate }
        if let gates = GovernanceJudge.blockingReason(gateResults) {
            reasons.append(gates)
        }
        // An unresolved (or failed) review blocks like a gate, naming its open findings.
        if let review, review.result != .approved {
            reasons.append(review.description)
        }
        let failing = gateResults.filter { $0.status == .failed || $0.status == .error }
        let now = clock.nowMilliseconds()
        let phaseMs = clock.milliseconds(since: started)
        let passed = reasons.isEmpty
        let reason = "CP\(plan.phase.checkpointNumber): " + reasons.joined(separator: "; ")
        // Warning gates do not block, but a run's output is where people look: name them there too.
        let warnings = results.filter { !$0.blocks && ($0.status == .failed || $0.status == .error) }.map {
            "; warning: gate \($0.gateID): \($0.message)"
        }.joined()
        let artifacts = found.map { (pattern: $0.pattern, entry: $0.entry) }
        let verdict = CheckpointVerdict(
            outcome: passed ? .passed : .blocked, reason: passed ? nil : reasons.joined(separator: "; "),
            blockingGates: failing.filter(\.blocks).map(\.gateID),
            warningGates: failing.filter { !$0.blocks }.map(\.gateID), missingArtifacts: missing, review: review)
        let judge = self.judge
        let audit = context.audit
        try await context.commit { [missing] tx, published in
            var record = CheckpointRecord(
                workflowID: phaseRun.workflowId, phaseRunID: phaseRun.id ?? -1, phase: plan.phase,
                attempt: phaseRun.attempt, status: passed ? .passed : .failed, createdAt: now)
            record.missing = missing
            record.manifestHash = result.manifestHash.hex
            record.fileCount = result.manifest.fileCount
            record.totalBytes = Int64(clamping: result.manifest.totalBytes)
            record.newObjects = result.newObjects
            record.newBytes = Int64(clamping: result.newBytes)
            record.addedFiles = addition.files
            record.addedBytes = Int64(clamping: addition.bytes)
            record.hashedFiles = result.hashedFiles
            record.reusedFiles = result.reusedFiles
            record.phaseMs = phaseMs
            record.snapshotMs = snapshotMs
            record.review = review
            try tx.insert(&record)
            for item in artifacts {
                var artifact = ArtifactRecord(
                    checkpointID: record.id ?? -1, pattern: item.pattern, path: item.entry.path,
                    size: Int64(clamping: item.entry.size), hash: item.entry.hash.hex)
                try tx.insert(&artifact)
            }
            _ = try judge.record(
                results, policy: policy, workflowID: phaseRun.workflowId, phase: plan.phase, attempt: phaseRun.attempt,
                checkpointID: record.id, trigger: .checkpoint, in: tx)
            try audit.append(
                tx, workflow: phaseRun.workflowId, phase: plan.phase, action: .checkpointSaved,
                inputs: .object(
                    [
                        "checkpoint": .string("CP\(plan.phase.checkpointNumber)"),
                        "attempt": .integer(Int64(phaseRun.attempt)),
                        "manifestHash": .string(result.manifestHash.hex),
                        "files": .integer(Int64(result.manifest.fileCount)),
                        "artifacts": .integer(Int64(artifacts.count)),
                    ].merging(review.map { ["review": .string($0.description)] } ?? [:]) { first, _ in first }),
                outcome: passed ? "passed" : "blocked")
            var run = phaseRun
            run.status = passed ? .passed : .blocked
            run.endedAt = now
            run.reason = passed ? nil : reason
            try tx.update(run)
            published.append(
                try tx.append(
                    WorkflowEvent(
                        workflowID: phaseRun.workflowId, kind: .checkpointSaved, timestamp: now, phase: plan.phase,
                        attempt: phaseRun.attempt, checkpoint: plan.phase.checkpointNumber,
                        message: passed
                            ? "\(artifacts.count) artifacts, \(result.manifest.fileCount) files" + warnings
                                + (review.map { "; \($0.description)" } ?? "") : reason,
                        durationMs: phaseMs, verdict: verdict)))
            if !passed, var workflow = try tx.workflow(id: phaseRun.workflowId) {
                workflow.status = .paused
                workflow.reason = "\(plan.phase.rawValue): \(reason)"
                workflow.updatedAt = now
                try tx.update(workflow)
                published.append(
                    try tx.append(
                        WorkflowEvent(
                            workflowID: phaseRun.workflowId, kind: .blocked, timestamp: now, phase: plan.phase,
                            attempt: phaseRun.attempt, checkpoint: plan.phase.checkpointNumber, message: reason)))
            }
        }
        await context.signAuditHead(of: phaseRun.workflowId)
        return passed ? result.manifest : nil
    }
}
