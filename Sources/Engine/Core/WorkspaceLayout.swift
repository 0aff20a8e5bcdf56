import Glob

/// Where the engine keeps its state inside a workspace (`.orchestrator/`).
public struct WorkspaceLayout: Sendable, Hashable {
    /// The workspace root, absolute, without a trailing slash.
    public let root: String

    public init(root: String) {
        var root = root
        while root.count > 1 && root.hasSuffix("/") { root.removeLast() }
        self.root = root
    }

    public var stateDirectory: String { root + "/.orchestrator" }
    /// The governance policies (`governance/*.yaml`), kept out of snapshots.
    static let policyFolderPattern = GlobPattern(directoryTree: "governance")
    public var database: String { stateDirectory + "/state.db" }
    public var objects: String { stateDirectory + "/objects" }
    public var logs: String { stateDirectory + "/logs" }
    public var socket: String { stateDirectory + "/orchestrator.sock" }
    /// Where concurrent agents get their working copies, one folder per workflow.
    public var work: String { stateDirectory + "/work" }

    /// A path relative to the workspace, made absolute.
    public func absolute(_ relative: String) -> String {
        relative.hasPrefix("/") ? relative : root + "/" + relative
    }

    /// A path inside the workspace, relative to its root; other paths (and `<builtin:…>` names) as they are.
    public func relative(_ path: String) -> String {
        path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }
}
