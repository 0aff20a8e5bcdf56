/// How a workspace differs from a manifest: each list sorted by path in byte order.
public struct WorkspaceChanges: Sendable, Hashable, Codable {
    /// In the workspace, not in the manifest.
    public var added: [String]
    /// In both, with different bytes, kind or mode.
    public var modified: [String]
    /// In the manifest, not in the workspace.
    public var removed: [String]

    /// Creates a change list.
    public init(added: [String] = [], modified: [String] = [], removed: [String] = []) {
        self.added = added
        self.modified = modified
        self.removed = removed
    }

    /// True when the workspace matches the manifest.
    public var isEmpty: Bool { added.isEmpty && modified.isEmpty && removed.isEmpty }
}
