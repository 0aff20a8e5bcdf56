import Model
import StorePort

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SQLiteTransaction {
    // MARK: Events

    /// Appends an event and returns it with its sequence number.
    @discardableResult
    func append(_ event: WorkflowEvent) throws -> WorkflowEvent {
        try db.query(
            """
            INSERT INTO events (workflow_id, kind, timestamp, phase, attempt, agent, tool, path, checkpoint, message,
            duration_ms, verdict, step, delegation, review) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(event.workflowID), .text(event.kind.rawValue), .integer(event.timestamp),
                event.phase?.rawValue.sqliteValue ?? .null, event.attempt.sqliteValue, event.agent.sqliteValue,
                event.tool.sqliteValue, event.path.sqliteValue, event.checkpoint.sqliteValue,
                event.message.sqliteValue, event.durationMs.sqliteValue,
                try event.verdict.map(StoredJSON.encode).sqliteValue, event.step.sqliteValue,
                try event.delegation.map(StoredJSON.encode).sqliteValue,
                try event.review.map(StoredJSON.encode).sqliteValue,
            ])
        var stored = event
        stored.sequence = db.lastInsertRowID
        return stored
    }

    /// A workflow's events after a sequence number, in order (at most `limit`); kinds this build does not know
    /// (written by a newer one) are skipped: an event log is read by older clients too, and a kind they cannot
    /// show is not a reason to show none.
    func events(workflowID: String, after sequence: Int64, limit: Int?) throws -> [WorkflowEvent] {
        try db.query(
            """
            SELECT sequence, workflow_id, kind, timestamp, phase, attempt, agent, tool, path, checkpoint, message,
            duration_ms, verdict, step, delegation, review FROM events WHERE workflow_id = ? AND sequence > ? ORDER BY sequence LIMIT ?
            """, [.text(workflowID), .integer(sequence), .integer(Int64(limit ?? -1))]
        ).compactMap { try WorkflowEvent.stored($0) }
    }

    func events(after sequence: Int64, limit: Int) throws -> [WorkflowEvent] {
        try db.query(
            """
            SELECT sequence, workflow_id, kind, timestamp, phase, attempt, agent, tool, path, checkpoint, message,
            duration_ms, verdict, step, delegation, review FROM events WHERE sequence > ? ORDER BY sequence LIMIT ?
            """, [.integer(sequence), .integer(Int64(limit))]
        ).compactMap { try WorkflowEvent.stored($0) }
    }

    func lastEventSequence() throws -> Int64 {
        try db.query("SELECT COALESCE(max(sequence), 0) AS last FROM events").first?.int64("last") ?? 0
    }

    // MARK: Health

    func integrityCheck() throws -> [String] {
        try db.query("PRAGMA integrity_check").map { try $0.string("integrity_check") }
    }

    /// Runs raw SQL inside the transaction (tests use it to prove the store refuses what it must).
    func execute(_ sql: String) throws {
        try db.execute(sql)
    }
}
