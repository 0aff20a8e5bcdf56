/// What a walk saw of one directory: enough to tell later, with one `lstat`, whether a name was added to it,
/// removed from it or renamed in it (each of which moves the directory's mtime), or whether it was replaced.
public struct DirectoryStamp: Sendable, Hashable {
    /// The directory's inode number: a directory removed and made again is another directory.
    public var inode: UInt64
    /// Nanoseconds since the epoch.
    public var modificationTime: Int64

    /// Creates a stamp from its fields.
    public init(inode: UInt64, modificationTime: Int64) {
        self.inode = inode
        self.modificationTime = modificationTime
    }
}

/// The stamp of every directory a snapshot walked (git's untracked cache): a later snapshot from known changes
/// rescans only the directories whose stamp moved, and trusts the names in the others.
///
/// Kept in memory with the manifest it belongs to, never in the manifest's canonical text: a manifest loaded from
/// the store has none, so the first snapshot after a resume walks the whole tree.
public struct DirectoryStamps: Sendable, Hashable {
    /// Workspace-relative directory path ("" for the root) → its stamp when the walk read it.
    public var stamps: [String: DirectoryStamp]
    /// When the walk that took the stamps began (the manifest's `createdAt`).
    public var takenAt: Int64

    /// Creates a set of stamps.
    public init(stamps: [String: DirectoryStamp], takenAt: Int64) {
        self.stamps = stamps
        self.takenAt = takenAt
    }

    /// Whether a directory's current stamp still vouches for the names it held at `takenAt`: the same directory,
    /// the same mtime, and an mtime old enough that a change in the same timestamp tick cannot hide behind it.
    func vouches(for path: String, now current: DirectoryStamp) -> Bool {
        guard let recorded = stamps[path] else { return false }
        return recorded == current
            && recorded.modificationTime < takenAt &- SnapshotManifest.racyMargin
    }

    /// The text form `snapshot-bench` keeps between processes: `directory-stamps 1`, `taken-at N`, then one
    /// `inode mtime path` line per directory (paths with `\` and newline escaped as in manifests).
    public func serialized() -> [UInt8] {
        var text = "directory-stamps 1\ntaken-at \(takenAt)\n"
        for (path, stamp) in stamps.sorted(by: { ManifestPath.precedes($0.key, $1.key) }) {
            let escaped = path.replacingBackslashesAndNewlines()
            text += "\(stamp.inode) \(stamp.modificationTime) \(escaped)\n"
        }
        return Array(text.utf8)
    }

    /// Parses `serialized()`; nil for anything else (the caller then walks the whole tree).
    public init?(parsing bytes: [UInt8]) {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 3, lines[0] == "directory-stamps 1", lines[1].hasPrefix("taken-at "),
            let takenAt = Int64(lines[1].dropFirst("taken-at ".count)), lines.last == ""
        else { return nil }
        var stamps: [String: DirectoryStamp] = [:]
        for line in lines[2..<(lines.count - 1)] {
            let fields = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count >= 2, let inode = UInt64(fields[0]), let time = Int64(fields[1]) else { return nil }
            let path = fields.count == 3 ? String(fields[2]).restoringBackslashesAndNewlines() : ""
            guard let path else { return nil }
            stamps[path] = DirectoryStamp(inode: inode, modificationTime: time)
        }
        self.init(stamps: stamps, takenAt: takenAt)
    }
}

extension String {
    fileprivate func replacingBackslashesAndNewlines() -> String {
        var result = ""
        for character in unicodeScalars {
            switch character {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    fileprivate func restoringBackslashesAndNewlines() -> String? {
        var result = ""
        var escaped = false
        for character in unicodeScalars {
            if escaped {
                switch character {
                case "\\": result += "\\"
                case "n": result += "\n"
                default: return nil
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.unicodeScalars.append(character)
            }
        }
        return escaped ? nil : result
    }
}
