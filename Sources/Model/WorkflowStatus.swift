/// Where a workflow as a whole stands.
public enum WorkflowStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// A process is running (or was running, if its lease is stale) its phases.
    case running
    /// Waiting for `run resume`: a phase blocked, or a rollback left phases to run again.
    case paused
    case completed
    case failed
    case cancelled

    /// Whether `run resume` may continue the workflow.
    public var isResumable: Bool { self != .completed }
}
