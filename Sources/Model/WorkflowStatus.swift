/// Where a workflow as a whole stands.
public enum WorkflowStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Recorded, waiting for the process that will run it to take its lease (a detached run starting up).
    case pending
    /// A process is running (or was running, if its lease is stale) its phases.
    case running
    /// Waiting for `run resume`: a phase blocked, or a rollback left phases to run again.
    case paused
    /// Stopped at a safe point because the process running it shut down (SIGTERM, SIGINT); `run resume` continues.
    case interrupted
    case completed
    case failed
    case cancelled

    /// Whether `run resume` may continue the workflow.
    public var isResumable: Bool { self != .completed }
}
