import Engine
import JSONRPC
import Model

extension OrchestratorServer {
    /// Registers `workflow/*` and `checkpoint/*`: thin wrappers over the engine operations the CLI also calls.
    func registerWorkflowMethods(on router: inout JSONRPCRouter, session: ServerSession) {
        let registry = self.engines
        let supervisor = self.supervisor
        let runs = WorkflowRunHandler(registry: registry, supervisor: supervisor)
        router.register(WorkflowStartMethod.self) { params, context in
            try await offLoop { try await runs.start(params, context: context) }
        }
        router.register(WorkflowResumeMethod.self) { params, context in
            try await offLoop { try await runs.resume(params, context: context) }
        }
        router.register(WorkflowStatusMethod.self) { params, _ in
            try await engineCall(registry, params.workspace) { engine throws(EngineError) in
                try await engine.report(workflowID: params.workflow)
            }
        }
        router.register(WorkflowListMethod.self) { params, _ in
            do {
                return try await engineCall(registry, params.workspace) { engine throws(EngineError) in
                    WorkflowListResult(workflows: try await engine.list())
                }
            } catch let error as JSONRPCError where error.code == EngineErrorReply.code(.workflowNotFound) {
                // A folder that never ran a workflow has none to list.
                return WorkflowListResult(workflows: [])
            }
        }
        router.register(WorkflowCancelMethod.self) { params, _ in
            try await engineCall(registry, params.workspace) { engine throws(EngineError) in
                try await supervisor.cancel(engine: engine, workflowID: params.workflow)
            }
        }
        router.register(WorkflowSubscribeMethod.self) { params, context in
            try await WorkflowSubscription.start(params, registry: registry, session: session, context: context)
        }
        router.register(CheckpointListMethod.self) { params, _ in
            try await engineCall(registry, params.workspace) { engine throws(EngineError) in
                let (workflow, checkpoints) = try await engine.checkpoints(workflowID: params.workflow)
                return CheckpointListResult(workflow: workflow, checkpoints: checkpoints)
            }
        }
        router.register(CheckpointShowMethod.self) { params, _ in
            let number = try checkpointNumber(params.checkpoint)
            return try await engineCall(registry, params.workspace) { engine throws(EngineError) in
                try await engine.checkpoint(number, workflowID: params.workflow)
            }
        }
        router.register(CheckpointRollbackMethod.self) { params, _ in
            let number = try checkpointNumber(params.checkpoint)
            return try await engineCall(registry, params.workspace) { engine throws(EngineError) in
                try await engine.rollback(
                    to: number, workflowID: params.workflow, dryRun: params.dryRun ?? false,
                    force: params.force ?? false)
            }
        }
        router.register(CheckpointCheckoutMethod.self) { params, _ in
            let number = try params.checkpoint.map(checkpointNumber)
            return try await engineCall(registry, params.workspace) { engine throws(EngineError) in
                try await engine.checkout(workflowID: params.workflow, checkpoint: number, into: params.directory)
            }
        }
        router.register(CheckpointPruneMethod.self) { params, _ in
            try await engineCall(registry, params.workspace) { engine throws(EngineError) in
                try await engine.prune(keepLast: params.keepLast)
            }
        }
    }
}

/// Reads `CP2`, `cp2` or `2`; anything else is invalid params naming the field.
private func checkpointNumber(_ text: String) throws -> Int {
    guard let number = CheckpointName.number(text) else {
        throw JSONRPCError.invalidParams("field \"checkpoint\": expected CP1 … CP6, got \"\(text)\"")
    }
    return number
}

/// Runs an engine operation on the global pool: store and file I/O must not hold up the connection's event loop.
func engineCall<T: Sendable>(
    _ registry: EngineRegistry, _ workspace: String?,
    _ body: @escaping @Sendable (WorkflowEngine) async throws(EngineError) -> T
) async throws -> T {
    try await offLoop {
        try await EngineErrorReply.run { () async throws(EngineError) -> T in
            let engine = try await registry.engine(workspace: workspace, create: false)
            return try await body(engine)
        }
    }
}

func offLoop<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withTaskExecutorPreference(globalConcurrentExecutor) { try await body() }
}
