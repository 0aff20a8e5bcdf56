import Model

/// Why an engine operation did not happen, with what the user needs to fix it.
public struct EngineError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; each maps to one CLI exit status and one JSON-RPC error code.
    public enum Code: String, Sendable, Hashable, Codable {
        /// The intake (or a file it names) failed validation; `diagnostics` say where.
        case invalidIntake = "invalid-intake"
        /// An input file (the intake) cannot be read: missing, not a regular file, permissions.
        case unreadableInput = "unreadable-input"
        /// No workflow in this workspace (or none with the given id).
        case workflowNotFound = "workflow-not-found"
        /// The workflow has no such checkpoint (the phase is not planned or never passed).
        case checkpointNotFound = "checkpoint-not-found"
        /// The workflow is already running in this process.
        case workflowBusy = "workflow-busy"
        /// Another writer (a run, a rollback or a prune, in this process or another live one) holds the workspace's
        /// lease; `holder` says which.
        case workspaceBusy = "workspace-busy"
        /// The operation does not apply in the workflow's state (resume a completed workflow, say).
        case invalidState = "invalid-state"
        /// A rollback would destroy changes made after the latest checkpoint; `files` lists them.
        case uncheckpointedChanges = "uncheckpointed-changes"
        /// The state store could not be read or written.
        case storage
        /// The workspace could not be snapshotted or restored.
        case snapshot
        /// No agent, tool or skill has the id asked for.
        case notFound = "not-found"
        /// The workspace's governance policies have errors; the message lists them with file:line:col.
        case invalidPolicy = "invalid-policy"
        /// The process is shutting down and starts no new runs.
        case shuttingDown = "shutting-down"
    }

    public var code: Code
    public var message: String
    /// Diagnostics of an invalid intake, with ranges into `file`.
    public var diagnostics: [Diagnostic]
    /// The file the diagnostics point into, or the files a refusal concerns.
    public var file: String?
    /// Workspace paths the error is about (changes a rollback would destroy).
    public var files: [String]
    /// Who holds a busy workspace.
    public var holder: WorkspaceHolder?

    public init(
        _ code: Code, _ message: String, diagnostics: [Diagnostic] = [], file: String? = nil, files: [String] = [],
        holder: WorkspaceHolder? = nil
    ) {
        self.code = code
        self.message = message
        self.diagnostics = diagnostics
        self.file = file
        self.files = files
        self.holder = holder
    }

    public var description: String { message }
}
