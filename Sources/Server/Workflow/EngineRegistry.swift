import Engine
import Governance
import Model
import Processes
import StorePort

/// The engines this server runs, one per workspace, opened on first use and shared by every connection.
///
/// Runs started over RPC belong to the server, not to the request: a peer that hangs up, or cancels the
/// request, stops waiting; the workflow goes on until it ends or `workflow/cancel` stops it.
public actor EngineRegistry {
    /// The workspace used when a request names none.
    public let defaultWorkspace: String
    /// Opens a workspace's store (the executable chooses the adapter).
    public nonisolated let openStore: WorkflowStoreOpener
    private var engines: [String: WorkflowEngine] = [:]
    private var opening: [String: Task<WorkflowEngine, any Error>] = [:]
    /// Each workspace's live events, apart: two workspaces may hold workflows of the same id (one example run in
    /// two folders), and a follower of one must never hear the other's.
    private var hubs: [String: EventHub] = [:]
    /// Per workspace, the task streaming other processes' events into its hub (a database store only).
    private var followers: [String: Task<Void, Never>] = [:]
    /// Where the engines sign and keep their audit chains' heads.
    private let auditHeads: AuditHeadKeeper?
    /// Whether each workspace's store is a file in it (see `WorkflowEngine.open`), not a database server's.
    nonisolated let storeInWorkspace: Bool

    public init(
        defaultWorkspace: String, openStore: @escaping WorkflowStoreOpener, auditHeads: AuditHeadKeeper? = nil,
        storeInWorkspace: Bool = true
    ) {
        self.defaultWorkspace = defaultWorkspace
        self.openStore = openStore
        self.auditHeads = auditHeads
        self.storeInWorkspace = storeInWorkspace
    }

    /// The engine of a workspace (absolute, or relative to the default one).
    func engine(workspace: String?, create: Bool) async throws(EngineError) -> WorkflowEngine {
        let root = resolve(workspace)
        if let engine = engines[root] { return engine }
        let events = hub(of: root)
        // Two requests for a workspace not yet open share one opening: a second engine would be a second store.
        let task =
            opening[root]
            ?? Task { [openStore, events, auditHeads, storeInWorkspace] in
                try await WorkflowEngine.open(
                    workspace: root, create: create, store: openStore, agents: WorkspaceAgentRunner(), events: events,
                    auditHeads: auditHeads, storeInWorkspace: storeInWorkspace)
            }
        opening[root] = task
        do {
            let engine = try await task.value
            engines[root] = engine
            opening[root] = nil
            if followers[root] == nil { followers[root] = engine.followOtherWriters() }
            return engine
        } catch {
            opening[root] = nil
            throw WorkflowEngine.engineError(error)
        }
    }

    /// A workspace's folder as engines and event hubs are keyed: its real path once it exists, so one folder named
    /// two ways (through a symbolic link, with `..`) is one engine over its store, not two.
    func resolve(_ workspace: String?) -> String {
        let path =
            if let workspace, !workspace.isEmpty {
                workspace.hasPrefix("/") ? workspace : defaultWorkspace + "/" + workspace
            } else {
                defaultWorkspace
            }
        return RealPath.of(path) ?? path
    }

    /// The events one workspace's engine stores from now on (of one workflow, or of all of that workspace's); with
    /// the state in a database, those other processes store too, so the engine is opened to follow them.
    func subscribe(workspace: String?, workflowID: String?) async -> AsyncStream<WorkflowEvent> {
        let events = hub(of: resolve(workspace)).subscribe(workflowID: workflowID)
        if !storeInWorkspace { _ = try? await engine(workspace: workspace, create: false) }
        return events
    }

    /// The event hub of a workspace, made on first use: a subscriber may come before the workspace's engine opens.
    private func hub(of root: String) -> EventHub {
        if let hub = hubs[root] { return hub }
        let hub = EventHub()
        hubs[root] = hub
        return hub
    }
}
