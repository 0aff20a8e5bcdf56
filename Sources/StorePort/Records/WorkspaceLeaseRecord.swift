/// Which process changes a workspace now, and what it is doing: one writer per workspace.
///
/// Runs, rollbacks and prunes each hold it for as long as they change the workspace's tree, its objects or its
/// workflows' progress; a second writer is refused while the holder lives (a dead holder's lease is taken over).
public struct WorkspaceLeaseRecord: Sendable, Hashable, Codable {
    /// What the holder is doing.
    public enum Activity: String, Sendable, Hashable, Codable, CaseIterable {
        /// Running a workflow's phases (`workflowId` names it).
        case run
        /// Rolling a workflow back to a checkpoint (`workflowId` names it).
        case rollback
        /// Dropping old snapshots and collecting unreferenced objects.
        case prune
    }

    public var activity: Activity
    /// The workflow the activity concerns; nil for a prune.
    public var workflowId: String?
    public var pid: Int32
    /// The holder's start time (clock ticks since boot): a reused pid is not mistaken for the holder.
    public var processStart: Int64
    public var host: String
    public var acquiredAt: Int64

    /// A lease taken now by a process for an activity.
    public init(
        activity: Activity, workflowID: String?, pid: Int32, processStart: Int64, host: String, acquiredAt: Int64
    ) {
        self.activity = activity
        self.workflowId = workflowID
        self.pid = pid
        self.processStart = processStart
        self.host = host
        self.acquiredAt = acquiredAt
    }
}
