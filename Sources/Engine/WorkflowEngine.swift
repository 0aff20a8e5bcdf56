import Config
import Model
import Snapshots
import Store

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An intake read and validated, ready to start a workflow from.
public struct PreparedIntake: Sendable {
    /// The intake file, absolute.
    public let path: String
    let text: String
    let plan: WorkflowPlan
}

/// Runs workflows in one workspace: phases in order, each ending in a checkpoint, with state in the store.
///
/// The CLI and the RPC methods call the same operations here; each returns a value both faces print.
public final class WorkflowEngine: Sendable {
    public let layout: WorkspaceLayout
    public let store: StateStore
    let objects: ObjectStore
    let snapshotter: WorkspaceSnapshotter
    let agents: any AgentRunner
    let clock: any EngineClock
    /// Live delivery of every event this engine stores.
    public let events: EventHub
    let runs = RunRegistry()
    /// Where the audit trail is appended, with the actor this process acts as.
    let audit: AuditLog

    public init(
        layout: WorkspaceLayout, store: StateStore, objects: ObjectStore,
        agents: any AgentRunner = DeterministicAgentRunner(), clock: any EngineClock = SystemClock(),
        events: EventHub = EventHub()
    ) {
        self.layout = layout
        self.store = store
        self.objects = objects
        // Policies are not the workflow's product: a rollback must not revert a waiver, nor an edited policy count
        // as a change a rollback would destroy.
        self.snapshotter = WorkspaceSnapshotter(
            workspace: layout.root, objects: objects, ignore: [WorkspaceLayout.policyFolderPattern])
        self.agents = agents
        self.clock = clock
        self.events = events
        self.audit = AuditLog(
            actor: AuditLog.processActor(environment: ProcessInfo.processInfo.environment), clock: clock)
    }

    /// Opens the engine of a workspace; with `create: false` a workspace that never ran a workflow is an error.
    public static func open(
        workspace: String, create: Bool, agents: any AgentRunner = DeterministicAgentRunner(),
        events: EventHub = EventHub()
    ) throws(EngineError) -> WorkflowEngine {
        let layout = WorkspaceLayout(root: workspace)
        if !create && !FileManager.default.fileExists(atPath: layout.database) {
            throw EngineError(
                .workflowNotFound,
                "no workflow in \(layout.root) yet: start one with 'orchestrator run start --intake intake.yaml'")
        }
        // Private from the start: the state, the objects and the default socket live here, and the server refuses
        // a socket directory others can enter.
        if !FileManager.default.fileExists(atPath: layout.stateDirectory) {
            try? FileManager.default.createDirectory(
                atPath: layout.stateDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
            )
        }
        do {
            let store = try StateStore.open(path: layout.database)
            // Durable across a killed process, like the store (SQLite WAL, synchronous=NORMAL): fsyncing every
            // snapshot would cost more than the rest of a checkpoint and still not make the store's own record
            // survive a power loss. A truncated object after a power loss is caught by its hash at restore.
            let objects = try ObjectStore(directory: layout.objects, syncsToDisk: false)
            return WorkflowEngine(layout: layout, store: store, objects: objects, agents: agents, events: events)
        } catch let error as StoreError {
            throw EngineError(.storage, error.description)
        } catch let error as SnapshotError {
            throw EngineError(.snapshot, error.description)
        } catch {
            throw EngineError(.storage, "\(error)")
        }
    }

    // MARK: Starting

    /// Validates the intake and records a new workflow (not yet run); invalid intake is an error with diagnostics.
    public func create(intakePath: String) async throws(EngineError) -> WorkflowRecord {
        try await create(try Self.prepareIntake(at: layout.absolute(intakePath), displayPath: intakePath))
    }

