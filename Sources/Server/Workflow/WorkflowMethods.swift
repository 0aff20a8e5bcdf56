import Config
import Engine
import JSONRPC
import Model

/// Params every workflow and checkpoint method accepts: which workspace, and which workflow in it.
struct WorkflowTarget: Decodable, Sendable {
    /// The workspace folder; the server's own when absent.
    var workspace: String?
    /// The workflow id; the workspace's latest when absent.
    var workflow: String?
}

/// `workflow/start` and `workflow/resume` params.
struct WorkflowRunParams: Decodable, Sendable {
    var workspace: String?
    var workflow: String?
    /// The intake file, relative to the workspace (start only).
    var intake: String?
    /// Answer as soon as the workflow is recorded instead of when its run ends.
    var detach: Bool?
    /// Also send this run's events to this connection as `workflow/event` notifications while it is followed.
    var events: Bool?
    /// The model provider for every agent of this run (`{name, model?}`), overriding the intake's.
    var provider: ProviderChoice?
    var workDoneToken: ProgressToken?
    /// `_meta`, as MCP places request metadata: a W3C `traceparent` makes the run's trace a child of the caller's.
    var meta: RequestMeta?

    enum CodingKeys: String, CodingKey {
        case workspace, workflow, intake, detach, events, provider, workDoneToken
        case meta = "_meta"
    }
}

/// Metadata of a request that is not an argument of its method (`_meta`).
struct RequestMeta: Decodable, Sendable {
    /// The caller's span, as a W3C `traceparent` header value.
    var traceparent: String?
}

/// `workflow/start`: validates an intake, records a workflow and runs it.
enum WorkflowStartMethod: JSONRPCMethod {
    typealias Params = WorkflowRunParams
    typealias Result = WorkflowReport
    static let name = "workflow/start"
}

/// `workflow/resume`: continues a paused, failed, cancelled or interrupted workflow.
enum WorkflowResumeMethod: JSONRPCMethod {
    typealias Params = WorkflowRunParams
    typealias Result = WorkflowReport
    static let name = "workflow/resume"
}

/// `workflow/status`: where a workflow stands.
enum WorkflowStatusMethod: JSONRPCMethod {
    typealias Params = WorkflowTarget
    typealias Result = WorkflowReport
    static let name = "workflow/status"
}

/// `workflow/list` result.
struct WorkflowListResult: Encodable, Sendable {
    var workflows: [WorkflowReport]
}

/// `workflow/list`: every workflow of a workspace.
enum WorkflowListMethod: JSONRPCMethod {
    typealias Params = WorkflowTarget
    typealias Result = WorkflowListResult
    static let name = "workflow/list"
}

/// `workflow/cancel`: stops a workflow.
enum WorkflowCancelMethod: JSONRPCMethod {
    typealias Params = WorkflowTarget
    typealias Result = WorkflowReport
    static let name = "workflow/cancel"
}

/// `workflow/subscribe` params.
struct WorkflowSubscribeParams: Decodable, Sendable {
    var workspace: String?
    /// Only this workflow's events; every workflow's when absent.
    var workflow: String?
    /// Replay stored events after this sequence number before live ones (needs `workflow`).
    var since: Int64?
}

/// `workflow/subscribe` result.
struct WorkflowSubscribeResult: Encodable, Sendable {
    var workflow: String?
    /// How many stored events were replayed as notifications before this reply.
    var replayed: Int
}

/// `workflow/subscribe`: `workflow/event` notifications for this connection, until it closes.
enum WorkflowSubscribeMethod: JSONRPCMethod {
    typealias Params = WorkflowSubscribeParams
    typealias Result = WorkflowSubscribeResult
    static let name = "workflow/subscribe"
}

/// `workflow/event`: one engine event, sent to subscribers.
enum WorkflowEventNotification: JSONRPCNotificationMethod {
    typealias Params = WorkflowEvent
    static let name = "workflow/event"
}

/// `checkpoint/list` result.
struct CheckpointListResult: Encodable, Sendable {
    var workflow: String
    var checkpoints: [CheckpointSummary]
}

/// `checkpoint/list`: every checkpoint of a workflow, all attempts.
enum CheckpointListMethod: JSONRPCMethod {
    typealias Params = WorkflowTarget
    typealias Result = CheckpointListResult
    static let name = "checkpoint/list"
}

/// `checkpoint/show` and `checkpoint/rollback` params.
struct CheckpointParams: Decodable, Sendable {
    var workspace: String?
    var workflow: String?
    /// `CP1` … `CP6` (or the number).
    var checkpoint: String
    var dryRun: Bool?
    var force: Bool?
}

/// `checkpoint/show`: one checkpoint in full, with the store's size.
enum CheckpointShowMethod: JSONRPCMethod {
    typealias Params = CheckpointParams
    typealias Result = CheckpointDetail
    static let name = "checkpoint/show"
}

/// `checkpoint/rollback`: restores the workspace to a checkpoint.
enum CheckpointRollbackMethod: JSONRPCMethod {
    typealias Params = CheckpointParams
    typealias Result = RollbackReport
    static let name = "checkpoint/rollback"
}

/// `checkpoint/checkout` params.
struct CheckpointCheckoutParams: Decodable, Sendable {
    var workspace: String?
    var workflow: String
    /// `CP1` … `CP6` (or the number); the most recent checkpoint with a snapshot when absent.
    var checkpoint: String?
    /// Absolute, or relative to the server's folder.
    var directory: String
}

/// `checkpoint/checkout`: writes a workflow's files, as a checkpoint saved them, into a new or empty folder.
enum CheckpointCheckoutMethod: JSONRPCMethod {
    typealias Params = CheckpointCheckoutParams
    typealias Result = CheckoutReport
    static let name = "checkpoint/checkout"
}

/// `checkpoint/prune` params.
struct CheckpointPruneParams: Decodable, Sendable {
    var workspace: String?
    var keepLast: Int
}

/// `checkpoint/prune`: drops old attempts' snapshots and unreferenced objects.
enum CheckpointPruneMethod: JSONRPCMethod {
    typealias Params = CheckpointPruneParams
    typealias Result = PruneReport
    static let name = "checkpoint/prune"
}
