import Model

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Finds the configuration files under a directory: `*.yaml`/`*.yml` of the four kinds.
public enum ConfigFileSearch {
    /// Directories never searched: tool state, dependencies, build output.
    public static let skippedDirectories: Set<String> = [".git", ".orchestrator", ".build", "node_modules", ".venv"]

    /// YAML files under `directory` (sorted), skipping hidden and skipped directories; symlinked
    /// directories are not followed, so a link cycle cannot loop (symlinked files are listed).
    public static func yamlFiles(under directory: URL) -> [URL] {
        // The directory named may itself be a link; links below it are not followed.
        let root = directory.resolvingSymlinksInPath()
        var files: [URL] = []
        collect(in: root, into: &files)
        return files.sorted { $0.path < $1.path }
    }

    private static func collect(in directory: URL, into files: inout [URL]) {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory.path) else { return }
        for name in names {
            let url = directory.appendingPathComponent(name)
            // attributesOfItem does not follow a link: a linked directory reads as a link, never entered.
            let type = (try? manager.attributesOfItem(atPath: url.path))?[.type] as? FileAttributeType
            if type == .typeDirectory {
                if !name.hasPrefix("."), !skippedDirectories.contains(name) { collect(in: url, into: &files) }
                continue
            }
            guard name.hasSuffix(".yaml") || name.hasSuffix(".yml") else { continue }
            var isDirectory = false
            if type == .typeRegular
                || (type == .typeSymbolicLink && manager.fileExists(atPath: url.path, isDirectory: &isDirectory)
                    && !isDirectory)
            {
                files.append(url)
            }
        }
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
