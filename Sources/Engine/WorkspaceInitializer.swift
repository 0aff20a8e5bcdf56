import Config

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Writes a starter workspace from a template; never overwrites a file unless asked to.
public enum WorkspaceInitializer {
    /// Writes the template's files into `directory` (created if missing) and returns their relative paths.
    public static func initialize(
        directory: String, template name: String, overwrite: Bool
    ) throws(EngineError) -> [String] {
        guard let template = WorkspaceTemplate.named(name) else {
            let names = WorkspaceTemplate.all.map(\.name).joined(separator: ", ")
            throw EngineError(.invalidState, "no template '\(name)'; templates: \(names)")
        }
        let paths = template.files.keys.sorted()
        let existing = paths.filter { FileManager.default.fileExists(atPath: directory + "/" + $0) }
        if !existing.isEmpty && !overwrite {
            throw EngineError(
                .invalidState,
                "\(directory) already has " + existing.joined(separator: ", ") + "; use --force to overwrite",
                files: existing)
        }
        do {
            for path in paths {
                guard let text = template.files[path] else { continue }
                let url = URL(fileURLWithPath: directory + "/" + path)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(localized(text).utf8).write(to: url, options: .atomic)
            }
        } catch {
            throw EngineError(.invalidState, "cannot write the template into \(directory): \(error)")
        }
        return paths
    }

    /// Drops schema modelines that point into this repository: the kind is found from the top-level key anyway.
    private static func localized(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("# yaml-language-server:") }
            .joined(separator: "\n")
    }
}
