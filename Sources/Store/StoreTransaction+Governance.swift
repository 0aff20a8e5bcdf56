import Model

extension StoreTransaction {
    private static let evaluationColumns =
        "id, workflow_id, phase, attempt, checkpoint_id, trigger, blocked, evaluated_at"
    private static let auditColumns =
        "workflow_id, sequence, time, actor, phase, action, inputs, outcome, previous_hash, hash"

    // MARK: Gate evaluations

    /// Records an evaluation and its gates' results together.
    public func insert(_ evaluation: inout GateEvaluationRecord, results: [GateResultRecord]) throws {
        let rows = try db.query(
            """
            INSERT INTO gate_evaluations (workflow_id, phase, attempt, checkpoint_id, trigger, blocked, evaluated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id
            """,
            [
                evaluation.workflowId.sqliteValue, evaluation.phase.sqliteValue, evaluation.attempt.sqliteValue,
                evaluation.checkpointId.sqliteValue, evaluation.trigger.sqliteValue, evaluation.blocked.sqliteValue,
                evaluation.evaluatedAt.sqliteValue,
            ])
        let id = rows.first?.int64(0) ?? db.lastInsertRowID
        evaluation.id = id
        for result in results {
            try db.query(
                "INSERT INTO gate_results (evaluation_id, gate, status, severity, detail) VALUES (?, ?, ?, ?, ?)",
                [
                    .integer(id), result.gate.sqliteValue, result.status.sqliteValue, result.severity.sqliteValue,
                    result.detail.sqliteValue,
                ])
        }
    }

    /// A workflow's evaluations, oldest first.
    public func gateEvaluations(workflowID: String) throws -> [GateEvaluationRecord] {
        try db.query(
            "SELECT \(Self.evaluationColumns) FROM gate_evaluations WHERE workflow_id = ? ORDER BY id",
            [.text(workflowID)]
        ).map(Self.evaluation)
    }

    /// The newest evaluation of each phase in the workspace (any workflow): what an editor shows.
    public func latestGateEvaluations() throws -> [GateEvaluationRecord] {
        try db.query(
            """
            SELECT \(Self.evaluationColumns) FROM gate_evaluations
            WHERE id IN (SELECT MAX(id) FROM gate_evaluations GROUP BY phase) ORDER BY id
            """
        ).map(Self.evaluation)
    }

    /// The newest evaluation id in the store (0 when none): a cheap "has anything new been judged" probe.
    public func lastGateEvaluationID() throws -> Int64 {
        try db.query("SELECT COALESCE(MAX(id), 0) FROM gate_evaluations").first?.int64(0) ?? 0
    }

    /// The gates' results of one evaluation, in the order they were judged.
    public func gateResults(evaluationID: Int64) throws -> [GateResultRecord] {
        try db.query(
            "SELECT evaluation_id, gate, status, severity, detail FROM gate_results WHERE evaluation_id = ? ORDER BY id",
            [.integer(evaluationID)]
        ).map { row in
            var record = GateResultRecord(
                gate: row.string(1), status: row.string(2), severity: row.string(3), detail: row.string(4))
            record.evaluationId = row.int64(0)
            return record
        }
    }

    private static func evaluation(_ row: SQLiteRow) -> GateEvaluationRecord {
        var record = GateEvaluationRecord(
            workflowID: row.string(1), phase: row.string(2), attempt: row.optionalInt(3),
            checkpointID: row.optionalInt64(4), trigger: row.string(5), blocked: row.bool(6),
            evaluatedAt: row.int64(7))
        record.id = row.int64(0)
        return record
    }

    // MARK: Audit trail

    /// Appends a sealed entry; its sequence must be the next of its workflow's chain (else a constraint error).
    public func append(_ entry: AuditRecord) throws {
        try db.query(
            "INSERT INTO audit_entries (\(Self.auditColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                entry.workflowId.sqliteValue, entry.sequence.sqliteValue, entry.time.sqliteValue,
                entry.actor.sqliteValue, entry.phase.sqliteValue, entry.action.sqliteValue, entry.inputs.sqliteValue,
                entry.outcome.sqliteValue, entry.previousHash.sqliteValue, entry.hash.sqliteValue,
            ])
    }

    /// The last entry of a workflow's chain, the one the next entry links to.
    public func lastAuditEntry(workflowID: String) throws -> AuditRecord? {
        try db.query(
            "SELECT \(Self.auditColumns) FROM audit_entries WHERE workflow_id = ? ORDER BY sequence DESC LIMIT 1",
            [.text(workflowID)]
        ).first.map(Self.audit)
    }

    /// A workflow's audit trail in stored order (by sequence; ties, which only tampering makes, by row).
    public func auditEntries(workflowID: String) throws -> [AuditRecord] {
        try db.query(
            "SELECT \(Self.auditColumns) FROM audit_entries WHERE workflow_id = ? ORDER BY sequence, id",
            [.text(workflowID)]
        ).map(Self.audit)
    }

    private static func audit(_ row: SQLiteRow) -> AuditRecord {
        AuditRecord(
            workflowID: row.string(0), sequence: row.int64(1), time: row.string(2), actor: row.string(3),
            phase: row.optionalString(4), action: row.string(5), inputs: row.string(6), outcome: row.string(7),
            previousHash: row.string(8), hash: row.string(9))
    }
}
