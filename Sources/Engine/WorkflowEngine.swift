import Config
import Governance
import Model
import Snapshots
import StorePort

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Opens the store of a workspace for reading and writing, or for reading only: the executable (or a test) decides
/// which adapter keeps the state.
public typealias WorkflowStoreOpener = @Sendable (WorkspaceLayout, StoreAccess) async throws -> any WorkflowStore

/// The engine of one workspace: the operations the CLI and the RPC methods share, each returning a value both
/// faces print.
///
/// A facade over services with one responsibility each (``EngineContext`` is what they share): running workflows
/// (``WorkflowRunner``, ``PhaseRunner``, ``AgentTeam``), checkpoints (``Checkpointer``, ``CheckpointHistory``,
/// ``RollbackService``, ``RetentionService``), budgets and the ledger (``BudgetService``, ``ContextService``) and
/// governance (``GovernanceJudge``, ``AuditTrailReader``).
public final class WorkflowEngine: Sendable {
    let context: EngineContext
    let creator: WorkflowCreator
    let status: WorkflowStatusReader
    let runner: WorkflowRunner
    let history: CheckpointHistory
    let rollbacks: RollbackService
    let retention: RetentionService
    let budgets: BudgetService
    let contexts: ContextService
    let judge: GovernanceJudge
    let auditTrails: AuditTrailReader

    /// The workspace this engine runs.
    public var layout: WorkspaceLayout { context.layout }
    /// The durable state, through its port.
    public var store: any WorkflowStore { context.store }
    /// Live delivery of every event this engine stores.
    public var events: EventHub { context.events }

    /// `auditHeads` is where the heads of the workflows' audit chains are signed and kept, outside the workspace
    /// (the processes pass the user's folders; nil keeps none).
    public init(
        layout: WorkspaceLayout, store: any WorkflowStore, objects: ObjectStore,
        agents: any AgentRunner = DeterministicAgentRunner(), clock: any EngineClock = SystemClock(),
        events: EventHub = EventHub(), auditHeads: AuditHeadKeeper? = nil
    ) {
        // Policies are not the workflow's product: a rollback must not revert a waiver, nor an edited policy count
        // as a change a rollback would destroy.
        let snapshotter = WorkspaceSnapshotter(
            workspace: layout.root, objects: objects, ignore: [WorkspaceLayout.policyFolderPattern])
        let context = EngineContext(
            layout: layout, store: store, objects: objects, snapshotter: snapshotter, clock: clock, events: events,
            audit: AuditLog(
                actor: AuditLog.processActor(environment: ProcessInfo.processInfo.environment), clock: clock),
            runs: RunRegistry(), auditHeads: auditHeads)
        let judge = GovernanceJudge(context: context)
        let history = CheckpointHistory(context: context)
        let status = WorkflowStatusReader(context: context)
        let budgets = BudgetService(context: context)
        self.context = context
        self.creator = WorkflowCreator(context: context)
        self.status = status
        self.history = history
        self.budgets = budgets
        self.judge = judge
        let journal = RollbackJournal(context: context, history: history)
        let lease = WorkspaceLease(context: context, journal: journal)
        self.runner = WorkflowRunner(
            context: context,
            phases: PhaseRunner(
                context: context, agents: AgentTeam(context: context, runner: agents),
                reviews: PhaseReview(context: context, team: AgentTeam(context: context, runner: agents)),
                checkpointer: Checkpointer(context: context, judge: judge)),
            lease: lease, budgets: budgets, judge: judge, history: history, status: status)
        self.rollbacks = RollbackService(context: context, history: history, lease: lease, journal: journal)
        self.retention = RetentionService(context: context, history: history, lease: lease)
        self.contexts = ContextService(context: context)
        self.auditTrails = AuditTrailReader(context: context)
    }

    /// Opens the engine of a workspace with the store `openStore` gives; with `create: false` a workspace that
    /// never ran a workflow is an error. With `access: .readOnly` nothing in the workspace is created or written
    /// (a read-only copy of a workspace can be inspected); the engine then answers reads only. `storeInWorkspace`:
    /// the store is the workspace's own file (`layout.database`), whose absence means no workflow ran there; false
    /// for a store on a database server, which is opened whatever the workspace holds.
    public static func open(
        workspace: String, create: Bool, store openStore: WorkflowStoreOpener,
        agents: any AgentRunner = DeterministicAgentRunner(), events: EventHub = EventHub(),
        access: StoreAccess = .readWrite, auditHeads: AuditHeadKeeper? = nil, storeInWorkspace: Bool = true
    ) async throws(EngineError) -> WorkflowEngine {
        let layout = WorkspaceLayout(root: workspace)
        if storeInWorkspace && !create && !FileManager.default.fileExists(atPath: layout.database) {
            throw EngineError(
                .workflowNotFound,
                "no workflow in \(layout.root) yet: start one with 'orchestrator run start --intake intake.yaml'")
        }
        // Private from the start: the state, the objects and the default socket live here, and the server refuses
        // a socket directory others can enter.
        if access == .readWrite && !FileManager.default.fileExists(atPath: layout.stateDirectory) {
            try? FileManager.default.createDirectory(
                atPath: layout.stateDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
            )
        }
        do {
            let store = try await openStore(layout, access)
            // Durable across a killed process, like the store (SQLite WAL, synchronous=NORMAL): fsyncing every
            // snapshot would cost more than the rest of a checkpoint and still not make the store's own record
            // survive a power loss. A truncated object after a power loss is caught by its hash at restore.
            let objects = try ObjectStore(
                directory: layout.objects, syncsToDisk: false, createIfMissing: access == .readWrite)
            return WorkflowEngine(
                layout: layout, store: store, objects: objects, agents: agents, events: events, auditHeads: auditHeads)
        } catch {
            throw EngineContext.engineError(error)
        }
    }

