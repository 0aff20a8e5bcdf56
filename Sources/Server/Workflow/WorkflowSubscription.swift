import Engine
import JSONRPC
import Model

/// `workflow/subscribe`: replays stored events, then forwards live ones as `workflow/event` until the peer goes.
enum WorkflowSubscription {
    static func start(
        _ params: WorkflowSubscribeParams, registry: EngineRegistry, session: ServerSession,
        context: JSONRPCRequestContext
    ) async throws -> WorkflowSubscribeResult {
        if params.since != nil && params.workflow == nil {
            throw JSONRPCError.invalidParams("field \"since\": replaying stored events needs \"workflow\"")
        }
        // Subscribe before replaying, so no event falls between the replay and the live stream.
        let live = await registry.subscribe(workspace: params.workspace, workflowID: params.workflow)
        var replayed: [WorkflowEvent] = []
        if let since = params.since, let workflow = params.workflow {
            replayed = try await EngineErrorReply.run { () async throws(EngineError) -> [WorkflowEvent] in
                try await registry.engine(workspace: params.workspace, create: false)
                    .storedEvents(workflowID: workflow, after: since)
            }
        }
        let connection = context.connection
        for event in replayed {
            try await connection.send(WorkflowEventNotification.self, params: event)
        }
        let lastReplayed = replayed.last?.sequence ?? 0
        let forwarder = Task {
            do {
                for await event in live where event.sequence > lastReplayed {
                    try await connection.send(WorkflowEventNotification.self, params: event)
                }
            } catch {
                // The peer has gone: the subscription ends with it.
            }
        }
        await session.keep(subscription: forwarder)
        return WorkflowSubscribeResult(workflow: params.workflow, replayed: replayed.count)
    }
}
