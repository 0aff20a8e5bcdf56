import StorePort

extension PostgresTransaction {
    // MARK: The workspace lease

    func workspaceLease() throws -> WorkspaceLeaseRecord? {
        try db.query(
            "SELECT activity, workflow_id, pid, process_start, host, acquired_at FROM workspace_lease WHERE slot = 1"
        ).first.map { row in
            WorkspaceLeaseRecord(
                activity: try row.value("activity", as: WorkspaceLeaseRecord.Activity.self),
                workflowID: try row.optionalString("workflow_id"),
                pid: Int32(truncatingIfNeeded: try row.int64("pid")), processStart: try row.int64("process_start"),
                host: try row.string("host"), acquiredAt: try row.int64("acquired_at"))
        }
    }

    func save(_ lease: WorkspaceLeaseRecord) throws {
        try db.query(
            """
            INSERT INTO workspace_lease (slot, activity, workflow_id, pid, process_start, host, acquired_at)
            VALUES (1, $1, $2, $3, $4, $5, $6)
            ON CONFLICT (slot) DO UPDATE SET activity = excluded.activity, workflow_id = excluded.workflow_id,
            pid = excluded.pid, process_start = excluded.process_start, host = excluded.host,
            acquired_at = excluded.acquired_at
            """,
            [
                lease.activity.rawValue, lease.workflowId.postgresText, Int64(lease.pid).postgresText,
                lease.processStart.postgresText, lease.host, lease.acquiredAt.postgresText,
            ])
    }

    func deleteWorkspaceLease() throws {
        try db.query("DELETE FROM workspace_lease WHERE slot = 1")
    }

    // MARK: The rollback journal

    func insert(_ rollback: inout RollbackRecord) throws {
        rollback.id = try db.insertedID(
            """
            INSERT INTO rollbacks (workflow_id, checkpoint, manifest_hash, state, started_at, ended_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            """, Self.values(of: rollback))
    }

    func update(_ rollback: RollbackRecord) throws {
        try db.query(
            """
            UPDATE rollbacks SET workflow_id = $1, checkpoint = $2, manifest_hash = $3, state = $4, started_at = $5,
            ended_at = $6 WHERE id = $7
            """, Self.values(of: rollback) + [rollback.id.postgresText])
    }

    func unfinishedRollbacks() throws -> [RollbackRecord] {
        try db.query(
            """
            SELECT id, workflow_id, checkpoint, manifest_hash, state, started_at, ended_at FROM rollbacks
            WHERE state != 'done' ORDER BY id
            """
        ).map { row in
            var rollback = RollbackRecord(
                workflowID: try row.string("workflow_id"), checkpoint: try row.int("checkpoint"),
                manifestHash: try row.string("manifest_hash"),
                state: try row.value("state", as: RollbackRecord.State.self), startedAt: try row.int64("started_at"))
            rollback.id = try row.optionalInt64("id")
            rollback.endedAt = try row.optionalInt64("ended_at")
            return rollback
        }
    }

    private static func values(of rollback: RollbackRecord) -> [String?] {
        [
            rollback.workflowId.postgresText, rollback.checkpoint.postgresText, rollback.manifestHash.postgresText,
            rollback.state.rawValue.postgresText, rollback.startedAt.postgresText, rollback.endedAt.postgresText,
        ]
    }
}
