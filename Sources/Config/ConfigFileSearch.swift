import Foundation
import Model

/// Finds the configuration files under a directory: `*.yaml`/`*.yml` of the four kinds.
public enum ConfigFileSearch {
    /// Directories never searched: tool state, dependencies, build output.
    public static let skippedDirectories: Set<String> = [".git", ".orchestrator", ".build", "node_modules", ".venv"]

    /// YAML files under `directory` (sorted), skipping hidden and skipped directories; symlinked
    /// directories are not followed, so a link cycle cannot loop.
    public static func yamlFiles(under directory: URL) -> [URL] {
        let keys: [URLResourceKey] = [.isDirectoryKey, .isRegularFileKey, .isSymbolicLinkKey]
        // The directory named may itself be a link; links below it are not followed.
        let directory = directory.resolvingSymlinksInPath()
        guard
            let enumerator = FileManager.default.enumerator(
                at: directory, includingPropertiesForKeys: keys, options: [.skipsPackageDescendants])
        else { return [] }
        var files: [URL] = []
        for case let url as URL in enumerator {
            let values = try? url.resourceValues(forKeys: Set(keys))
            let name = url.lastPathComponent
            if values?.isDirectory == true {
                if name.hasPrefix(".") || skippedDirectories.contains(name) || values?.isSymbolicLink == true {
                    enumerator.skipDescendants()
                }
                continue
            }
            guard values?.isRegularFile == true, name.hasSuffix(".yaml") || name.hasSuffix(".yml") else { continue }
            files.append(url)
        }
        return files.sorted { $0.path < $1.path }
    }

    /// Whether a file's text looks like one of the four kinds (a modeline naming our schema, or a top-level key).
    public static func isConfig(_ text: SourceText) -> Bool {
        switch ConfigKindDetector.modeline(in: text) {
        case .ours: return true
        case .foreign: return false
        case nil: return ConfigKindDetector.kind(ofUnparsedText: text) != nil
        }
    }
}
