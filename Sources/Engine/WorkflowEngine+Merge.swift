import Model
import Snapshots
import Store

extension WorkflowEngine {
    /// Merges the phase's working copies into the workspace and records it; returns the block reason on conflict.
    func mergeWorkingCopies(_ copies: WorkingCopies, of phaseRun: PhaseRunRecord) async throws(EngineError) -> String? {
        let outcome: WorkingCopies.MergeOutcome
        do {
            outcome = try await copies.merge()
        } catch {
            throw EngineError(.snapshot, "cannot merge the agents' working copies: \(error.description)")
        }
        let message: String
        var conflictReason: String?
        switch outcome {
        case .merged(let written, let removed):
            message = "merged \(written.count) written and \(removed.count) removed file(s) from the agents' copies"
        case .conflicts(let conflicts):
            let listed = conflicts.map { "\($0.path) (\($0.agents.joined(separator: ", ")))" }
            conflictReason = "agents changed the same path differently: " + listed.joined(separator: "; ")
            message = conflictReason ?? ""
        }
        let now = clock.nowMilliseconds()
        try await commit { tx, published in
            published.append(
                try tx.append(
                    WorkflowEvent(
                        workflowID: phaseRun.workflowId, kind: .agentStep, timestamp: now, phase: phaseRun.phaseValue,
                        attempt: phaseRun.attempt, message: message)))
        }
        return conflictReason
    }
}
