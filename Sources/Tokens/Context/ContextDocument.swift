/// A workspace file an agent's prompt may include: its path (relative to the workspace) and its text.
public struct ContextDocument: Sendable, Hashable, Codable {
    /// The path relative to the workspace, as the agent's `file_system` tool names it.
    public var path: String
    /// The whole text.
    public var text: String

    /// A document at `path` holding `text`.
    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}
