/// One task an agent handed to one of its subagents through the `delegate` tool, carried by the
/// `delegation.started` and `delegation.ended` events so no consumer reads it from a message.
public struct Delegation: Sendable, Hashable, Codable {
    /// Where the delegated task stands.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// The subagent is at work.
        case running
        /// The subagent finished and handed its summary back.
        case completed
        /// The subagent could not go on without a person (its budget level could not pay, a conflict).
        case blocked
        /// The subagent failed (the provider failed, no such subagent).
        case failed
    }

    /// The id of the tool call that asked for it (unique within the agent's conversation).
    public var id: String
    /// The agent that delegated.
    public var parent: String
    /// The subagent that does the work.
    public var subagent: String
    /// The task, as the parent wrote it.
    public var task: String
    /// Files the parent asked the subagent to write (workspace-relative), if it named any.
    public var paths: [String]
    public var status: Status
    /// The subagent's hand-off summary (ended) or why it stopped.
    public var summary: String?
    /// Paths the subagent changed, workspace-relative, sorted.
    public var changedPaths: [String]

    public init(
        id: String, parent: String, subagent: String, task: String, paths: [String] = [], status: Status = .running,
        summary: String? = nil, changedPaths: [String] = []
    ) {
        self.id = id
        self.parent = parent
        self.subagent = subagent
        self.task = task
        self.paths = paths
        self.status = status
        self.summary = summary
        self.changedPaths = changedPaths
    }
}
