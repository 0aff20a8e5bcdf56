import Governance
import JSON
import Model
import Snapshots
import Store

extension WorkflowEngine {
    /// Ends a phase attempt: snapshots the workspace, matches the required artifacts against the snapshot, judges
    /// the policy's gates, and records the checkpoint, its artifacts, the gates' results, the audit entries, the
    /// phase's verdict and the event in one transaction.
    ///
    /// The snapshot's objects are written before the transaction; a crash between leaves unreferenced objects
    /// (collected by `checkpoint prune`), never a checkpoint without its objects.
    func checkpoint(
        _ phaseRun: PhaseRunRecord, plan: WorkflowPlan.PhasePlan, policy: EffectivePolicy,
        previousManifest: SnapshotManifest?, started: UInt64
    ) async throws(EngineError) -> PhaseOutcome {
        let snapshotStarted = clock.monotonicNanoseconds()
        let result: SnapshotResult
        do {
            result = try snapshotter.snapshot(reusing: previousManifest)
        } catch {
            throw EngineError(.snapshot, "checkpoint CP\(plan.phase.checkpointNumber): \(error.description)")
        }
        let snapshotMs = clock.milliseconds(since: snapshotStarted)
        var found: [(pattern: String, entry: ManifestEntry)] = []
        var missing: [String] = []
        for pattern in plan.artifacts {
            let paths = result.manifest.paths(matching: pattern)
            if paths.isEmpty { missing.append(pattern.text) }
            for path in paths {
                if let entry = result.manifest.entry(at: path) { found.append((pattern.text, entry)) }
            }
        }
        let results = await judgeGates(
            policy: policy, workflowID: phaseRun.workflowId, phase: plan.phase,
            files: result.manifest.entries.filter { $0.kind == .file }.map(\.path),
            changed: Self.changedFiles(result.manifest, since: previousManifest),
            artifactCount: Set(found.map(\.entry.path)).count, missing: missing)
        var reasons: [String] = []
        if !missing.isEmpty { reasons.append("no file matches " + missing.map { "'\($0)'" }.joined(separator: ", ")) }
        if let gates = Self.blockingReason(results.filter { $0.gateID != Self.requiredArtifactsGate }) {
            reasons.append(gates)
        }
        let now = clock.nowMilliseconds()
        let phaseMs = clock.milliseconds(since: started)
        let passed = reasons.isEmpty
        let reason = "CP\(plan.phase.checkpointNumber): " + reasons.joined(separator: "; ")
        // Warning gates do not block, but a run's output is where people look: name them there too.
        let warnings = results.filter { !$0.blocks && ($0.status == .failed || $0.status == .error) }.map {
            "; warning: gate \($0.gateID): \($0.message)"
        }.joined()
        try await commit { [found, missing] tx, published in
            var record = CheckpointRecord(
                workflowID: phaseRun.workflowId, phaseRunID: phaseRun.id ?? -1, phase: plan.phase,
                attempt: phaseRun.attempt, status: passed ? .passed : .failed, createdAt: now)
            record.missingPatterns = missing.isEmpty ? nil : missing.joined(separator: "\n")
            record.manifestHash = result.manifestHash.hex
            record.fileCount = result.manifest.fileCount
            record.totalBytes = Int64(clamping: result.manifest.totalBytes)
            record.newObjects = result.newObjects
            record.newBytes = Int64(clamping: result.newBytes)
            record.hashedFiles = result.hashedFiles
            record.reusedFiles = result.reusedFiles
            record.phaseMs = phaseMs
            record.snapshotMs = snapshotMs
            try tx.insert(&record)
            for item in found {
                var artifact = ArtifactRecord(
                    checkpointID: record.id ?? -1, pattern: item.pattern, path: item.entry.path,
                    size: Int64(clamping: item.entry.size), hash: item.entry.hash.hex)
                try tx.insert(&artifact)
            }
            _ = try self.record(
                results, policy: policy, workflowID: phaseRun.workflowId, phase: plan.phase, attempt: phaseRun.attempt,
                checkpointID: record.id, trigger: "checkpoint", in: tx)
            try audit.append(
                tx, workflow: phaseRun.workflowId, phase: plan.phase, action: .checkpointSaved,
                inputs: .object([
                    "checkpoint": .string("CP\(plan.phase.checkpointNumber)"),
                    "attempt": .integer(Int64(phaseRun.attempt)),
                    "manifest_hash": .string(result.manifestHash.hex),
                    "files": .integer(Int64(result.manifest.fileCount)),
                    "artifacts": .integer(Int64(found.count)),
                ]), outcome: passed ? "passed" : "blocked")
            var run = phaseRun
            run.phaseStatus = passed ? .passed : .blocked
            run.endedAt = now
            run.reason = passed ? nil : reason
            try tx.update(run)
            published.append(
                try tx.append(
                    WorkflowEvent(
                        workflowID: phaseRun.workflowId, kind: .checkpointSaved, timestamp: now, phase: plan.phase,
                        attempt: phaseRun.attempt, checkpoint: plan.phase.checkpointNumber,
                        message: passed
                            ? "\(found.count) artifacts, \(result.manifest.fileCount) files" + warnings : reason,
                        durationMs: phaseMs)))
            if !passed, var workflow = try tx.workflow(id: phaseRun.workflowId) {
                workflow.workflowStatus = .paused
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
        return passed ? .passed(result.manifest) : .stopped
    }
}
