import JSON
import Processes

/// Reads, writes, edits, lists, globs and deletes files inside the caller's working copy.
public struct FileSystemTool: Tool {
    /// The tool's id.
    public static let id = "file_system"

    public let descriptor: ToolDescriptor
    let configuration: ToolConfiguration

    /// The tool under these limits and settings.
    public init(configuration: ToolConfiguration = .init()) {
        self.configuration = configuration
        self.descriptor = Self.makeDescriptor(configuration)
    }

    /// Runs one action; see the descriptor for the arguments each takes.
    public func perform(
        _ action: String, arguments: JSONValue, context: ToolContext
    ) async throws(ToolError) -> ToolOutput {
        let arguments = ToolArguments(arguments, tool: Self.id, action: action)
        switch action {
        case "read": return try read(arguments, context)
        case "write": return try write(arguments, context)
        case "edit": return try edit(arguments, context)
        case "list": return try list(arguments, context)
        case "glob": return try glob(arguments, context)
        case "delete": return try delete(arguments, context)
        default: throw .unknownAction(tool: Self.id, action: action)
        }
    }

    private func read(_ arguments: ToolArguments, _ context: ToolContext) throws(ToolError) -> ToolOutput {
        let path = try WorkingCopyPath.resolve(try arguments.string("path"), in: context.workingCopy, for: .read)
        let cap = min(
            try arguments.integer("max_bytes") ?? configuration.fileReadCapBytes, configuration.fileReadCapBytes)
        let startLine = try arguments.integer("start_line")
        let endLine = try arguments.integer("end_line")
        guard startLine != nil || endLine != nil else {
            let (bytes, size) = try FileIO.readPrefix(path, limit: cap)
            let content = try Self.text(bytes, cut: size > bytes.count, path: path)
            return ToolOutput(result: [
                "path": .string(path.display), "content": .string(content), "size": .integer(Int64(size)),
                "truncated": .bool(size > bytes.count),
            ])
        }
        let text = try wholeText(path)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if text.hasSuffix("\n") || text.isEmpty { lines.removeLast() }  // a final newline ends a line, starts none
        let total = lines.count
        let first = max(startLine ?? 1, 1)
        let last = min(endLine ?? total, total)
        guard first <= total || (total == 0 && first == 1) else {
            throw .failed("'\(path.display)' has \(total) lines; start_line \(first) is past the end")
        }
        guard first <= last || total == 0 else { throw .failed("end_line \(last) is before start_line \(first)") }
        var selected = lines[min(first - 1, total)..<max(last, 0)].joined(separator: "\n")
        if last > 0 && (last < total || text.hasSuffix("\n")) { selected += "\n" }
        let bytes = Array(selected.utf8)
        let truncated = bytes.count > cap
        let content =
            truncated ? String(decoding: UTF8Boundary.completeCharacters(bytes.prefix(cap)), as: UTF8.self) : selected
        return ToolOutput(result: [
            "path": .string(path.display), "content": .string(content), "start_line": .integer(Int64(first)),
            "end_line": .integer(Int64(last)), "total_lines": .integer(Int64(total)), "truncated": .bool(truncated),
        ])
    }

    private func write(_ arguments: ToolArguments, _ context: ToolContext) throws(ToolError) -> ToolOutput {
        let path = try WorkingCopyPath.resolve(try arguments.string("path"), in: context.workingCopy, for: .write)
        guard !path.relative.isEmpty else { throw .failed("cannot write to the working copy itself; name a file") }
        let content = try arguments.string("content")
        let existed = FileIO.info(path.absolute) != nil
        if try arguments.bool("create_directories", default: true) {
            try FileIO.createParents(of: path)
        }
        let bytes = Array(content.utf8)
        try FileIO.writeAtomically(bytes, to: path)
        return ToolOutput(
            result: ["path": .string(path.display), "bytes": .integer(Int64(bytes.count)), "created": .bool(!existed)],
            changedPaths: [path.relative])
    }

    private func edit(_ arguments: ToolArguments, _ context: ToolContext) throws(ToolError) -> ToolOutput {
        let path = try WorkingCopyPath.resolve(try arguments.string("path"), in: context.workingCopy, for: .write)
        let old = Array(try arguments.string("old").utf8)
        let new = Array(try arguments.string("new").utf8)
        guard !old.isEmpty else { throw arguments.invalid("/old: must not be empty") }
        let content = Array(try wholeText(path).utf8)
        let found = Self.occurrences(of: old, in: content)
        guard let first = found.first else {
            throw .failed(
                "'old' does not occur in '\(path.display)'; read the file and copy the exact text, whitespace included")
        }
        guard found.count == 1 else {
            let lines = found.prefix(10).map { String(Self.line(at: $0, in: content)) }.joined(separator: ", ")
            throw .failed(
                "'old' occurs \(found.count) times in '\(path.display)' (at lines \(lines)); "
                    + "include more of the surrounding text so that it occurs exactly once")
        }
        let edited = Array(content[..<first]) + new + Array(content[(first + old.count)...])
        try FileIO.writeAtomically(edited, to: path)
        return ToolOutput(
            result: [
                "path": .string(path.display), "line": .integer(Int64(Self.line(at: first, in: content))),
                "bytes": .integer(Int64(edited.count)),
            ],
            changedPaths: [path.relative])
    }

    /// The whole file as text, refusing files too large to handle in memory.
    func wholeText(_ path: WorkingCopyPath) throws(ToolError) -> String {
        let (bytes, size) = try FileIO.readPrefix(path, limit: configuration.fileScanMaxBytes)
        guard size <= bytes.count else {
            throw .failed(
                "'\(path.display)' is \(size) bytes, more than the \(configuration.fileScanMaxBytes) bytes "
                    + "this action reads; read it without a line range to see its start")
        }
        return try Self.text(bytes, cut: false, path: path)
    }

    /// The bytes as UTF-8 text (a character cut by a size cap dropped); NUL bytes or invalid UTF-8 mean binary.
    static func text(_ bytes: [UInt8], cut: Bool, path: WorkingCopyPath) throws(ToolError) -> String {
        let usable = cut ? UTF8Boundary.completeCharacters(bytes[...]) : bytes[...]
        guard !usable.contains(0), let text = String(validating: usable, as: UTF8.self) else {
            throw .failed("'\(path.display)' is not UTF-8 text (it looks binary)")
        }
        return text
    }

    static func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> [Int] {
        guard needle.count <= haystack.count else { return [] }
        var found: [Int] = []
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0], haystack[index..<(index + needle.count)].elementsEqual(needle) {
                found.append(index)
                index += needle.count
            } else {
                index += 1
            }
        }
        return found
    }

    static func line(at offset: Int, in bytes: [UInt8]) -> Int {
        bytes[..<offset].reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }
}
