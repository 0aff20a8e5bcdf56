import Model

extension StoreTransaction {
    // MARK: Events

    /// Appends an event and returns it with its sequence number.
    @discardableResult
    public func append(_ event: WorkflowEvent) throws -> WorkflowEvent {
        try db.query(
            """
            INSERT INTO events (workflow_id, kind, timestamp, phase, attempt, agent, tool, path, checkpoint, message,
            duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(event.workflowID), .text(event.kind.rawValue), .integer(event.timestamp),
                event.phase?.rawValue.sqliteValue ?? .null, event.attempt.sqliteValue, event.agent.sqliteValue,
                event.tool.sqliteValue, event.path.sqliteValue, event.checkpoint.sqliteValue,
                event.message.sqliteValue, event.durationMs.sqliteValue,
            ])
        var stored = event
        stored.sequence = db.lastInsertRowID
        return stored
    }

    /// A workflow's events after a sequence number, in order (at most `limit`); kinds this build does not know
    /// (written by a newer one) are skipped.
    public func events(workflowID: String, after sequence: Int64 = 0, limit: Int? = nil) throws -> [WorkflowEvent] {
        try db.query(
            """
            SELECT sequence, workflow_id, kind, timestamp, phase, attempt, agent, tool, path, checkpoint, message,
            duration_ms FROM events WHERE workflow_id = ? AND sequence > ? ORDER BY sequence LIMIT ?
            """, [.text(workflowID), .integer(sequence), .integer(Int64(limit ?? -1))]
        ).compactMap { row in
            guard let kind = WorkflowEvent.Kind(rawValue: row.string(2)) else { return nil }
            return WorkflowEvent(
                sequence: row.int64(0), workflowID: row.string(1), kind: kind, timestamp: row.int64(3),
                phase: row.optionalString(4).flatMap(Phase.init(rawValue:)), attempt: row.optionalInt(5),
                agent: row.optionalString(6), tool: row.optionalString(7), path: row.optionalString(8),
                checkpoint: row.optionalInt(9), message: row.optionalString(10), durationMs: row.optionalDouble(11))
        }
    }

    // MARK: Leases

    public func lease(workflowID: String) throws -> LeaseRecord? {
        try db.query(
            "SELECT workflow_id, pid, process_start, host, acquired_at FROM leases WHERE workflow_id = ?",
            [.text(workflowID)]
        ).first.map { row in
            LeaseRecord(
                workflowID: row.string(0), pid: Int32(truncatingIfNeeded: row.int64(1)), processStart: row.int64(2),
                host: row.string(3), acquiredAt: row.int64(4))
        }
    }

    public func save(_ lease: LeaseRecord) throws {
        try db.query(
            """
            INSERT INTO leases (workflow_id, pid, process_start, host, acquired_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (workflow_id) DO UPDATE SET pid = excluded.pid, process_start = excluded.process_start,
            host = excluded.host, acquired_at = excluded.acquired_at
            """,
            [
                .text(lease.workflowId), .integer(Int64(lease.pid)), .integer(lease.processStart), .text(lease.host),
                .integer(lease.acquiredAt),
            ])
    }

    public func deleteLease(workflowID: String) throws {
        try db.query("DELETE FROM leases WHERE workflow_id = ?", [.text(workflowID)])
    }

    // MARK: Health

    func integrityCheck() throws -> [String] {
        try db.query("PRAGMA integrity_check").map { $0.string(0) }
    }

    /// Runs raw SQL inside the transaction (tests use it to prove the store refuses what it must).
    func execute(_ sql: String) throws {
        try db.execute(sql)
    }
}
