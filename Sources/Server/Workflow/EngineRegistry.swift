import Engine
import Model

/// The engines this server runs, one per workspace, opened on first use and shared by every connection.
///
/// Runs started over RPC belong to the server, not to the request: a peer that hangs up, or cancels the
/// request, stops waiting; the workflow goes on until it ends or `workflow/cancel` stops it.
public actor EngineRegistry {
    /// The workspace used when a request names none.
    public let defaultWorkspace: String
    private var engines: [String: WorkflowEngine] = [:]
    private let events = EventHub()

    public init(defaultWorkspace: String) {
        self.defaultWorkspace = defaultWorkspace
    }

    /// The engine of a workspace (absolute, or relative to the default one).
    func engine(workspace: String?, create: Bool) throws(EngineError) -> WorkflowEngine {
        let root = resolve(workspace)
        if let engine = engines[root] { return engine }
        let engine = try WorkflowEngine.open(
            workspace: root, create: create, agents: WorkspaceAgentRunner(), events: events)
        engines[root] = engine
        return engine
    }

    func resolve(_ workspace: String?) -> String {
        guard let workspace, !workspace.isEmpty else { return defaultWorkspace }
        return workspace.hasPrefix("/") ? workspace : defaultWorkspace + "/" + workspace
    }

    /// Every event any engine of this server stores, from now on.
    func subscribe(workflowID: String?) async -> AsyncStream<WorkflowEvent> {
        await events.subscribe(workflowID: workflowID)
    }
}
