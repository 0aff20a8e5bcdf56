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
                try event.verdict.map(Self.encodeJSON).postgresText, event.step.postgresText,
                try event.delegation.map(Self.encodeJSON).postgresText,
                try event.review.map(Self.encodeJSON).postgresText,
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
        ).compactMap { row in
            guard let kind = WorkflowEvent.Kind(rawValue: try row.string("kind")) else { return nil }
            return WorkflowEvent(
                sequence: try row.int64("sequence"), workflowID: try row.string("workflow_id"), kind: kind,
                timestamp: try row.int64("timestamp"), phase: try row.optionalValue("phase", as: Phase.self),
                attempt: try row.optionalInt("attempt"), agent: try row.optionalString("agent"),
                tool: try row.optionalString("tool"), path: try row.optionalString("path"),
                checkpoint: try row.optionalInt("checkpoint"), message: try row.optionalString("message"),
                durationMs: try row.optionalDouble("duration_ms"),
                verdict: try row.optionalString("verdict").map {
                    try Self.decodeJSON(CheckpointVerdict.self, $0, column: "verdict", expected: "a checkpoint verdict")
                }, step: try row.optionalString("step"),
                delegation: try row.optionalString("delegation").map {
                    try Self.decodeJSON(Delegation.self, $0, column: "delegation", expected: "a delegation")
                },
                review: try row.optionalString("review").map {
                    try Self.decodeJSON(ReviewRound.self, $0, column: "review", expected: "a review round")
                })
        }
    }

    /// A typed value as the JSON text a column keeps (keys sorted, so equal values are equal text).
    static func encodeJSON<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// A column's JSON text as its typed value; text that is not one is an error naming the column.
    static func decodeJSON<Value: Decodable>(
        _ type: Value.Type, _ text: String, table: String = "events", column: String, expected: String
    ) throws -> Value {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError.unreadable(table: table, column: column, value: text, expected: expected + " as JSON")
        }
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
