import Model
import StorePort

/// The store port's operations inside one PostgreSQL transaction, every value a bound parameter; rows are read by
/// column name.
struct PostgresTransaction: StoreTransaction {
    let db: PostgresConnection

    // MARK: Workflows

    private static let workflowColumns = """
        id, project, slug, number, intake_path, intake_text, workspace, phases, status, reason, cancel_requested,
        created_at, updated_at, trace_parent
        """

    func nextWorkflowNumber(slug: String) throws -> Int {
        let rows = try db.query("SELECT MAX(number) AS number FROM workflows WHERE slug = $1", [slug])
        return (try rows.first?.optionalInt("number") ?? 0) + 1
    }

    func insert(_ workflow: WorkflowRecord) throws {
        try db.query(
            "INSERT INTO workflows (\(Self.workflowColumns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
            Self.values(of: workflow))
    }

    func update(_ workflow: WorkflowRecord) throws {
        try db.query(
            """
            UPDATE workflows SET id = $1, project = $2, slug = $3, number = $4, intake_path = $5, intake_text = $6,
            workspace = $7, phases = $8, status = $9, reason = $10, cancel_requested = $11, created_at = $12, updated_at = $13,
            trace_parent = $14
            WHERE id = $15
            """, Self.values(of: workflow) + [workflow.id])
    }

    func workflow(id: String) throws -> WorkflowRecord? {
        try db.query("SELECT \(Self.workflowColumns) FROM workflows WHERE id = $1", [id]).first.map(
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

    private static func values(of workflow: WorkflowRecord) -> [String?] {
        [
            workflow.id.postgresText, workflow.project.postgresText, workflow.slug.postgresText,
            workflow.number.postgresText, workflow.intakePath.postgresText, workflow.intakeText.postgresText,
            workflow.workspace.postgresText, workflow.phases.map(\.rawValue).joined(separator: ",").postgresText,
            workflow.status.rawValue.postgresText, workflow.reason.postgresText, workflow.cancelRequested.postgresText,
            workflow.createdAt.postgresText, workflow.updatedAt.postgresText, workflow.traceParent.postgresText,
        ]
    }

    // MARK: Phase attempts and agent runs

    private static let phaseRunColumns = "id, workflow_id, phase, attempt, status, reason, agents, started_at, ended_at"

    func insert(_ run: inout PhaseRunRecord) throws {
        run.id = try db.insertedID(
            """
            INSERT INTO phase_runs (workflow_id, phase, attempt, status, reason, agents, started_at, ended_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """, Self.values(of: run))
    }

    func update(_ run: PhaseRunRecord) throws {
        try db.query(
            """
            UPDATE phase_runs SET workflow_id = $1, phase = $2, attempt = $3, status = $4, reason = $5, agents = $6,
            started_at = $7, ended_at = $8 WHERE id = $9
            """, Self.values(of: run) + [run.id.postgresText])
    }

    func phaseRuns(workflowID: String) throws -> [PhaseRunRecord] {
        try db.query(
            "SELECT \(Self.phaseRunColumns) FROM phase_runs WHERE workflow_id = $1 ORDER BY id", [workflowID]
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

    private static func values(of run: PhaseRunRecord) -> [String?] {
        [
            run.workflowId.postgresText, run.phase.rawValue.postgresText, run.attempt.postgresText,
            run.status.rawValue.postgresText, run.reason.postgresText, run.agents.joined(separator: ",").postgresText,
            run.startedAt.postgresText, run.endedAt.postgresText,
        ]
    }

    func insert(_ run: inout AgentRunRecord) throws {
        run.id = try db.insertedID(
            """
            INSERT INTO agent_runs (phase_run_id, agent, status, summary, steps, started_at, ended_at,
            transcript_tokens) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """, Self.values(of: run))
    }

    func update(_ run: AgentRunRecord) throws {
        try db.query(
            """
            UPDATE agent_runs SET phase_run_id = $1, agent = $2, status = $3, summary = $4, steps = $5, started_at = $6,
            ended_at = $7, transcript_tokens = $8 WHERE id = $9
            """, Self.values(of: run) + [run.id.postgresText])
    }

    func agentRuns(phaseRunID: Int64) throws -> [AgentRunRecord] {
        try db.query(
            """
            SELECT id, phase_run_id, agent, status, summary, steps, started_at, ended_at, transcript_tokens
            FROM agent_runs
            WHERE phase_run_id = $1 ORDER BY id
            """, [phaseRunID.postgresText]
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

    private static func values(of run: AgentRunRecord) -> [String?] {
        [
            run.phaseRunId.postgresText, run.agent.postgresText, run.status.rawValue.postgresText,
            run.summary.postgresText, run.steps.postgresText, run.startedAt.postgresText, run.endedAt.postgresText,
            run.transcriptTokens.postgresText,
        ]
    }
}
