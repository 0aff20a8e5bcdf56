import Model
import StorePort

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension PostgresTransaction {
    private static let delegationColumns = """
        phase_run_id, agent, tool_use_id, parent, subagent, task, paths, status, summary, changed_paths, started_at,
        ended_at
        """
    private static let reviewColumns =
        "workflow_id, phase_run_id, phase, kind, reviewer, round, verdict, detail, created_at"

    // MARK: Delegations

    func insert(_ delegation: inout DelegationRecord) throws {
        delegation.id = try db.insertedID(
            "INSERT INTO delegations (\(Self.delegationColumns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            try Self.values(of: delegation))
    }

    func update(_ delegation: DelegationRecord) throws {
        try db.query(
            """
            UPDATE delegations SET phase_run_id = $1, agent = $2, tool_use_id = $3, parent = $4, subagent = $5, task = $6,
            paths = $7, status = $8, summary = $9, changed_paths = $10, started_at = $11, ended_at = $12 WHERE id = $13
            """, try Self.values(of: delegation) + [delegation.id.postgresText])
    }

    func delegations(phaseRunID: Int64) throws -> [DelegationRecord] {
        try db.query(
            "SELECT id, \(Self.delegationColumns) FROM delegations WHERE phase_run_id = $1 ORDER BY id",
            [phaseRunID.postgresText]
        ).map { try DelegationRecord(storedRow: $0) }
    }

    private static func values(of record: DelegationRecord) throws -> [String?] {
        let delegation = record.delegation
        return [
            record.phaseRunId.postgresText, record.agent.postgresText, delegation.id.postgresText,
            delegation.parent.postgresText, delegation.subagent.postgresText, delegation.task.postgresText,
            try StoredJSON.encode(delegation.paths).postgresText, delegation.status.rawValue.postgresText,
            delegation.summary.postgresText, try StoredJSON.encode(delegation.changedPaths).postgresText,
            record.startedAt.postgresText, record.endedAt.postgresText,
        ]
    }

    // MARK: Reviews

    func insert(_ review: inout ReviewRecord) throws {
        review.id = try db.insertedID(
            "INSERT INTO reviews (\(Self.reviewColumns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            try Self.values(of: review))
        try bumpReviewStamp()
    }

    func update(_ review: ReviewRecord) throws {
        try db.query(
            """
            UPDATE reviews SET workflow_id = $1, phase_run_id = $2, phase = $3, kind = $4, reviewer = $5, round = $6,
            verdict = $7, detail = $8, created_at = $9 WHERE id = $10
            """, try Self.values(of: review) + [review.id.postgresText])
        try bumpReviewStamp()
    }

    func reviews(phaseRunID: Int64) throws -> [ReviewRecord] {
        try db.query(
            "SELECT id, \(Self.reviewColumns) FROM reviews WHERE phase_run_id = $1 ORDER BY id",
            [phaseRunID.postgresText]
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

    private static func values(of record: ReviewRecord) throws -> [String?] {
        [
            record.workflowId.postgresText, record.phaseRunId.postgresText, record.phase.rawValue.postgresText,
            record.round.kind.rawValue.postgresText, record.round.reviewer.postgresText,
            record.round.round.postgresText,
            record.round.verdict.rawValue.postgresText, try StoredJSON.encode(record.round).postgresText,
            record.createdAt.postgresText,
        ]
    }

}
