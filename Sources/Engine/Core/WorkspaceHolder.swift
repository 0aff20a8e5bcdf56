import StorePort

/// The process that holds a workspace's lease, as a refusal names it: what it does, to which workflow, since when.
public struct WorkspaceHolder: Sendable, Hashable, Codable {
    public var pid: Int32
    public var host: String
    /// `run`, `rollback` or `prune`.
    public var activity: String
    /// The workflow it runs or rolls back; nil for a prune.
    public var workflow: String?
    /// When it took the lease (milliseconds since the epoch).
    public var since: Int64

    init(_ lease: WorkspaceLeaseRecord) {
        pid = lease.pid
        host = lease.host
        activity = lease.activity.rawValue
        workflow = lease.workflowId
        since = lease.acquiredAt
    }

    /// What the holder is doing, for a message: "running workflow acme-1".
    var doing: String {
        switch activity {
        case "run": "running workflow \(workflow ?? "?")"
        case "rollback": "rolling back workflow \(workflow ?? "?")"
        default: "pruning checkpoints"
        }
    }
}
