import Glibc
import Tokens

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The text files of an agent's directory that its prompt may draw on: at most `limit` UTF-8 files of up to
/// 64 KiB, outside hidden folders (`.orchestrator/`, `.git/`), symlinks not followed, in path order.
enum WorkspaceDocuments {
    static let maxFileBytes = 64 << 10
    static let defaultLimit = 200

    static func list(root: String, limit: Int = defaultLimit) -> [ContextDocument] {
        if let view = OverlayLayers(view: root) { return list(view, limit: limit) }
        return walk(root: root, limit: limit)
    }

    /// The walk itself, through whatever `root` is.
    static func walk(root: String, limit: Int = defaultLimit) -> [ContextDocument] {
        walk(from: (), limit: limit) { folder, _ in
            let absolute = folder.isEmpty ? root : root + "/" + folder
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: absolute)) ?? []).sorted()
            return names.compactMap { name in
                var status = stat()
                guard lstat(absolute + "/" + name, &status) == 0 else { return nil }
                return Entry(
                    name: name, path: absolute + "/" + name, type: status.st_mode & S_IFMT, size: Int(status.st_size),
                    folder: ())
            }
        }
    }

    /// The same walk over an overlay view's layers: what listing the view would give, read beside the FUSE daemon.
    private static func list(_ view: OverlayLayers, limit: Int) -> [ContextDocument] {
        walk(from: view.layers, limit: limit) { folder, layers in
            view.entries(of: folder, in: layers).map { name, entry in
                Entry(name: name, path: entry.path, type: entry.type, size: entry.size, folder: entry.layers)
            }
        }
    }

    /// One name of a folder: where its bytes are, what it is, and what a walk into it needs (`Folder`).
    private struct Entry<Folder> {
        var name: String
        var path: String
        var type: mode_t
        var size: Int
        var folder: Folder
    }

    /// Folders popped from a stack, each one's names in order (`entries`), subfolders pushed as met, until `limit`
    /// documents; then the documents in path order.
    private static func walk<Folder>(
        from start: Folder, limit: Int, entries: (String, Folder) -> [Entry<Folder>]
    ) -> [ContextDocument] {
        var documents: [ContextDocument] = []
        var folders = [(path: "", folder: start)]
        while let current = folders.popLast(), documents.count < limit {
            for entry in entries(current.path, current.folder) where !entry.name.hasPrefix(".") {
                let relative = current.path.isEmpty ? entry.name : current.path + "/" + entry.name
                switch entry.type {
                case S_IFDIR:
                    folders.append((relative, entry.folder))
                case S_IFREG where entry.size <= maxFileBytes:
                    guard let data = FileManager.default.contents(atPath: entry.path),
                        let text = String(validating: data, as: UTF8.self)
                    else { continue }
                    documents.append(ContextDocument(path: relative, text: text))
                default:
                    continue
                }
                if documents.count >= limit { break }
            }
        }
        return documents.sorted { $0.path < $1.path }
    }
}