    /// Any error from below the engine, as the engine error that says what failed.
    public static func engineError(_ error: any Error) -> EngineError { EngineContext.engineError(error) }

    // MARK: Workflows

    /// Reads and validates an intake without touching any workspace: callers check it before creating a store.
    ///
    /// With `workspace` (callers that run the workspace's own agents: the CLI, the server), the prompt files the
    /// workspace's agents name are checked too.
    public static func prepareIntake(
        at path: String, displayPath: String? = nil, workspace: String? = nil
    ) throws(EngineError) -> PreparedIntake {
        try PreparedIntake.read(at: path, displayPath: displayPath, workspace: workspace)
    }

    /// Validates the intake and records a new workflow (not yet run); invalid intake is an error with diagnostics.
    public func create(intakePath: String) async throws(EngineError) -> WorkflowRecord {
        try await create(try Self.prepareIntake(at: layout.absolute(intakePath), displayPath: intakePath))
    }

    /// Records a new workflow from an intake already read and validated.
    public func create(_ intake: PreparedIntake) async throws(EngineError) -> WorkflowRecord {
        try await creator.create(intake)
    }

    /// Where a workflow stands (the latest one when `workflowID` is nil).
    public func report(workflowID: String?) async throws(EngineError) -> WorkflowReport {
        try await status.report(workflowID: workflowID)
    }

    /// Every workflow in the workspace, oldest first.
    public func list() async throws(EngineError) -> [WorkflowReport] { try await status.list() }

    /// Stored events of a workflow after a sequence number (for late subscribers and replays).
    public func storedEvents(
        workflowID: String?, after sequence: Int64 = 0
    ) async throws(EngineError)
        -> [WorkflowEvent]
    {
        try await status.storedEvents(workflowID: workflowID, after: sequence)
    }

    /// Starts streaming what other processes store into this engine's event hub, when the store signals their
    /// commits (PostgreSQL); nil when it cannot (the embedded SQLite store). A server starts it; a CLI never does.
    public func followOtherWriters() -> Task<Void, Never>? {
        guard let signals = (context.store as? any CommitSignalling)?.commitSignals() else { return nil }
        let context = self.context
        return Task { await StoreFollower.follow(context: context, signals: signals) }
    }

    // MARK: Runs

    /// How a run was asked for: a fresh start or a resume (which records that it resumed).
    public enum RunMode: Sendable {
        case start
        case resume
    }

    /// Runs a workflow's remaining phases until it completes, blocks, fails or is cancelled.
    ///
    /// Takes the workflow's lease for the duration; a phase left running by a dead process is marked failed and
    /// runs again as a new attempt, so a crash loses at most the phase in progress. `prepared` is the intake the
    /// workflow was just created from, when the caller has it: it spares validating the same text again (it is
    /// ignored if it is not the workflow's intake). `provider` overrides every provider choice of the intake and
    /// the agents for this run only.
    ///
    /// `control` says when the run has started and asks it to stop; processes launch runs through a
    /// ``RunSupervisor``, which owns them.
    public func run(
        workflowID: String?, mode: RunMode, prepared: PreparedIntake? = nil, provider: ProviderChoice? = nil,
        control: RunControl = RunControl()
    ) async throws(EngineError) -> WorkflowReport {
        try await runner.run(
            workflowID: workflowID, mode: mode, prepared: prepared, provider: provider, control: control)
    }

    /// Starts a workflow from an intake and runs it in this task.
    public func start(intakePath: String) async throws(EngineError) -> WorkflowReport {
        let prepared = try Self.prepareIntake(at: layout.absolute(intakePath), displayPath: intakePath)
        let record = try await create(prepared)
        return try await run(workflowID: record.id, mode: .start, prepared: prepared)
    }

