import Model
import StorePort

extension SQLiteTransaction {
    private static let checkpointColumns = """
        workflow_id, phase_run_id, number, phase, attempt, status, missing_patterns, manifest_hash, file_count,
        total_bytes, new_objects, new_bytes, hashed_files, reused_files, phase_ms, snapshot_ms, created_at, pruned_at,
        added_files, added_bytes, review
        """

    func insert(_ checkpoint: inout CheckpointRecord) throws {
        try db.query(
            """
            INSERT INTO checkpoints (\(Self.checkpointColumns))
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, try Self.values(of: checkpoint))
        checkpoint.id = db.lastInsertRowID
    }

    func update(_ checkpoint: CheckpointRecord) throws {
        try db.query(
            """
            UPDATE checkpoints SET workflow_id = ?, phase_run_id = ?, number = ?, phase = ?, attempt = ?, status = ?,
            missing_patterns = ?, manifest_hash = ?, file_count = ?, total_bytes = ?, new_objects = ?, new_bytes = ?,
            hashed_files = ?, reused_files = ?, phase_ms = ?, snapshot_ms = ?, created_at = ?, pruned_at = ?,
            added_files = ?, added_bytes = ?, review = ?
            WHERE id = ?
            """, try Self.values(of: checkpoint) + [checkpoint.id.sqliteValue])
    }

    /// Every checkpoint of a workflow (all attempts), oldest first.
    func checkpoints(workflowID: String) throws -> [CheckpointRecord] {
        try db.query(
            "SELECT id, \(Self.checkpointColumns) FROM checkpoints WHERE workflow_id = ? ORDER BY id",
            [.text(workflowID)]
        ).map(Self.checkpoint)
    }

    /// Every checkpoint in the store, for retention across workflows.
    func allCheckpoints() throws -> [CheckpointRecord] {
        try db.query("SELECT id, \(Self.checkpointColumns) FROM checkpoints ORDER BY id").map(Self.checkpoint)
    }

    private static func values(of checkpoint: CheckpointRecord) throws -> [SQLiteValue] {
        [
            checkpoint.workflowId.sqliteValue, checkpoint.phaseRunId.sqliteValue, checkpoint.number.sqliteValue,
            checkpoint.phase.rawValue.sqliteValue, checkpoint.attempt.sqliteValue,
            checkpoint.status.rawValue.sqliteValue,
            (checkpoint.missing.isEmpty ? nil : checkpoint.missing.joined(separator: "\n")).sqliteValue,
            checkpoint.manifestHash.sqliteValue,
            checkpoint.fileCount.sqliteValue, checkpoint.totalBytes.sqliteValue, checkpoint.newObjects.sqliteValue,
            checkpoint.newBytes.sqliteValue, checkpoint.hashedFiles.sqliteValue, checkpoint.reusedFiles.sqliteValue,
            checkpoint.phaseMs.sqliteValue, checkpoint.snapshotMs.sqliteValue, checkpoint.createdAt.sqliteValue,
            checkpoint.prunedAt.sqliteValue, checkpoint.addedFiles.sqliteValue, checkpoint.addedBytes.sqliteValue,
            try checkpoint.review.map(encodeJSON).sqliteValue,
        ]
    }

    private static func checkpoint(_ row: SQLiteRow) throws -> CheckpointRecord {
        var record = CheckpointRecord(
            workflowID: try row.string("workflow_id"), phaseRunID: try row.int64("phase_run_id"),
            phase: try row.value("phase", as: Phase.self), attempt: try row.int("attempt"),
            status: try row.value("status", as: CheckpointRecord.Status.self), createdAt: try row.int64("created_at"))
        record.id = try row.optionalInt64("id")
        record.number = try row.int("number")
        record.missing = (try row.optionalString("missing_patterns") ?? "").split(separator: "\n").map(String.init)
        record.manifestHash = try row.optionalString("manifest_hash")
        record.fileCount = try row.int("file_count")
        record.totalBytes = try row.int64("total_bytes")
        record.newObjects = try row.int("new_objects")
        record.newBytes = try row.int64("new_bytes")
        record.hashedFiles = try row.int("hashed_files")
        record.reusedFiles = try row.int("reused_files")
        record.phaseMs = try row.double("phase_ms")
        record.snapshotMs = try row.double("snapshot_ms")
        record.prunedAt = try row.optionalInt64("pruned_at")
        record.addedFiles = try row.optionalInt("added_files")
        record.addedBytes = try row.optionalInt64("added_bytes")
        record.review = try row.optionalString("review").map {
            try decodeJSON(ReviewOutcome.self, $0, table: "checkpoints", column: "review", expected: "a review outcome")
        }
        return record
    }

    func insert(_ artifact: inout ArtifactRecord) throws {
        try db.query(
            "INSERT INTO artifacts (checkpoint_id, pattern, path, size, hash) VALUES (?, ?, ?, ?, ?)",
            [
                .integer(artifact.checkpointId), .text(artifact.pattern), .text(artifact.path),
                .integer(artifact.size), .text(artifact.hash),
            ])
        artifact.id = db.lastInsertRowID
    }

    func artifacts(checkpointID: Int64) throws -> [ArtifactRecord] {
        try db.query(
            "SELECT id, checkpoint_id, pattern, path, size, hash FROM artifacts WHERE checkpoint_id = ? ORDER BY id",
            [.integer(checkpointID)]
        ).map { row in
            var artifact = ArtifactRecord(
                checkpointID: try row.int64("checkpoint_id"), pattern: try row.string("pattern"),
                path: try row.string("path"), size: try row.int64("size"), hash: try row.string("hash"))
            artifact.id = try row.optionalInt64("id")
            return artifact
        }
    }
}
