import Model
import StorePort

/// The store port's operations inside one SQLite transaction; rows are read by column name.
struct SQLiteTransaction: StoreTransaction {
    let db: SQLiteHandle

    // MARK: Workflows

    private static let workflowColumns = """
        id, project, slug, number, intake_path, intake_text, workspace, phases, status, reason, cancel_requested,
        created_at, updated_at, trace_parent
        """

    func nextWorkflowNumber(slug: String) throws -> Int {
        let rows = try db.query("SELECT MAX(number) AS number FROM workflows WHERE slug = ?", [.text(slug)])
        return (try rows.first?.optionalInt("number") ?? 0) + 1
    }

    func insert(_ workflow: WorkflowRecord) throws {
        try db.query(
            "INSERT INTO workflows (\(Self.workflowColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            Self.values(of: workflow))
    }

    func update(_ workflow: WorkflowRecord) throws {
        try db.query(
            """
            UPDATE workflows SET id = ?, project = ?, slug = ?, number = ?, intake_path = ?, intake_text = ?,
            workspace = ?, phases = ?, status = ?, reason = ?, cancel_requested = ?, created_at = ?, updated_at = ?,
            trace_parent = ?
            WHERE id = ?
            """, Self.values(of: workflow) + [.text(workflow.id)])
    }

    func workflow(id: String) throws -> WorkflowRecord? {
        try db.query("SELECT \(Self.workflowColumns) FROM workflows WHERE id = ?", [.text(id)]).first.map(
            WorkflowRecord.init(storedRow:))
    }

    func latestWorkflow() throws -> WorkflowRecord? {
        try db.query("SELECT \(Self.workflowColumns) FROM workflows ORDER BY created_at DESC, rowid DESC LIMIT 1")
            .first.map(WorkflowRecord.init(storedRow:))
    }

    func workflows() throws -> [WorkflowRecord] {
        try db.query("SELECT \(Self.workflowColumns) FROM workflows ORDER BY created_at, rowid").map(
            WorkflowRecord.init(storedRow:))
    }

    private static func values(of workflow: WorkflowRecord) -> [SQLiteValue] {
        [
            workflow.id.sqliteValue, workflow.project.sqliteValue, workflow.slug.sqliteValue,
            workflow.number.sqliteValue, workflow.intakePath.sqliteValue, workflow.intakeText.sqliteValue,
            workflow.workspace.sqliteValue, workflow.phases.map(\.rawValue).joined(separator: ",").sqliteValue,
            workflow.status.rawValue.sqliteValue, workflow.reason.sqliteValue, workflow.cancelRequested.sqliteValue,
            workflow.createdAt.sqliteValue, workflow.updatedAt.sqliteValue, workflow.traceParent.sqliteValue,
        ]
    }

    // MARK: Phase attempts and agent runs

    private static let phaseRunColumns = "id, workflow_id, phase, attempt, status, reason, agents, started_at, ended_at"

    func insert(_ run: inout PhaseRunRecord) throws {
        try db.query(
            """
            INSERT INTO phase_runs (workflow_id, phase, attempt, status, reason, agents, started_at, ended_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, Self.values(of: run))
        run.id = db.lastInsertRowID
    }

    func update(_ run: PhaseRunRecord) throws {
        try db.query(
            """
            UPDATE phase_runs SET workflow_id = ?, phase = ?, attempt = ?, status = ?, reason = ?, agents = ?,
            started_at = ?, ended_at = ? WHERE id = ?
            """, Self.values(of: run) + [run.id.sqliteValue])
    }

    func phaseRuns(workflowID: String) throws -> [PhaseRunRecord] {
        try db.query(
            "SELECT \(Self.phaseRunColumns) FROM phase_runs WHERE workflow_id = ? ORDER BY id", [.text(workflowID)]
        ).map { row in
            var run = PhaseRunRecord(
                workflowID: try row.string("workflow_id"), phase: try row.value("phase", as: Phase.self),
                attempt: try row.int("attempt"),
                agents: try row.string("agents").split(separator: ",").map(String.init),
                status: try row.value("status", as: PhaseStatus.self))
            run.id = try row.optionalInt64("id")
            run.reason = try row.optionalString("reason")
            run.startedAt = try row.optionalInt64("started_at")
            run.endedAt = try row.optionalInt64("ended_at")
            return run
        }
    }

    private static func values(of run: PhaseRunRecord) -> [SQLiteValue] {
        [
            run.workflowId.sqliteValue, run.phase.rawValue.sqliteValue, run.attempt.sqliteValue,
            run.status.rawValue.sqliteValue, run.reason.sqliteValue, run.agents.joined(separator: ",").sqliteValue,
            run.startedAt.sqliteValue, run.endedAt.sqliteValue,
        ]
    }

    func insert(_ run: inout AgentRunRecord) throws {
        try db.query(
            """
            INSERT INTO agent_runs (phase_run_id, agent, status, summary, steps, started_at, ended_at,
            transcript_tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, Self.values(of: run))
        run.id = db.lastInsertRowID
    }

    func update(_ run: AgentRunRecord) throws {
        try db.query(
            """
            UPDATE agent_runs SET phase_run_id = ?, agent = ?, status = ?, summary = ?, steps = ?, started_at = ?,
            ended_at = ?, transcript_tokens = ? WHERE id = ?
            """, Self.values(of: run) + [run.id.sqliteValue])
    }

    func agentRuns(phaseRunID: Int64) throws -> [AgentRunRecord] {
        try db.query(
            """
            SELECT id, phase_run_id, agent, status, summary, steps, started_at, ended_at, transcript_tokens
            FROM agent_runs
            WHERE phase_run_id = ? ORDER BY id
            """, [.integer(phaseRunID)]
        ).map { row in
            var run = AgentRunRecord(
                phaseRunID: try row.int64("phase_run_id"), agent: try row.string("agent"),
                status: try row.value("status", as: PhaseStatus.self), startedAt: try row.int64("started_at"))
            run.id = try row.optionalInt64("id")
            run.summary = try row.optionalString("summary")
            run.steps = try row.int("steps")
            run.endedAt = try row.optionalInt64("ended_at")
            run.transcriptTokens = try row.optionalInt("transcript_tokens")
            return run
        }
    }

    private static func values(of run: AgentRunRecord) -> [SQLiteValue] {
        [
            run.phaseRunId.sqliteValue, run.agent.sqliteValue, run.status.rawValue.sqliteValue,
            run.summary.sqliteValue, run.steps.sqliteValue, run.startedAt.sqliteValue, run.endedAt.sqliteValue,
            run.transcriptTokens.sqliteValue,
        ]
    }
}