    /// Whether a cancel was recorded for a workflow that is still running.
    public func isCancelRequested(workflowID: String) async throws(EngineError) -> Bool {
        try await context.read { tx in try tx.workflow(id: workflowID)?.cancelRequested ?? false }
    }

    /// Asks a workflow to stop: a live run stops at its next safe point; one no process runs is cancelled now.
    public func cancel(workflowID: String?) async throws(EngineError) -> WorkflowReport {
        try await runner.cancel(workflowID: workflowID)
    }

    // MARK: Checkpoints

    /// Every checkpoint of a workflow, all attempts, oldest first.
    public func checkpoints(workflowID: String?) async throws(EngineError) -> (workflow: String, [CheckpointSummary]) {
        try await history.checkpoints(workflowID: workflowID)
    }

    /// The latest checkpoint numbered `number` in full, with the store's size.
    public func checkpoint(_ number: Int, workflowID: String?) async throws(EngineError) -> CheckpointDetail {
        try await history.checkpoint(number, workflowID: workflowID)
    }

    /// One file as checkpoint `number`'s snapshot saved it (workspace-relative `path`), for readers of artifacts.
    public func checkpointFile(
        _ path: String, checkpoint number: Int, workflowID: String?
    ) async throws(EngineError) -> (workflow: String, bytes: [UInt8]) {
        try await history.file(path, checkpoint: number, workflowID: workflowID)
    }

    /// Writes the workflow's files as checkpoint `number` (the most recent with a snapshot when nil) saved them into
    /// a new or empty folder; the workspace is not touched.
    public func checkout(
        workflowID: String?, checkpoint number: Int?, into directory: String
    ) async throws(EngineError) -> CheckoutReport {
        try await history.checkout(workflowID: workflowID, checkpoint: number, into: directory)
    }

    /// Restores the workspace exactly to checkpoint `number` and marks later phases rolled back.
    public func rollback(
        to number: Int, workflowID: String?, dryRun: Bool, force: Bool
    ) async throws(EngineError)
        -> RollbackReport
    {
        try await rollbacks.rollback(to: number, workflowID: workflowID, dryRun: dryRun, force: force)
    }

    /// Drops all but the last `keepLast` snapshots of each checkpoint and the objects nothing references.
    public func prune(keepLast: Int) async throws(EngineError) -> PruneReport {
        try await retention.prune(keepLast: keepLast)
    }

    // MARK: Budgets

    /// Every budget level of a workflow: limit, spent, remaining.
    public func budgetStatus(workflowID: String?) async throws(EngineError) -> BudgetStatusReport {
        try await budgets.status(workflowID: workflowID)
    }

    /// Sets a limit (or a share of its parent) for the workflow, a phase or an agent.
    public func setBudget(
        workflowID: String?, tokens: Int?, usd: Decimal?, phase: Phase?, agent: String?, sharePercent: Decimal? = nil
    ) async throws(EngineError) -> BudgetStatusReport {
        try await budgets.set(
            workflowID: workflowID, tokens: tokens, usd: usd, phase: phase, agent: agent, sharePercent: sharePercent)
    }

    /// The ledger of a workflow by phase, agent and model, with costs.
    public func budgetReport(workflowID: String?) async throws(EngineError) -> BudgetUsageReport {
        try await budgets.report(workflowID: workflowID)
    }

    /// What each context strategy sends on a workflow, against sending everything.
    public func contextReport(
        workflowID: String?, allotment: Int = 4_000
    ) async throws(EngineError)
        -> ContextReportResult
    {
        try await contexts.report(workflowID: workflowID, allotment: allotment)
    }

    // MARK: Governance

    /// The gate id under which required artifacts that match nothing are reported with the policy's gates.
    public static var requiredArtifactsGate: String { GovernanceJudge.requiredArtifactsGate }

    /// The effective policy of a workspace for a client, with every gate's origin and every policy error.
    public static func policyReport(workspace: String, client: String?, now: Date = Date()) -> PolicyValidationReport {
        PolicyReporter.report(workspace: workspace, client: client, now: now)
    }

    /// Evaluates a phase's gates on the workspace as it is now and records the evaluation.
    public func checkGates(phase: Phase, workflowID: String?) async throws(EngineError) -> GateCheckReport {
        try await judge.checkGates(phase: phase, workflowID: workflowID, history: history)
    }

    /// A workflow's audit trail; with `verify` (or an anchored `head`), whether its hash chain is intact.
    public func auditTrail(
        workflowID: String?, verify: Bool, head: AuditHead? = nil
    ) async throws(EngineError)
        -> AuditTrailReport
    {
        try await auditTrails.trail(workflowID: workflowID, verify: verify, head: head)
    }

    /// Verifies stored audit records as `auditTrail` does.
    static func verify(_ records: [AuditRecord], head: AuditHead? = nil) -> AuditTrailReport.Verification {
        AuditTrailReader.verify(records, head: head)
    }
}
