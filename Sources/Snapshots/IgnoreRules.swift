import Glob

/// Which workspace paths a snapshotter never records, compares, removes or writes.
///
/// A path is ignored when a pattern matches it or any directory above it, as in .gitignore, so that
/// `build` or `build/**` both hide everything under `build/` and the walk can skip the directory whole.
/// The engine's own temporary files (``EngineTemporaryFiles``) are ignored wherever they are.
struct IgnoreRules: Sendable {
    let patterns: [GlobPattern]
    /// Whether the engine's temporary files are ignored (always, but for the walk that removes them).
    let engineTemporaries: Bool

    /// The patterns every snapshotter applies: the orchestrator's own state and git's.
    static let builtIn: [GlobPattern] = [
        GlobPattern(directoryTree: ".orchestrator"), GlobPattern(directoryTree: ".git"),
    ]

    init(_ extra: [GlobPattern], engineTemporaries: Bool = true) {
        patterns = Self.builtIn + extra
        self.engineTemporaries = engineTemporaries
    }

    /// Whether the path itself matches; the walk has already checked the directories above it.
    func matches(_ path: String) -> Bool {
        if engineTemporaries && EngineTemporaryFiles.isTemporary(path: path) { return true }
        return patterns.contains { $0.matches(path) }
    }

    /// Whether the path or any directory above it matches.
    func ignores(_ path: String) -> Bool {
        if engineTemporaries && EngineTemporaryFiles.isTemporary(path: path) { return true }
        var path = path
        return path.withUTF8 { bytes in
            for end in 0...bytes.count where end == bytes.count || bytes[end] == UInt8(ascii: "/") {
                let prefix = UnsafeBufferPointer(rebasing: bytes[0..<end])
                if patterns.contains(where: { $0.matches(bytes: prefix) }) { return true }
            }
            return false
        }
    }
}
