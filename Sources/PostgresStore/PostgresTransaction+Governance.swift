import Model
import StorePort

extension PostgresTransaction {
    private static let evaluationColumns =
        "id, workflow_id, phase, attempt, checkpoint_id, trigger, blocked, evaluated_at"
    private static let auditColumns =
        "workflow_id, sequence, time, actor, phase, action, inputs, outcome, previous_hash, hash"

    // MARK: Gate evaluations

    /// Records an evaluation and its gates' results together.
    func insert(_ evaluation: inout GateEvaluationRecord, results: [GateResultRecord]) throws {
        let rows = try db.query(
            """
            INSERT INTO gate_evaluations (workflow_id, phase, attempt, checkpoint_id, trigger, blocked, evaluated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
            """,
            [
                evaluation.workflowId.postgresText, evaluation.phase.rawValue.postgresText,
                evaluation.attempt.postgresText, evaluation.checkpointId.postgresText,
                evaluation.trigger.rawValue.postgresText, evaluation.blocked.postgresText,
                evaluation.evaluatedAt.postgresText,
            ])
        guard let id = try rows.first?.optionalInt64("id") else {
            throw StoreError(.database, "gate_evaluations: the insert returned no id")
        }
        evaluation.id = id
        for result in results {
            try db.query(
                "INSERT INTO gate_results (evaluation_id, gate, status, severity, detail) VALUES ($1, $2, $3, $4, $5)",
                [
                    id.postgresText, result.gate.postgresText, result.status.rawValue.postgresText,
                    result.severity.rawValue.postgresText, result.detail.postgresText,
                ])
        }
    }

    /// A workflow's evaluations, oldest first.
    func gateEvaluations(workflowID: String) throws -> [GateEvaluationRecord] {
        try db.query(
            "SELECT \(Self.evaluationColumns) FROM gate_evaluations WHERE workflow_id = $1 ORDER BY id",
            [workflowID]
        ).map(GateEvaluationRecord.init(storedRow:))
    }

    /// The newest evaluation of each phase in the workspace (any workflow): what an editor shows.
    func latestGateEvaluations() throws -> [GateEvaluationRecord] {
        try db.query(
            """
            SELECT \(Self.evaluationColumns) FROM gate_evaluations
            WHERE id IN (SELECT MAX(id) FROM gate_evaluations GROUP BY phase) ORDER BY id
            """
        ).map(GateEvaluationRecord.init(storedRow:))
    }

    /// The newest evaluation id in the store (0 when none): a cheap "has anything new been judged" probe.
    func lastGateEvaluationID() throws -> Int64 {
        try db.query("SELECT COALESCE(MAX(id), 0) AS newest FROM gate_evaluations").first?.int64("newest") ?? 0
    }

    /// The gates' results of one evaluation, in the order they were judged.
    func gateResults(evaluationID: Int64) throws -> [GateResultRecord] {
        try db.query(
            "SELECT evaluation_id, gate, status, severity, detail FROM gate_results WHERE evaluation_id = $1 ORDER BY id",
            [evaluationID.postgresText]
        ).map { row in
            var record = GateResultRecord(
                gate: try row.string("gate"), status: try row.value("status", as: GateStatus.self),
                severity: try row.value("severity", as: GateSeverity.self), detail: try row.string("detail"))
            record.evaluationId = try row.int64("evaluation_id")
            return record
        }
    }

    // MARK: Audit trail

    /// Appends a sealed entry; its sequence must be the next of its workflow's chain (else a constraint error).
    func append(_ entry: AuditRecord) throws {
        try db.query(
            "INSERT INTO audit_entries (\(Self.auditColumns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            [
                entry.workflowId.postgresText, entry.sequence.postgresText, entry.time.postgresText,
                entry.actor.postgresText, entry.phase.postgresText, entry.action.postgresText,
                entry.inputs.postgresText,
                entry.outcome.postgresText, entry.previousHash.postgresText, entry.hash.postgresText,
            ])
    }

    /// The last entry of a workflow's chain, the one the next entry links to.
    func lastAuditEntry(workflowID: String) throws -> AuditRecord? {
        try db.query(
            "SELECT \(Self.auditColumns) FROM audit_entries WHERE workflow_id = $1 ORDER BY sequence DESC LIMIT 1",
            [workflowID]
        ).first.map(AuditRecord.init(storedRow:))
    }

    /// A workflow's audit trail in stored order (by sequence; ties, which only tampering makes, by row).
    func auditEntries(workflowID: String) throws -> [AuditRecord] {
        try db.query(
            "SELECT \(Self.auditColumns) FROM audit_entries WHERE workflow_id = $1 ORDER BY sequence, id",
            [workflowID]
        ).map(AuditRecord.init(storedRow:))
    }

}
