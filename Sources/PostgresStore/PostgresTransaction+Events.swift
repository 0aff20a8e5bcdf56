import Model
import StorePort

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension PostgresTransaction {
    // MARK: Events

    /// Appends an event and returns it with its sequence number.
    @discardableResult
    func append(_ event: WorkflowEvent) throws -> WorkflowEvent {
        var stored = event
        stored.sequence = try db.insertedID(
            """
            INSERT INTO events (workflow_id, kind, timestamp, phase, attempt, agent, tool, path, checkpoint, message,
            duration_ms, verdict, step, delegation, review)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
            """,
            [
                event.workflowID, event.kind.rawValue, event.timestamp.postgresText,
                event.phase?.rawValue.postgresText ?? nil, event.attempt.postgresText, event.agent.postgresText,
                event.tool.postgresText, event.path.postgresText, event.checkpoint.postgresText,
                event.message.postgresText, event.durationMs.postgresText,
                try event.verdict.map(StoredJSON.encode).postgresText, event.step.postgresText,
                try event.delegation.map(StoredJSON.encode).postgresText,
                try event.review.map(StoredJSON.encode).postgresText,
            ], column: "sequence")
        return stored
    }

    /// A workflow's events after a sequence number, in order (at most `limit`); kinds this build does not know
    /// (written by a newer one) are skipped: an event log is read by older clients too, and a kind they cannot
    /// show is not a reason to show none.
    func events(workflowID: String, after sequence: Int64, limit: Int?) throws -> [WorkflowEvent] {
        try db.query(
            """
            SELECT sequence, workflow_id, kind, timestamp, phase, attempt, agent, tool, path, checkpoint, message,
            duration_ms, verdict, step, delegation, review FROM events WHERE workflow_id = $1 AND sequence > $2 ORDER BY sequence
            LIMIT $3
            """, [workflowID, sequence.postgresText, limit.postgresText]
        ).compactMap { try WorkflowEvent.stored($0) }
    }

    func events(after sequence: Int64, limit: Int) throws -> [WorkflowEvent] {
        try db.query(
            """
            SELECT sequence, workflow_id, kind, timestamp, phase, attempt, agent, tool, path, checkpoint, message,
            duration_ms, verdict, step, delegation, review FROM events WHERE sequence > $1 ORDER BY sequence LIMIT $2
            """, [sequence.postgresText, Int64(limit).postgresText]
        ).compactMap { try WorkflowEvent.stored($0) }
    }

    func lastEventSequence() throws -> Int64 {
        try db.query("SELECT COALESCE(max(sequence), 0) AS last FROM events").first?.int64("last") ?? 0
    }

    // MARK: Health

    /// The newest migration applied to the database.
    func schemaVersion() throws -> Int {
        try db.query("SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations").first?.int("version") ?? 0
    }

    /// Runs raw SQL inside the transaction (tests use it to prove the store refuses what it must).
    func execute(_ sql: String) throws {
        try db.execute(sql)
    }
}
