import JSONRPC
import Model

/// Turns the engine's events into MCP notifications for one connection: `notifications/resources/updated` for the
/// subscribed resources of a workflow whose state changed, `notifications/resources/list_changed` when new
/// resources appear, and each event as a `notifications/message` log line at the client's level.
struct MCPEventForwarder: Sendable {
    let registry: EngineRegistry
    let state: MCPSessionState
    /// The session's workspace: only its events are forwarded.
    let workspace: MCPWorkspace

    /// Starts forwarding (once per connection; `notifications/initialized` and a first subscription both ask).
    func start(connection: JSONRPCConnectionContext) {
        state.subscribe(nil) { self.forwarder(connection) }
    }

    func subscribe(_ uri: String, connection: JSONRPCConnectionContext) {
        state.subscribe(uri) { self.forwarder(connection) }
    }

    private func forwarder(_ connection: JSONRPCConnectionContext) -> Task<Void, Never> {
        // Ended by the connection's close (`MCPSessionState.close`).
        Task {
            let events = await registry.subscribe(workspace: workspace.root, workflowID: nil)
            do {
                for await event in events {
                    try await self.forward(event, to: connection)
                }
            } catch {
                // The peer has gone: nothing more to tell it.
            }
        }
    }

    private func forward(_ event: WorkflowEvent, to connection: JSONRPCConnectionContext) async throws {
        let level = Self.level(of: event)
        if state.wants(level) {
            try await connection.sendNotification(
                method: "notifications/message",
                params: [
                    "level": .string(level), "logger": "orchestrator",
                    "data": .string("\(event.workflowID): \(event.summary)"),
                ])
        }
        guard Self.changesState(event.kind) else { return }
        if event.kind == .workflowStarted || event.kind == .checkpointSaved {
            try await connection.sendNotification(method: "notifications/resources/list_changed")
        }
        let base = MCPResourceURI.base(event.workflowID)
        for uri in state.subscriptions.sorted() where uri == base || uri.hasPrefix(base + "/") {
            try await connection.sendNotification(
                method: "notifications/resources/updated", params: ["uri": .string(uri)])
        }
    }

    /// Events after which a workflow's resources read differently: phases starting and ending, the workflow's own.
    static func changesState(_ kind: WorkflowEvent.Kind) -> Bool {
        switch kind {
        case .agentStep, .toolCall, .artifactWritten, .delegationStarted, .delegationEnded, .reviewRound,
            .reviewAnswered, .stepEvaluated, .budgetWarning:
            false
        default:
            true
        }
    }

    static func level(of event: WorkflowEvent) -> String {
        switch event.kind {
        case .failed, .blocked: "warning"
        case .budgetWarning: "warning"
        case .workflowStarted, .completed, .cancelled, .interrupted, .resumed, .rolledBack, .cancelRequested: "notice"
        case .phaseStarted, .checkpointSaved: "info"
        default: "debug"
        }
    }
}
