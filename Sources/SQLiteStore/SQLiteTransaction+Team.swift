import Model
import StorePort

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SQLiteTransaction {
    private static let delegationColumns = """
        phase_run_id, agent, tool_use_id, parent, subagent, task, paths, status, summary, changed_paths, started_at,
        ended_at
        """
    private static let reviewColumns =
        "workflow_id, phase_run_id, phase, kind, reviewer, round, verdict, detail, created_at"

    // MARK: Delegations

    func insert(_ delegation: inout DelegationRecord) throws {
        try db.query(
            "INSERT INTO delegations (\(Self.delegationColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            try Self.values(of: delegation))
        delegation.id = db.lastInsertRowID
    }

    func update(_ delegation: DelegationRecord) throws {
        try db.query(
            """
            UPDATE delegations SET phase_run_id = ?, agent = ?, tool_use_id = ?, parent = ?, subagent = ?, task = ?,
            paths = ?, status = ?, summary = ?, changed_paths = ?, started_at = ?, ended_at = ? WHERE id = ?
            """, try Self.values(of: delegation) + [delegation.id.sqliteValue])
    }

    func delegations(phaseRunID: Int64) throws -> [DelegationRecord] {
        try db.query(
            "SELECT id, \(Self.delegationColumns) FROM delegations WHERE phase_run_id = ? ORDER BY id",
            [.integer(phaseRunID)]
        ).map { row in
            let delegation = Delegation(
                id: try row.string("tool_use_id"), parent: try row.string("parent"),
                subagent: try row.string("subagent"), task: try row.string("task"),
                paths: try Self.decodeJSON(
                    [String].self, try row.string("paths"), table: "delegations", column: "paths",
                    expected: "a list of paths"),
                status: try row.value("status", as: Delegation.Status.self),
                summary: try row.optionalString("summary"),
                changedPaths: try Self.decodeJSON(
                    [String].self, try row.string("changed_paths"), table: "delegations", column: "changed_paths",
                    expected: "a list of paths"))
            var record = DelegationRecord(
                phaseRunID: try row.int64("phase_run_id"), agent: try row.string("agent"), delegation: delegation,
                startedAt: try row.int64("started_at"))
            record.id = try row.int64("id")
            record.endedAt = try row.optionalInt64("ended_at")
            return record
        }
    }

    private static func values(of record: DelegationRecord) throws -> [SQLiteValue] {
        let delegation = record.delegation
        return [
            record.phaseRunId.sqliteValue, record.agent.sqliteValue, delegation.id.sqliteValue,
            delegation.parent.sqliteValue, delegation.subagent.sqliteValue, delegation.task.sqliteValue,
            try encodeJSON(delegation.paths).sqliteValue, delegation.status.rawValue.sqliteValue,
            delegation.summary.sqliteValue, try encodeJSON(delegation.changedPaths).sqliteValue,
            record.startedAt.sqliteValue, record.endedAt.sqliteValue,
        ]
    }

    // MARK: Reviews

    func insert(_ review: inout ReviewRecord) throws {
        try db.query(
            "INSERT INTO reviews (\(Self.reviewColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            try Self.values(of: review))
        review.id = db.lastInsertRowID
        try bumpReviewStamp()
    }

    func update(_ review: ReviewRecord) throws {
        try db.query(
            """
            UPDATE reviews SET workflow_id = ?, phase_run_id = ?, phase = ?, kind = ?, reviewer = ?, round = ?,
            verdict = ?, detail = ?, created_at = ? WHERE id = ?
            """, try Self.values(of: review) + [review.id.sqliteValue])
        try bumpReviewStamp()
    }

    func reviews(phaseRunID: Int64) throws -> [ReviewRecord] {
        try db.query(
            "SELECT id, \(Self.reviewColumns) FROM reviews WHERE phase_run_id = ? ORDER BY id", [.integer(phaseRunID)]
        ).map(Self.review)
    }

    func latestReviews() throws -> [ReviewRecord] {
        try db.query(
            """
            SELECT id, \(Self.reviewColumns) FROM reviews
            WHERE id IN (SELECT MAX(id) FROM reviews GROUP BY phase) ORDER BY id
            """
        ).map(Self.review)
    }

    func reviewStamp() throws -> Int64 {
        try db.query("SELECT counter FROM review_revisions WHERE id = 1").first?.int64("counter") ?? 0
    }

    private func bumpReviewStamp() throws {
        try db.query("UPDATE review_revisions SET counter = counter + 1 WHERE id = 1")
    }

    private static func values(of record: ReviewRecord) throws -> [SQLiteValue] {
        [
            record.workflowId.sqliteValue, record.phaseRunId.sqliteValue, record.phase.rawValue.sqliteValue,
            record.round.kind.rawValue.sqliteValue, record.round.reviewer.sqliteValue, record.round.round.sqliteValue,
            record.round.verdict.rawValue.sqliteValue, try encodeJSON(record.round).sqliteValue,
            record.createdAt.sqliteValue,
        ]
    }

    private static func review(_ row: SQLiteRow) throws -> ReviewRecord {
        let round = try decodeJSON(
            ReviewRound.self, try row.string("detail"), table: "reviews", column: "detail", expected: "a review round")
        var record = ReviewRecord(
            workflowID: try row.string("workflow_id"), phaseRunID: try row.int64("phase_run_id"),
            phase: try row.value("phase", as: Phase.self), round: round, createdAt: try row.int64("created_at"))
        record.id = try row.int64("id")
        return record
    }
}
