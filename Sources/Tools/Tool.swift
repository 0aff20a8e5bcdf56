import JSON

/// One action a tool offers: its parameters and result as JSON Schemas, and how long it may run.
public struct ToolActionDescriptor: Sendable, Hashable {
    public var name: String
    public var description: String
    /// JSON Schema of the arguments (an object schema); calls are validated against it before they run.
    public var parameters: JSONValue
    /// JSON Schema of the result.
    public var result: JSONValue
    /// Seconds the action may run before it is stopped.
    public var timeoutSeconds: Double

    public init(name: String, description: String, parameters: JSONValue, result: JSONValue, timeoutSeconds: Double) {
        self.name = name
        self.description = description
        self.parameters = parameters
        self.result = result
        self.timeoutSeconds = timeoutSeconds
    }
}

/// What a tool is: its id, what it is for, its actions and the safety rules it enforces.
public struct ToolDescriptor: Sendable, Hashable {
    public var id: String
    public var description: String
    public var actions: [ToolActionDescriptor]
    /// The constraints the tool enforces, in words (shown by `tools show`).
    public var safety: [String]
    /// Whether every file its calls change is named in `ToolOutput.changedPaths` and replaced or removed whole (a
    /// rename, never a write in place), failed calls included: then a snapshot after it may read those paths and the
    /// folders' stamps instead of walking the tree (docs/adr/0012-snapshots-from-known-changes.md). A tool that runs
    /// a process cannot promise it.
    public var reportsEveryChange: Bool

    public init(
        id: String, description: String, actions: [ToolActionDescriptor], safety: [String],
        reportsEveryChange: Bool = false
    ) {
        self.id = id
        self.description = description
        self.actions = actions
        self.safety = safety
        self.reportsEveryChange = reportsEveryChange
    }

    /// The action with this name.
    public func action(named name: String) -> ToolActionDescriptor? { actions.first { $0.name == name } }
}

/// Where and under which limits a tool call runs.
public struct ToolContext: Sendable, Hashable {
    /// The agent's working copy, absolute and symlink-free: every path a tool touches must stay inside it.
    public var workingCopy: String
    /// Who calls, for messages and events.
    public var agentID: String

    public init(workingCopy: String, agentID: String) {
        self.workingCopy = workingCopy
        self.agentID = agentID
    }
}

/// What a tool call returned: a JSON result for the model, and the files it changed for the record.
public struct ToolOutput: Sendable, Hashable {
    public var result: JSONValue
    /// Working-copy-relative paths the call wrote or deleted.
    public var changedPaths: [String]

    public init(result: JSONValue, changedPaths: [String] = []) {
        self.result = result
        self.changedPaths = changedPaths
    }
}

/// A tool agents may call: file system, git, Python, SQL, linters, charts.
public protocol Tool: Sendable {
    var descriptor: ToolDescriptor { get }

    /// Runs `action` with arguments already validated against its schema; throws `ToolError` when refused or failed.
    func perform(_ action: String, arguments: JSONValue, context: ToolContext) async throws(ToolError) -> ToolOutput
}
