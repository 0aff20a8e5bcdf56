import Model

extension StoreTransaction {
    private static let checkpointColumns = """
        workflow_id, phase_run_id, number, phase, attempt, status, missing_patterns, manifest_hash, file_count,
        total_bytes, new_objects, new_bytes, hashed_files, reused_files, phase_ms, snapshot_ms, created_at, pruned_at
        """

    public func insert(_ checkpoint: inout CheckpointRecord) throws {
        try db.query(
            """
            INSERT INTO checkpoints (\(Self.checkpointColumns))
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, Self.values(of: checkpoint))
        checkpoint.id = db.lastInsertRowID
    }

    public func update(_ checkpoint: CheckpointRecord) throws {
        try db.query(
            """
            UPDATE checkpoints SET workflow_id = ?, phase_run_id = ?, number = ?, phase = ?, attempt = ?, status = ?,
            missing_patterns = ?, manifest_hash = ?, file_count = ?, total_bytes = ?, new_objects = ?, new_bytes = ?,
            hashed_files = ?, reused_files = ?, phase_ms = ?, snapshot_ms = ?, created_at = ?, pruned_at = ?
            WHERE id = ?
            """, Self.values(of: checkpoint) + [checkpoint.id.sqliteValue])
    }

    /// Every checkpoint of a workflow (all attempts), oldest first.
    public func checkpoints(workflowID: String) throws -> [CheckpointRecord] {
        try db.query(
            "SELECT id, \(Self.checkpointColumns) FROM checkpoints WHERE workflow_id = ? ORDER BY id",
            [.text(workflowID)]
        ).map(Self.checkpoint)
    }

    /// Every checkpoint in the store, for retention across workflows.
    public func allCheckpoints() throws -> [CheckpointRecord] {
        try db.query("SELECT id, \(Self.checkpointColumns) FROM checkpoints ORDER BY id").map(Self.checkpoint)
    }

    private static func values(of checkpoint: CheckpointRecord) -> [SQLiteValue] {
        [
            checkpoint.workflowId.sqliteValue, checkpoint.phaseRunId.sqliteValue, checkpoint.number.sqliteValue,
            checkpoint.phase.sqliteValue, checkpoint.attempt.sqliteValue, checkpoint.status.sqliteValue,
            checkpoint.missingPatterns.sqliteValue, checkpoint.manifestHash.sqliteValue,
            checkpoint.fileCount.sqliteValue, checkpoint.totalBytes.sqliteValue, checkpoint.newObjects.sqliteValue,
            checkpoint.newBytes.sqliteValue, checkpoint.hashedFiles.sqliteValue, checkpoint.reusedFiles.sqliteValue,
            checkpoint.phaseMs.sqliteValue, checkpoint.snapshotMs.sqliteValue, checkpoint.createdAt.sqliteValue,
            checkpoint.prunedAt.sqliteValue,
        ]
    }

    private static func checkpoint(_ row: SQLiteRow) -> CheckpointRecord {
        var record = CheckpointRecord(
            workflowID: row.string(1), phaseRunID: row.int64(2), phase: .planning, attempt: row.int(5),
            status: .passed, createdAt: row.int64(17))
        record.id = row.optionalInt64(0)
        record.number = row.int(3)
        record.phase = row.string(4)
        record.status = row.string(6)
        record.missingPatterns = row.optionalString(7)
        record.manifestHash = row.optionalString(8)
        record.fileCount = row.int(9)
        record.totalBytes = row.int64(10)
        record.newObjects = row.int(11)
        record.newBytes = row.int64(12)
        record.hashedFiles = row.int(13)
        record.reusedFiles = row.int(14)
        record.phaseMs = row.double(15)
        record.snapshotMs = row.double(16)
        record.prunedAt = row.optionalInt64(18)
        return record
    }

    public func insert(_ artifact: inout ArtifactRecord) throws {
        try db.query(
            "INSERT INTO artifacts (checkpoint_id, pattern, path, size, hash) VALUES (?, ?, ?, ?, ?)",
            [
                .integer(artifact.checkpointId), .text(artifact.pattern), .text(artifact.path),
                .integer(artifact.size), .text(artifact.hash),
            ])
        artifact.id = db.lastInsertRowID
    }

    public func artifacts(checkpointID: Int64) throws -> [ArtifactRecord] {
        try db.query(
            "SELECT id, checkpoint_id, pattern, path, size, hash FROM artifacts WHERE checkpoint_id = ? ORDER BY id",
            [.integer(checkpointID)]
        ).map { row in
            var artifact = ArtifactRecord(
                checkpointID: row.int64(1), pattern: row.string(2), path: row.string(3), size: row.int64(4),
                hash: row.string(5))
            artifact.id = row.optionalInt64(0)
            return artifact
        }
    }
}
