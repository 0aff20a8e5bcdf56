import Model

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `system_prompt` values that name a file: which do, where the file is, its text, and the diagnostic when it
/// cannot be read. A prompt file that cannot be read is an error at its key: its path never becomes prompt text.
public enum PromptFiles {
    /// The largest prompt file read (1 MiB).
    public static let maxBytes = 1 << 20

    /// A prompt file that could not be read, with where it is named.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The YAML file that names the prompt file.
        public var file: String?
        /// The `system_prompt` entry, key to value.
        public var range: SourceRange?
        /// The prompt file's path as resolved.
        public var path: String
        public var reason: String

        public var description: String {
            let place =
                file.map { file in
                    range.map { "\(file):\($0.start.line + 1):\($0.start.scalarColumn + 1): " }
                        ?? "\(file): "
                } ?? ""
            return "\(place)\(message) [\(DiagnosticCode.missingPromptFile)]"
        }

        /// The diagnostic's message.
        public var message: String { "system_prompt names the file '\(path)', which cannot be read: \(reason)" }
    }

    /// Whether a `system_prompt` value names a file: one line ending in `.md` or `.txt` (anything else is the text).
    public static func namesFile(_ value: String) -> Bool {
        let trimmed = value.trimmedWhitespace
        return !trimmed.isEmpty && !trimmed.contains("\n") && (trimmed.hasSuffix(".md") || trimmed.hasSuffix(".txt"))
    }

    /// Where the file `value` names is, relative to the YAML file at `source` (absolute paths stay as they are).
    public static func path(of value: String, relativeTo source: String) -> String {
        let trimmed = value.trimmedWhitespace
        if trimmed.hasPrefix("/") { return trimmed }
        return URL(fileURLWithPath: source).deletingLastPathComponent().appendingPathComponent(trimmed).path
    }

    /// The prompt `value` stands for: its text, or the contents of the file it names relative to `source`.
    /// A value naming a file with no `source` to resolve it against (a built-in agent) is its text.
    public static func resolve(
        _ value: String, source: String?, range: SourceRange? = nil
    ) throws(Failure) -> String {
        guard namesFile(value), let source else { return value }
        let path = path(of: value, relativeTo: source)
        let bytes: [UInt8]
        do {
            bytes = try BoundedFileReader.contents(of: path, limit: maxBytes, regularFileOnly: true)
        } catch {
            throw Failure(file: source, range: range, path: path, reason: error.reason)
        }
        guard bytes.count <= maxBytes else {
            throw Failure(file: source, range: range, path: path, reason: "larger than \(maxBytes) bytes")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Failure(file: source, range: range, path: path, reason: "not UTF-8 text")
        }
        return text
    }

    /// One diagnostic for each `system_prompt` (the agent's and its subagents') of the agent document `root`,
    /// read from `file`, that names a file which cannot be read; at the entry, key to value.
    public static func diagnostics(root: YAMLNode, file: String) -> [Diagnostic] {
        diagnostics(prompts(in: root), file: file)
    }

    /// One `system_prompt` of an agent file (the agent's own or a subagent's): its value and where it is.
    public struct Prompt: Sendable, Hashable {
        public var value: String
        /// The entry, key to value.
        public var range: SourceRange
    }

    /// Every `system_prompt` an agent file's root gives.
    public static func prompts(in root: YAMLNode) -> [Prompt] {
        guard let agent = root["agent"] else { return [] }
        var entries: [YAMLEntry] = []
        if let own = agent.entry("system_prompt") { entries.append(own) }
        for subagent in agent["subagents"]?.items ?? [] {
            if let entry = subagent.entry("system_prompt") { entries.append(entry) }
        }
        return entries.compactMap { entry in
            entry.value.string.map { Prompt(value: $0, range: entry.key.range.union(entry.value.range)) }
        }
    }

    /// A diagnostic for each of `prompts` that names a file that cannot be read, relative to `file`.
    public static func diagnostics(_ prompts: [Prompt], file: String) -> [Diagnostic] {
        prompts.compactMap { prompt -> Diagnostic? in
            do throws(Failure) {
                _ = try resolve(prompt.value, source: file, range: prompt.range)
                return nil
            } catch {
                return Diagnostic(range: prompt.range, code: DiagnosticCode.missingPromptFile, message: error.message)
            }
        }
    }
}
