import StorePort

/// One gate evaluation as the store holds it, with what turning it into diagnostics needs.
struct StoredGateEvaluation: Sendable {
    var evaluation: GateEvaluationRecord
    /// The gates' results, in the order they were judged.
    var results: [GateResultRecord]
    /// The evaluated workflow; nil if its row is gone, and then results about no file have no intake to point at.
    var workflow: WorkflowRecord?

    /// The newest evaluation of each phase in the workspace, read in one transaction so results and
    /// workflows match the evaluations even while a run is writing.
    static func latest(in store: any WorkflowStore) async throws -> [StoredGateEvaluation] {
        try await store.read { tx in
            var workflows: [String: WorkflowRecord] = [:]
            var stored: [StoredGateEvaluation] = []
            for evaluation in try tx.latestGateEvaluations() {
                let results = try evaluation.id.map { try tx.gateResults(evaluationID: $0) } ?? []
                if workflows[evaluation.workflowId] == nil {
                    workflows[evaluation.workflowId] = try tx.workflow(id: evaluation.workflowId)
                }
                stored.append(
                    StoredGateEvaluation(
                        evaluation: evaluation, results: results, workflow: workflows[evaluation.workflowId]))
            }
            return stored
        }
    }
}
