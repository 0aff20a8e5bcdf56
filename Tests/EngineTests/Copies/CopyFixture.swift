import Foundation
import Glibc
import Snapshots

@testable import Engine

/// A workspace in a temporary folder with a few known files (and, for the large variant, generated ones), and
/// working copies of it made one way or the other.
struct CopyFixture {
    let root: String
    let objects: ObjectStore
    let snapshotter: WorkspaceSnapshotter

    /// The known files: what every test changes.
    static let known = [
        "src/a.txt": "alpha\n", "src/b.txt": "beta\n", "src/keep/c.txt": "gamma\n", "README.md": "read me\n",
    ]

    /// A workspace with the known files plus `generated` small files in folders of 100.
    static func make(generated: Int, name: String = "copies") throws -> CopyFixture {
        let root = FileManager.default.temporaryDirectory.path + "/\(name)-\(UUID().uuidString)"
        for (path, text) in known { try write(text, to: root + "/" + path) }
        for index in 0..<generated {
            let folder = root + "/gen/d\(index / 100)"
            if index % 100 == 0 {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            // POSIX, not Data.write: ten thousand files are made by every large case.
            let file = open(folder + "/f\(index).txt", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            let bytes = Array("file \(index)\n".utf8)
            _ = bytes.withUnsafeBytes { Glibc.write(file, $0.baseAddress, $0.count) }
            close(file)
        }
        let objects = try ObjectStore(directory: root + "/.orchestrator/objects")
        return CopyFixture(
            root: root, objects: objects, snapshotter: WorkspaceSnapshotter(workspace: root, objects: objects))
    }

    func copies(_ strategy: CopyStrategy, name: String = "phase-1") -> WorkingCopies {
        WorkingCopies(
            workspace: snapshotter, objects: objects, root: root + "/.orchestrator/work/wf/" + name, reference: nil,
            strategy: strategy)
    }

    func remove() {
        try? WorkingCopies.removeTree(root)
    }

    func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Every recorded path's content hash and mode: what a byte-exact comparison of two trees compares.
    func tree() throws -> [String: String] {
        let manifest = try snapshotter.snapshot(reusing: nil).manifest
        return Dictionary(uniqueKeysWithValues: manifest.entries.map { ($0.path, "\($0.hash) \($0.mode) \($0.kind)") })
    }
}