    /// Reads and validates an intake without touching any workspace: callers check it before creating a store.
    public static func prepareIntake(at path: String, displayPath: String? = nil) throws(EngineError) -> PreparedIntake
    {
        let shown = displayPath ?? path
        let bytes: [UInt8]
        do {
            bytes = try BoundedFileReader.contents(
                of: path, limit: ConfigValidator().limits.maxBytes, regularFileOnly: true)
        } catch {
            throw EngineError(.unreadableInput, error.description, file: shown)
        }
        let plan = try Self.plan(intakeBytes: bytes, path: shown)
        return PreparedIntake(path: path, text: String(decoding: bytes, as: UTF8.self), plan: plan)
    }

    /// Records a new workflow from an intake already read and validated.
    public func create(_ intake: PreparedIntake) async throws(EngineError) -> WorkflowRecord {
        let (absolute, text, plan) = (intake.path, intake.text, intake.plan)
        let now = clock.nowMilliseconds()
        let slug = ProjectSlug.make(plan.intake.project.name)
        return try await commit { tx, published in
            let number = try tx.nextWorkflowNumber(slug: slug)
            let record = WorkflowRecord(
                id: "\(slug)-\(number)", project: plan.intake.project.name, slug: slug, number: number,
                intakePath: absolute, intakeText: text, workspace: layout.root, phases: plan.phases.map(\.phase),
                status: .running, createdAt: now)
            try tx.insert(record)
            published.append(
                try tx.append(
                    WorkflowEvent(
                        workflowID: record.id, kind: .workflowStarted, timestamp: now,
                        message: "\(plan.phases.count) phases: "
                            + plan.phases.map(\.phase.rawValue).joined(separator: ", "))))
            return record
        }
    }

    /// Validates and resolves intake bytes; errors carry the diagnostics.
    static func plan(intakeBytes: [UInt8], path: String) throws(EngineError) -> WorkflowPlan {
        let intake: IntakeConfig
        do {
            intake = try ConfigLoader().load(IntakeConfig.self, kind: .intake, bytes: intakeBytes, path: path)
        } catch {
            throw EngineError(
                .invalidIntake, error.description, diagnostics: error.diagnostics, file: path)
        }
        return try WorkflowPlan(intake: intake)
    }

    /// The plan a stored workflow was started with.
    func plan(of workflow: WorkflowRecord) throws(EngineError) -> WorkflowPlan {
        try Self.plan(intakeBytes: Array(workflow.intakeText.utf8), path: workflow.intakePath)
    }

    // MARK: Store access

    /// Runs one write transaction and then publishes the events it stored; store errors become engine errors.
    ///
    /// The hub runs the transaction and the publishing together, one commit at a time, so subscribers see events
    /// in the order the store numbered them even when concurrent agents commit at once.
    func commit<T: Sendable>(
        _ body: @Sendable (StoreTransaction, inout [WorkflowEvent]) throws -> T
    ) async throws(EngineError) -> T {
        do {
            return try await events.commit(to: store, body)
        } catch {
            throw Self.engineError(error)
        }
    }

    /// Runs one read transaction; store errors become engine errors.
    func read<T>(_ body: (StoreTransaction) throws -> T) throws(EngineError) -> T {
        do {
            return try store.read(body)
        } catch {
            throw Self.engineError(error)
        }
    }

    /// Any error from below the engine, as the engine error that says what failed.
    public static func engineError(_ error: any Error) -> EngineError {
        switch error {
        case let error as EngineError: error
        case let error as StoreError: EngineError(.storage, error.description)
        case let error as SnapshotError: EngineError(.snapshot, error.description)
        default: EngineError(.storage, "\(error)")
        }
    }

    /// The workflow with this id, or the latest one when nil.
    func workflow(_ id: String?, in tx: StoreTransaction) throws -> WorkflowRecord {
        if let id {
            guard let record = try tx.workflow(id: id) else {
                throw EngineError(
                    .workflowNotFound, "no workflow '\(id)' in \(layout.root) (see 'orchestrator run list')")
            }
            return record
        }
        guard let latest = try tx.latestWorkflow() else {
            throw EngineError(
                .workflowNotFound,
                "no workflow in \(layout.root) yet: start one with 'orchestrator run start --intake intake.yaml'")
        }
        return latest
    }
}
