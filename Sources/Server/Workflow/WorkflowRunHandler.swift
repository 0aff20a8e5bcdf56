import Engine
import JSONRPC
import Model
import Processes

/// How a request follows its run: the progress it reports, and whether cancelling the request stops the run.
struct RunFollowing: Sendable {
    var progress: WorkDoneProgress
    /// MCP: a cancelled tool call cancels the workflow, as `run cancel` does. RPC: the run goes on.
    var cancelRunWithRequest: Bool
    /// RPC: progress for every event. MCP: only for the phases' and the workflow's own (about 15 for a six-phase
    /// run instead of some 250), which is what a client shows as a call's progress; the rest go out as log messages.
    var reportsEveryEvent = true
}

/// Starts or resumes a workflow for a request: the run belongs to the server's supervisor, the request follows it.
struct WorkflowRunHandler: Sendable {
    let registry: EngineRegistry
    let supervisor: RunSupervisor

    func start(
        _ params: WorkflowRunParams, context: JSONRPCRequestContext, following: RunFollowing? = nil
    ) async throws -> WorkflowReport {
        guard let intake = params.intake, !intake.isEmpty else {
            throw JSONRPCError.invalidParams("field \"intake\": expected the intake file's path")
        }
        return try await repliedCancelled {
            try await EngineErrorReply.run { () async throws(EngineError) -> WorkflowReport in
                let root = await registry.resolve(params.workspace)
                let intakePath = intake.hasPrefix("/") ? intake : root + "/" + intake
                // Checked before the workspace's store exists, so a bad intake leaves no .orchestrator/ behind.
                let prepared = try WorkflowEngine.prepareIntake(
                    at: intakePath, displayPath: intake, workspace: root)
                let engine = try await registry.engine(workspace: params.workspace, create: true)
                let record = try await engine.create(prepared)
                return try await follow(
                    engine, workflowID: record.id, mode: .start, params: params, context: context,
                    following: following, prepared: prepared)
            }
        }
    }

    func resume(
        _ params: WorkflowRunParams, context: JSONRPCRequestContext, following: RunFollowing? = nil
    ) async throws -> WorkflowReport {
        try await repliedCancelled {
            try await EngineErrorReply.run { () async throws(EngineError) -> WorkflowReport in
                let engine = try await registry.engine(workspace: params.workspace, create: false)
                let id = try await engine.report(workflowID: params.workflow).id
                return try await follow(
                    engine, workflowID: id, mode: .resume, params: params, context: context, following: following)
            }
        }
    }

    /// A request cancelled while it followed a run is answered -32800 (request cancelled), as LSP prescribes;
    /// the run itself goes on unless its ``RunFollowing`` stops it with the request (MCP).
    private func repliedCancelled(
        _ body: () async throws -> WorkflowReport
    ) async throws -> WorkflowReport {
        do {
            return try await body()
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw error
        }
    }

    /// Launches the run through the supervisor and, unless detached, reports its events as `$/progress` (and, when
    /// asked, as `workflow/event` notifications from the workflow's first event) until it ends.
    private func follow(
        _ engine: WorkflowEngine, workflowID: String, mode: WorkflowEngine.RunMode, params: WorkflowRunParams,
        context: JSONRPCRequestContext, following: RunFollowing?, prepared: PreparedIntake? = nil
    ) async throws(EngineError) -> WorkflowReport {
        let following =
            following
            ?? RunFollowing(
                progress: WorkDoneProgress(token: params.workDoneToken, connection: context.connection),
                cancelRunWithRequest: false)
        let progress = following.progress
        // A start replays from the workflow's first event, so a follower sees workflow.started first; a resume
        // follows what happens from now on.
        let handle = try await supervisor.launch(
            RunSupervisor.Request(
                engine: engine, workflowID: workflowID, mode: mode, prepared: prepared, provider: params.provider,
                replayAfter: mode == .start ? 0 : nil,
                traceParent: params.meta?.traceparent ?? TraceContextEnvironment.inherited))
        if params.detach == true {
            // Launched means started (or ended without starting): the report says which. A run refused before it
            // started (an edited intake that is invalid, say) is answered with its error, as without `detach`.
            if await handle.control.waitUntilStarted() == .ended, case .failure(let error) = await handle.outcome() {
                throw error
            }
            return try await engine.report(workflowID: workflowID)
        }
        let total = max(1, try await engine.report(workflowID: workflowID).phases.count)
        await progress.begin("Workflow \(workflowID)", message: mode == .start ? "starting" : "resuming", percentage: 0)
        // Iterating the stream ends when this request is cancelled: the request stops waiting, and the run goes on
        // unless the face cancels runs with their requests.
        await withTaskCancellationHandler {
            var passed = 0
            for await event in handle.events {
                if params.events == true {
                    try? await context.connection.send(WorkflowEventNotification.self, params: event)
                }
                var message = event.summary
                if event.kind == .checkpointSaved, event.verdict?.outcome == .passed {
                    passed += 1
                    // At each checkpoint the progress also says what the run has spent so far.
                    if let tokens = try? await engine.report(workflowID: workflowID).tokens {
                        message +=
                            "; spent \(tokens.total) tokens" + (tokens.costUSD > 0 ? " ($\(tokens.costUSD))" : "")
                    }
                }
                if following.reportsEveryEvent || MCPEventForwarder.changesState(event.kind) {
                    await progress.report(message, percentage: min(100, passed * 100 / total))
                }
            }
        } onCancel: {
            if following.cancelRunWithRequest { handle.control.stop(.cancelled) }
        }
        if Task.isCancelled, following.cancelRunWithRequest {
            // The workflow is recorded cancelled before the request ends.
            _ = await handle.outcome()
            await progress.end("cancelled with the request")
            throw EngineError(.invalidState, "request cancelled; workflow \(workflowID) cancelled with it")
        }
        if Task.isCancelled {
            await progress.end("stopped following; the workflow goes on")
            throw EngineError(
                .invalidState, "request cancelled; workflow \(workflowID) goes on (see workflow/status)")
        }
        let report = try await handle.outcome().get()
        await progress.end(report.status.rawValue)
        return report
    }
}
