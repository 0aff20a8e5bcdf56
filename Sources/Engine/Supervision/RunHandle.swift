import Model
import Synchronization

/// A run the supervisor launched: its events, from the workflow's first when asked, and how it ended.
public final class RunHandle: Sendable {
    /// The workflow being run.
    public let workflowID: String
    /// The run's events in store order: the workflow's stored events first when the launch asked for a replay,
    /// then live ones; the stream ends when the run does.
    public let events: AsyncStream<WorkflowEvent>
    /// Asks the run to stop and says where it started.
    public let control: RunControl
    private let result = Mutex<
        (
            value: Result<WorkflowReport, EngineError>?,
            waiters: [CheckedContinuation<Result<WorkflowReport, EngineError>, Never>]
        )
    >((nil, []))

    init(workflowID: String, events: AsyncStream<WorkflowEvent>, control: RunControl) {
        self.workflowID = workflowID
        self.events = events
        self.control = control
    }

    /// How the run ended: its final report, or the error that stopped it.
    public func outcome() async -> Result<WorkflowReport, EngineError> {
        await withCheckedContinuation { continuation in
            let known = result.withLock { state -> Result<WorkflowReport, EngineError>? in
                if let value = state.value { return value }
                state.waiters.append(continuation)
                return nil
            }
            if let known { continuation.resume(returning: known) }
        }
    }

    func finish(_ outcome: Result<WorkflowReport, EngineError>) {
        let waiters = result.withLock { state -> [CheckedContinuation<Result<WorkflowReport, EngineError>, Never>] in
            guard state.value == nil else { return [] }
            state.value = outcome
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: outcome) }
    }
}
