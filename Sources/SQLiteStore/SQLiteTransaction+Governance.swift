import Model
import StorePort

extension SQLiteTransaction {
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
            VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id
            """,
            [
                evaluation.workflowId.sqliteValue, evaluation.phase.rawValue.sqliteValue,
                evaluation.attempt.sqliteValue, evaluation.checkpointId.sqliteValue,
                evaluation.trigger.rawValue.sqliteValue, evaluation.blocked.sqliteValue,
                evaluation.evaluatedAt.sqliteValue,
            ])
        let id = try rows.first?.optionalInt64("id") ?? db.lastInsertRowID
        evaluation.id = id
        for result in results {
            try db.query(
                "INSERT INTO gate_results (evaluation_id, gate, status, severity, detail) VALUES (?, ?, ?, ?, ?)",
                [
                    .integer(id), result.gate.sqliteValue, result.status.rawValue.sqliteValue,
                    result.severity.rawValue.sqliteValue, result.detail.sqliteValue,
                ])
        }
    }

    /// A workflow's evaluations, oldest first.
    func gateEvaluations(workflowID: String) throws -> [GateEvaluationRecord] {
        try db.query(
            "SELECT \(Self.evaluationColumns) FROM gate_evaluations WHERE workflow_id = ? ORDER BY id",
            [.text(workflowID)]
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
            "SELECT evaluation_id, gate, status, severity, detail FROM gate_results WHERE evaluation_id = ? ORDER BY id",
            [.integer(evaluationID)]
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
            "INSERT INTO audit_entries (\(Self.auditColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                entry.workflowId.sqliteValue, entry.sequence.sqliteValue, entry.time.sqliteValue,
                entry.actor.sqliteValue, entry.phase.sqliteValue, entry.action.sqliteValue, entry.inputs.sqliteValue,
                entry.outcome.sqliteValue, entry.previousHash.sqliteValue, entry.hash.sqliteValue,
            ])
    }

    /// The last entry of a workflow's chain, the one the next entry links to.
    func lastAuditEntry(workflowID: String) throws -> AuditRecord? {
        try db.query(
            "SELECT \(Self.auditColumns) FROM audit_entries WHERE workflow_id = ? ORDER BY sequence DESC LIMIT 1",
            [.text(workflowID)]
        ).first.map(AuditRecord.init(storedRow:))
    }

    /// A workflow's audit trail in stored order (by sequence; ties, which only tampering makes, by row).
    func auditEntries(workflowID: String) throws -> [AuditRecord] {
        try db.query(
            "SELECT \(Self.auditColumns) FROM audit_entries WHERE workflow_id = ? ORDER BY sequence, id",
            [.text(workflowID)]
        ).map(AuditRecord.init(storedRow:))
    }

}
