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
        var documents: [ContextDocument] = []
        var folders = [""]
        while let folder = folders.popLast(), documents.count < limit {
            let absolute = folder.isEmpty ? root : root + "/" + folder
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: absolute)) ?? []).sorted()
            for name in names where !name.hasPrefix(".") {
                let relative = folder.isEmpty ? name : folder + "/" + name
                var status = stat()
                guard lstat(root + "/" + relative, &status) == 0 else { continue }
                switch status.st_mode & S_IFMT {
                case S_IFDIR:
                    folders.append(relative)
                case S_IFREG where Int(status.st_size) <= maxFileBytes:
                    guard let data = FileManager.default.contents(atPath: root + "/" + relative),
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

    /// The same walk over an overlay view's layers: what listing the view would give, read beside the FUSE daemon.
    private static func list(_ view: OverlayLayers, limit: Int) -> [ContextDocument] {
        var documents: [ContextDocument] = []
        var folders = [(path: "", layers: view.layers)]
        while let folder = folders.popLast(), documents.count < limit {
            for (name, entry) in view.entries(of: folder.path, in: folder.layers) where !name.hasPrefix(".") {
                let relative = folder.path.isEmpty ? name : folder.path + "/" + name
                switch entry.type {
                case S_IFDIR:
                    folders.append((relative, entry.layers))
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
