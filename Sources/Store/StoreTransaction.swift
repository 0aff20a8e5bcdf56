import Model

/// The typed operations available inside one transaction of the state store.
public struct StoreTransaction {
    let db: SQLiteHandle

    // MARK: Workflows

    private static let workflowColumns = """
        id, project, slug, number, intake_path, intake_text, workspace, phases, status, reason, cancel_requested,
        created_at, updated_at
        """

    /// The next free number for workflows of a project slug (1 for the first).
    public func nextWorkflowNumber(slug: String) throws -> Int {
        let rows = try db.query("SELECT MAX(number) FROM workflows WHERE slug = ?", [.text(slug)])
        return (rows.first?.optionalInt(0) ?? 0) + 1
    }

    public func insert(_ workflow: WorkflowRecord) throws {
        try db.query(
            "INSERT INTO workflows (\(Self.workflowColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            Self.values(of: workflow))
    }

    public func update(_ workflow: WorkflowRecord) throws {
        try db.query(
            """
            UPDATE workflows SET id = ?, project = ?, slug = ?, number = ?, intake_path = ?, intake_text = ?,
            workspace = ?, phases = ?, status = ?, reason = ?, cancel_requested = ?, created_at = ?, updated_at = ?
            WHERE id = ?
            """, Self.values(of: workflow) + [.text(workflow.id)])
    }

    public func workflow(id: String) throws -> WorkflowRecord? {
        try db.query("SELECT \(Self.workflowColumns) FROM workflows WHERE id = ?", [.text(id)]).first.map(
            Self.workflow)
    }

    /// The most recently created workflow, the default for commands that take `--workflow`.
    public func latestWorkflow() throws -> WorkflowRecord? {
        try db.query("SELECT \(Self.workflowColumns) FROM workflows ORDER BY created_at DESC, rowid DESC LIMIT 1")
            .first.map(Self.workflow)
    }

    /// Every workflow, oldest first.
    public func workflows() throws -> [WorkflowRecord] {
        try db.query("SELECT \(Self.workflowColumns) FROM workflows ORDER BY created_at, rowid").map(Self.workflow)
    }

    private static func values(of workflow: WorkflowRecord) -> [SQLiteValue] {
        [
            workflow.id.sqliteValue, workflow.project.sqliteValue, workflow.slug.sqliteValue,
            workflow.number.sqliteValue, workflow.intakePath.sqliteValue, workflow.intakeText.sqliteValue,
            workflow.workspace.sqliteValue, workflow.phases.sqliteValue, workflow.status.sqliteValue,
            workflow.reason.sqliteValue, workflow.cancelRequested.sqliteValue, workflow.createdAt.sqliteValue,
            workflow.updatedAt.sqliteValue,
        ]
    }

    private static func workflow(_ row: SQLiteRow) -> WorkflowRecord {
        var record = WorkflowRecord(
            id: row.string(0), project: row.string(1), slug: row.string(2), number: row.int(3),
            intakePath: row.string(4), intakeText: row.string(5), workspace: row.string(6), phases: [],
            status: .running, reason: row.optionalString(9), createdAt: row.int64(11))
        record.phases = row.string(7)
        record.status = row.string(8)
        record.cancelRequested = row.bool(10)
        record.updatedAt = row.int64(12)
        return record
    }

    // MARK: Phase attempts and agent runs

    private static let phaseRunColumns = "id, workflow_id, phase, attempt, status, reason, agents, started_at, ended_at"

    public func insert(_ run: inout PhaseRunRecord) throws {
        try db.query(
            """
            INSERT INTO phase_runs (workflow_id, phase, attempt, status, reason, agents, started_at, ended_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, Self.values(of: run))
        run.id = db.lastInsertRowID
    }

    public func update(_ run: PhaseRunRecord) throws {
        try db.query(
            """
            UPDATE phase_runs SET workflow_id = ?, phase = ?, attempt = ?, status = ?, reason = ?, agents = ?,
            started_at = ?, ended_at = ? WHERE id = ?
            """, Self.values(of: run) + [run.id.sqliteValue])
    }

    /// Every attempt at every phase of a workflow, in the order they were created.
    public func phaseRuns(workflowID: String) throws -> [PhaseRunRecord] {
        try db.query(
            "SELECT \(Self.phaseRunColumns) FROM phase_runs WHERE workflow_id = ? ORDER BY id", [.text(workflowID)]
        ).map { row in
            var run = PhaseRunRecord(
                workflowID: row.string(1), phase: .planning, attempt: row.int(3), agents: [], status: .pending)
            run.id = row.optionalInt64(0)
            run.phase = row.string(2)
            run.status = row.string(4)
            run.reason = row.optionalString(5)
            run.agents = row.string(6)
            run.startedAt = row.optionalInt64(7)
            run.endedAt = row.optionalInt64(8)
            return run
        }
    }

    private static func values(of run: PhaseRunRecord) -> [SQLiteValue] {
        [
            run.workflowId.sqliteValue, run.phase.sqliteValue, run.attempt.sqliteValue, run.status.sqliteValue,
            run.reason.sqliteValue, run.agents.sqliteValue, run.startedAt.sqliteValue, run.endedAt.sqliteValue,
        ]
    }

    public func insert(_ run: inout AgentRunRecord) throws {
        try db.query(
            """
            INSERT INTO agent_runs (phase_run_id, agent, status, summary, steps, started_at, ended_at,
            transcript_tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, Self.values(of: run))
        run.id = db.lastInsertRowID
    }

    public func update(_ run: AgentRunRecord) throws {
        try db.query(
            """
            UPDATE agent_runs SET phase_run_id = ?, agent = ?, status = ?, summary = ?, steps = ?, started_at = ?,
            ended_at = ?, transcript_tokens = ? WHERE id = ?
            """, Self.values(of: run) + [run.id.sqliteValue])
    }

    public func agentRuns(phaseRunID: Int64) throws -> [AgentRunRecord] {
        try db.query(
            """
            SELECT id, phase_run_id, agent, status, summary, steps, started_at, ended_at, transcript_tokens
            FROM agent_runs
            WHERE phase_run_id = ? ORDER BY id
            """, [.integer(phaseRunID)]
        ).map { row in
            var run = AgentRunRecord(
                phaseRunID: row.int64(1), agent: row.string(2), status: .pending, startedAt: row.int64(6))
            run.id = row.optionalInt64(0)
            run.status = row.string(3)
            run.summary = row.optionalString(4)
            run.steps = row.int(5)
            run.endedAt = row.optionalInt64(7)
            run.transcriptTokens = row.optionalInt64(8).map(Int.init)
            return run
        }
    }

    private static func values(of run: AgentRunRecord) -> [SQLiteValue] {
        [
            run.phaseRunId.sqliteValue, run.agent.sqliteValue, run.status.sqliteValue, run.summary.sqliteValue,
            run.steps.sqliteValue, run.startedAt.sqliteValue, run.endedAt.sqliteValue, run.transcriptTokens.sqliteValue,
        ]
    }
}
