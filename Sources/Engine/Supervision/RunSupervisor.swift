import Config
import Logging
import Model
import Processes
import ServiceLifecycle
import Synchronization
import Tracing

/// Owns every workflow run of this process: the one launch operation the CLI and the server share, and what
/// stops the runs when the process shuts down.
///
/// A `Service`: runs execute as children of its `run()`, so none outlives it. On graceful shutdown it refuses new
/// launches and asks each run to stop at its next safe point (between agent steps, never inside a store
/// transaction or a snapshot); each is recorded interrupted and resumable, its lease released, before `run()`
/// returns.
public final class RunSupervisor: Service, Sendable {
    /// What to run.
    public struct Request: Sendable {
        public var engine: WorkflowEngine
        public var workflowID: String
        public var mode: WorkflowEngine.RunMode
        public var prepared: PreparedIntake?
        public var provider: ProviderChoice?
        /// Replay the workflow's stored events after this sequence before live ones (0: from its first event);
        /// nil: live events only.
        public var replayAfter: Int64?
        /// A W3C `traceparent` the caller's trace continues through: the run's span becomes its child.
        public var traceParent: String?

        public init(
            engine: WorkflowEngine, workflowID: String, mode: WorkflowEngine.RunMode, prepared: PreparedIntake? = nil,
            provider: ProviderChoice? = nil, replayAfter: Int64? = 0, traceParent: String? = nil
        ) {
            self.engine = engine
            self.workflowID = workflowID
            self.mode = mode
            self.prepared = prepared
            self.provider = provider
            self.replayAfter = replayAfter
            self.traceParent = traceParent
        }
    }

    private struct Launch: Sendable {
        var request: Request
        var handle: RunHandle
        var subscription: EventSubscription
        var sink: AsyncStream<WorkflowEvent>.Continuation
    }

    /// A run's identity in this process: workflow ids are unique within a workspace, not across workspaces.
    private struct RunKey: Hashable {
        var workspace: String
        var workflowID: String
    }

    private struct State {
        var accepting = true
        var running: [RunKey: RunHandle] = [:]
    }

    private let launches: AsyncStream<Launch>
    private let launchSink: AsyncStream<Launch>.Continuation
    private let state = Mutex(State())
    private let logger: Logger
    /// What a run interrupted by shutdown is told.
    private let shutdownReason: String
    /// How often a run looks in the store for a cancel another process recorded.
    private let cancelPollInterval: Duration
    /// Whether runs' live events are written to the logger (``RunEventLog``): a server's operator reads them there;
    /// a terminal showing the progress display does not need them twice.
    private let logsEvents: Bool

