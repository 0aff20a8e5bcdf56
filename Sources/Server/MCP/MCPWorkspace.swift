import JSONRPC
import Processes

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The one workspace an MCP session works in, fixed when the server starts (`--workspace`): tools take no
/// workspace argument, and every path argument must resolve inside this folder after symbolic links are followed.
struct MCPWorkspace: Sendable {
    /// The folder, absolute, with its symbolic links resolved.
    let root: String

    /// The workspace at `path` (resolved when it exists, so a symlinked workspace still contains its own files).
    init(_ path: String) {
        var trimmed = path
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.root = RealPath.of(trimmed) ?? trimmed
    }

    /// `path` (relative to the workspace, or absolute) resolved to an absolute path inside the workspace; throws
    /// ``MCPToolFailure`` naming `argument` when it resolves outside (through `..` or a symbolic link).
    func contain(_ path: String, argument: String) throws(MCPToolFailure) -> String {
        let absolute = path.hasPrefix("/") ? path : root + "/" + path
        let resolved = Self.resolve(absolute)
        guard resolved == root || resolved.hasPrefix(root == "/" ? "/" : root + "/") else {
            throw MCPToolFailure.arguments(
                "argument \"/\(argument)\": \(path) resolves to \(resolved), outside the workspace \(root); "
                    + "name a file inside it")
        }
        return resolved
    }

    /// The real path of `path`; for a path that does not exist yet, its deepest existing folder's real path with the
    /// rest appended (`..` in the rest is refused by the containment check, since it is kept verbatim).
    static func resolve(_ path: String) -> String {
        if let real = RealPath.of(path) { return real }
        var head = path
        var tail: [Substring] = []
        while let slash = head.lastIndex(of: "/"), slash != head.startIndex {
            tail.insert(head[head.index(after: slash)...], at: 0)
            head = String(head[..<slash])
            if let real = RealPath.of(head) {
                let rest = tail.joined(separator: "/")
                // An unresolved `..` could climb out once the path exists: refuse it by leaving it outside.
                if tail.contains("..") { return "/.." }
                return real == "/" ? "/" + rest : real + "/" + rest
            }
        }
        return path
    }
}

/// Why a tool call failed: its arguments (the caller can correct them) or its execution (the engine refused).
enum MCPToolFailure: Error, Sendable {
    /// The arguments do not fit the tool's schema or name a path outside the workspace.
    case arguments(String)
    /// The tool ran and failed: an engine error, with its JSON-RPC form.
    case execution(JSONRPCError)
}
