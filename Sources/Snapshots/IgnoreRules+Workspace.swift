extension WorkspaceSnapshotter {
    /// Whether snapshots of this workspace never record `path` (a workspace-relative path): the orchestrator's and
    /// git's folders, the extra patterns, the engine's temporary files; a working copy's merge skips the same paths.
    public func ignores(_ path: String) -> Bool { rules.ignores(path) }
}
