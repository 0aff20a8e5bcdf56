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
        ).map(CheckpointRecord.init(storedRow:))
    }

    /// Every checkpoint in the store, for retention across workflows.
    func allCheckpoints() throws -> [CheckpointRecord] {
        try db.query("SELECT id, \(Self.checkpointColumns) FROM checkpoints ORDER BY id").map(
            CheckpointRecord.init(storedRow:))
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
            try checkpoint.review.map(StoredJSON.encode).sqliteValue,
        ]
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
