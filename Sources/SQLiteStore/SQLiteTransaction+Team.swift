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
        ).map { try DelegationRecord(storedRow: $0) }
    }

    private static func values(of record: DelegationRecord) throws -> [SQLiteValue] {
        let delegation = record.delegation
        return [
            record.phaseRunId.sqliteValue, record.agent.sqliteValue, delegation.id.sqliteValue,
            delegation.parent.sqliteValue, delegation.subagent.sqliteValue, delegation.task.sqliteValue,
            try StoredJSON.encode(delegation.paths).sqliteValue, delegation.status.rawValue.sqliteValue,
            delegation.summary.sqliteValue, try StoredJSON.encode(delegation.changedPaths).sqliteValue,
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
        ).map(ReviewRecord.init(storedRow:))
    }

    func latestReviews() throws -> [ReviewRecord] {
        try db.query(
            """
            SELECT id, \(Self.reviewColumns) FROM reviews
            WHERE id IN (SELECT MAX(id) FROM reviews GROUP BY phase) ORDER BY id
            """
        ).map(ReviewRecord.init(storedRow:))
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
            record.round.verdict.rawValue.sqliteValue, try StoredJSON.encode(record.round).sqliteValue,
            record.createdAt.sqliteValue,
        ]
    }

}