    public init(
        logger: Logger, shutdownReason: String = "the process running it shut down",
        cancelPollInterval: Duration = .milliseconds(250), logsEvents: Bool = false
    ) {
        (launches, launchSink) = AsyncStream.makeStream(of: Launch.self)
        self.logger = logger
        self.logsEvents = logsEvents
        self.shutdownReason = shutdownReason
        self.cancelPollInterval = cancelPollInterval
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            for await launch in launches.cancelOnGracefulShutdown() {
                group.addTask { await self.execute(launch) }
            }
            // Shutting down (or cancelled): no new runs; the running ones stop at their next safe point, and the
            // group waits for each to record it.
            let running = state.withLock { state -> [RunHandle] in
                state.accepting = false
                return Array(state.running.values)
            }
            launchSink.finish()
            for handle in running {
                logger.info(
                    "interrupting workflow \(handle.workflowID)", metadata: ["workflow_id": .string(handle.workflowID)])
                handle.control.stop(.interrupted(shutdownReason))
            }
        }
    }

    /// Launches a run and returns once it has started (taken its lease) or ended without starting, so a caller that
    /// does not wait for the end still reports the run's real state.
    public func launch(_ request: Request) async throws(EngineError) -> RunHandle {
        let engine = request.engine
        let (events, sink) = AsyncStream.makeStream(of: WorkflowEvent.self)
        let handle = RunHandle(workflowID: request.workflowID, events: events, control: RunControl())
        let key = RunKey(workspace: engine.layout.root, workflowID: request.workflowID)
        let accepted = state.withLock { state -> String? in
            guard state.accepting else { return "this process is shutting down; start the workflow again later" }
            guard state.running[key] == nil else {
                return "workflow \(request.workflowID) is already running in this process"
            }
            state.running[key] = handle
            return nil
        }
        if let refusal = accepted {
            sink.finish()
            throw EngineError(state.withLock { $0.accepting } ? .workflowBusy : .shuttingDown, refusal)
        }
        // Subscribed before the run starts, so no event falls between the replay and the live stream.
        let subscription = engine.events.open(workflowID: request.workflowID)
        launchSink.yield(Launch(request: request, handle: handle, subscription: subscription, sink: sink))
        _ = await handle.control.waitUntilStarted()
        return handle
    }

    /// The run of a workflow of a workspace in this process, if one is running.
    public func handle(workspace: String, workflowID: String) -> RunHandle? {
        state.withLock { $0.running[RunKey(workspace: workspace, workflowID: workflowID)] }
    }

    /// Cancels a workflow: records the request durably (or cancels it at once when nothing runs it), then stops a
    /// run of it in this process at its next safe point and waits for that run to end.
    public func cancel(engine: WorkflowEngine, workflowID: String?) async throws(EngineError) -> WorkflowReport {
        let report = try await engine.cancel(workflowID: workflowID)
        guard let handle = handle(workspace: engine.layout.root, workflowID: report.id) else { return report }
        handle.control.stop(.cancelled)
        _ = await handle.outcome()
        return try await engine.report(workflowID: report.id)
    }

    /// Stops the run when another process (`run cancel`) records a cancel in the store: the store is where
    /// processes meet, and one read of a row every interval costs nothing next to a model call. Ends when the run
    /// does (the group cancels it).
    private static func watchDurableCancel(of request: Request, control: RunControl, every interval: Duration) async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
            if (try? await request.engine.isCancelRequested(workflowID: request.workflowID)) == true {
                control.stop(.cancelled)
                return
            }
        }
    }

    /// The run inside the workflow's span: one trace per run, under the caller's `traceparent` when it gave one.
    private static func traced(
        _ request: Request, _ body: () async -> Result<WorkflowReport, EngineError>
    ) async -> Result<WorkflowReport, EngineError> {
        let parent = request.traceParent.flatMap { TraceContextEnvironment.context(traceparent: $0) }
        return await Traced.span("workflow", parent: parent) { span in
            span.attributes["orchestrator.workflow.id"] = request.workflowID
            span.attributes["orchestrator.run.mode"] = request.mode == .start ? "start" : "resume"
            await request.engine.linkTrace(of: span, workflowID: request.workflowID, resuming: request.mode == .resume)
            let outcome = await body()
            switch outcome {
            case .success(let report): span.attributes["orchestrator.workflow.status"] = report.status.rawValue
            case .failure(let error):
                span.setStatus(SpanStatus(code: .error, message: error.description))
            }
            return outcome
        }
    }

    private func execute(_ launch: Launch) async {
        let request = launch.request
        let control = launch.handle.control
        EngineMetrics.runStarted()
        async let forwarded: Void = EventFeed.forward(
            launch.subscription, of: request.engine, workflowID: request.workflowID, replayAfter: request.replayAfter,
            to: launch.sink, log: logsEvents ? logger : nil, logReplayed: request.mode == .start)
        let outcome = await withTaskGroup(of: Result<WorkflowReport, EngineError>?.self) { group in
            group.addTask {
                await Self.traced(request) {
                    do {
                        return .success(
                            try await request.engine.run(
                                workflowID: request.workflowID, mode: request.mode, prepared: request.prepared,
                                provider: request.provider, control: control))
                    } catch {
                        return .failure(WorkflowEngine.engineError(error))
                    }
                }
            }
            group.addTask {
                await control.waitUntilStopRequested()
                return nil
            }
            group.addTask {
                await Self.watchDurableCancel(of: request, control: control, every: self.cancelPollInterval)
                return nil
            }
            var outcome: Result<WorkflowReport, EngineError> = .failure(
                EngineError(.invalidState, "the run of \(request.workflowID) ended without a result"))
            for await result in group {
                // The stop watcher returns first when a stop was asked: cancelling the run makes it reach its next
                // safe point sooner (a model call or a tool ends); the loop then waits for the run's own result.
                if let result { outcome = result }
                group.cancelAll()
            }
            return outcome
        }
        request.engine.events.end(launch.subscription)
        await forwarded
        state.withLock {
            _ = $0.running.removeValue(
                forKey: RunKey(workspace: request.engine.layout.root, workflowID: request.workflowID))
        }
        EngineMetrics.runEnded(status: (try? outcome.get().status.rawValue) ?? "failed")
        launch.handle.finish(outcome)
    }
}
