/// Which process is running a workflow; a second process refuses to run it while the holder lives.
public struct LeaseRecord: Sendable, Hashable, Codable {
    public var workflowId: String
    public var pid: Int32
    /// The holder's start time (clock ticks since boot): a reused pid is not mistaken for the holder.
    public var processStart: Int64
    public var host: String
    public var acquiredAt: Int64

    public init(workflowID: String, pid: Int32, processStart: Int64, host: String, acquiredAt: Int64) {
        self.workflowId = workflowID
        self.pid = pid
        self.processStart = processStart
        self.host = host
        self.acquiredAt = acquiredAt
    }
}
