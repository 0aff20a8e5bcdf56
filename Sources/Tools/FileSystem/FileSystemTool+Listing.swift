import Glob
import JSON

/// The actions over directories: list, glob and delete.
extension FileSystemTool {
    func list(_ arguments: ToolArguments, _ context: ToolContext) throws(ToolError) -> ToolOutput {
        let path = try WorkingCopyPath.resolve(
            try arguments.optionalString("path") ?? ".", in: context.workingCopy, for: .read)
        guard let found = FileIO.info(path.absolute) else { throw .failed("'\(path.display)' does not exist") }
        guard found.kind == .directory || (found.kind == .symlink && FileIO.isDirectory(following: path.absolute))
        else {
            throw .failed("'\(path.display)' is not a directory; use read for files")
        }
        var names = try FileIO.entries(path.absolute).sorted()
        if path.relative.isEmpty { names.removeAll { $0 == ".orchestrator" } }
        var entries: [JSONValue] = []
        for name in names.prefix(configuration.listCap) {
            let info = FileIO.info(path.absolute + "/" + name)
            var entry: [String: JSONValue] = [
                "name": .string(name), "type": .string((info?.kind ?? .other).rawValue),
            ]
            if let info, info.kind == .file { entry["size"] = .integer(Int64(info.size)) }
            entries.append(.object(entry))
        }
        return ToolOutput(result: [
            "path": .string(path.display), "entries": .array(entries),
            "truncated": .bool(names.count > configuration.listCap),
        ])
    }

    func glob(_ arguments: ToolArguments, _ context: ToolContext) throws(ToolError) -> ToolOutput {
        let text = try arguments.string("pattern")
        let pattern: GlobPattern
        do {
            pattern = try GlobPattern(text)
        } catch {
            throw .failed(error.description)
        }
        let base = try WorkingCopyPath.resolve(
            try arguments.optionalString("path") ?? ".", in: context.workingCopy, for: .read)
        guard FileIO.info(base.absolute)?.kind == .directory else {
            throw .failed("'\(base.display)' is not a directory (symlinked directories are not walked)")
        }
        var walk = GlobWalk(pattern: pattern, cap: configuration.listCap)
        try walk.visit(base, below: "")
        return ToolOutput(result: [
            "pattern": .string(pattern.text), "path": .string(base.display),
            "matches": .array(walk.matches.map { .string($0) }), "truncated": .bool(walk.truncated),
        ])
    }

    func delete(_ arguments: ToolArguments, _ context: ToolContext) throws(ToolError) -> ToolOutput {
        let path = try WorkingCopyPath.resolve(try arguments.string("path"), in: context.workingCopy, for: .delete)
        guard !path.relative.isEmpty else { throw .notAllowed("deleting the working copy itself") }
        let removed = try FileIO.remove(path, recursive: try arguments.bool("recursive", default: false))
        return ToolOutput(
            result: ["path": .string(path.display), "deleted": .integer(Int64(removed.count))], changedPaths: removed)
    }
}

/// A depth-first walk collecting the paths a glob matches; symlinked directories are listed, not entered.
private struct GlobWalk {
    let pattern: GlobPattern
    let cap: Int
    var matches: [String] = []
    var truncated = false
    private var visited = 0

    /// Bounds a walk over a huge tree: past this many entries the result is marked truncated.
    private static let maxVisited = 200_000

    init(pattern: GlobPattern, cap: Int) {
        self.pattern = pattern
        self.cap = cap
    }

    mutating func visit(_ directory: WorkingCopyPath, below prefix: String) throws(ToolError) {
        for name in try FileIO.entries(directory.absolute).sorted() {
            guard !truncated else { return }
            visited += 1
            if visited > Self.maxVisited {
                truncated = true
                return
            }
            let child = directory.appending(name)
            if child.components.first == ".orchestrator" { continue }
            let relative = prefix.isEmpty ? name : prefix + "/" + name
            if child.components.first == ".git", !pattern.startsWith(component: ".git") { continue }
            if pattern.matches(relative) {
                guard matches.count < cap else {
                    truncated = true
                    return
                }
                matches.append(child.relative)
            }
            if FileIO.info(child.absolute)?.kind == .directory {
                try visit(child, below: relative)
            }
        }
    }
}
