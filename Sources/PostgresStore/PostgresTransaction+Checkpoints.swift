import Model
import StorePort

extension PostgresTransaction {
    private static let checkpointColumns = """
        workflow_id, phase_run_id, number, phase, attempt, status, missing_patterns, manifest_hash, file_count,
        total_bytes, new_objects, new_bytes, hashed_files, reused_files, phase_ms, snapshot_ms, created_at, pruned_at,
        added_files, added_bytes, review
        """

    func insert(_ checkpoint: inout CheckpointRecord) throws {
        checkpoint.id = try db.insertedID(
            """
            INSERT INTO checkpoints (\(Self.checkpointColumns))
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
            """, try Self.values(of: checkpoint))
    }

    func update(_ checkpoint: CheckpointRecord) throws {
        try db.query(
            """
            UPDATE checkpoints SET workflow_id = $1, phase_run_id = $2, number = $3, phase = $4, attempt = $5, status = $6,
            missing_patterns = $7, manifest_hash = $8, file_count = $9, total_bytes = $10, new_objects = $11, new_bytes = $12,
            hashed_files = $13, reused_files = $14, phase_ms = $15, snapshot_ms = $16, created_at = $17, pruned_at = $18,
            added_files = $19, added_bytes = $20, review = $21
            WHERE id = $22
            """, try Self.values(of: checkpoint) + [checkpoint.id.postgresText])
    }

    /// Every checkpoint of a workflow (all attempts), oldest first.
    func checkpoints(workflowID: String) throws -> [CheckpointRecord] {
        try db.query(
            "SELECT id, \(Self.checkpointColumns) FROM checkpoints WHERE workflow_id = $1 ORDER BY id",
            [workflowID]
        ).map(CheckpointRecord.init(storedRow:))
    }

    /// Every checkpoint in the store, for retention across workflows.
    func allCheckpoints() throws -> [CheckpointRecord] {
        try db.query("SELECT id, \(Self.checkpointColumns) FROM checkpoints ORDER BY id").map(
            CheckpointRecord.init(storedRow:))
    }

    private static func values(of checkpoint: CheckpointRecord) throws -> [String?] {
        [
            checkpoint.workflowId.postgresText, checkpoint.phaseRunId.postgresText, checkpoint.number.postgresText,
            checkpoint.phase.rawValue.postgresText, checkpoint.attempt.postgresText,
            checkpoint.status.rawValue.postgresText,
            (checkpoint.missing.isEmpty ? nil : checkpoint.missing.joined(separator: "\n")).postgresText,
            checkpoint.manifestHash.postgresText,
            checkpoint.fileCount.postgresText, checkpoint.totalBytes.postgresText, checkpoint.newObjects.postgresText,
            checkpoint.newBytes.postgresText, checkpoint.hashedFiles.postgresText, checkpoint.reusedFiles.postgresText,
            checkpoint.phaseMs.postgresText, checkpoint.snapshotMs.postgresText, checkpoint.createdAt.postgresText,
            checkpoint.prunedAt.postgresText, checkpoint.addedFiles.postgresText, checkpoint.addedBytes.postgresText,
            try checkpoint.review.map(StoredJSON.encode).postgresText,
        ]
    }

    func insert(_ artifact: inout ArtifactRecord) throws {
        artifact.id = try db.insertedID(
            "INSERT INTO artifacts (checkpoint_id, pattern, path, size, hash) VALUES ($1, $2, $3, $4, $5)",
            [
                artifact.checkpointId.postgresText, artifact.pattern, artifact.path,
                artifact.size.postgresText, artifact.hash,
            ])
    }

    func artifacts(checkpointID: Int64) throws -> [ArtifactRecord] {
        try db.query(
            "SELECT id, checkpoint_id, pattern, path, size, hash FROM artifacts WHERE checkpoint_id = $1 ORDER BY id",
            [checkpointID.postgresText]
        ).map { row in
            var artifact = ArtifactRecord(
                checkpointID: try row.int64("checkpoint_id"), pattern: try row.string("pattern"),
                path: try row.string("path"), size: try row.int64("size"), hash: try row.string("hash"))
            artifact.id = try row.optionalInt64("id")
            return artifact
        }
    }
}
