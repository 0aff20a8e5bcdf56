import Snapshots

/// What one path became in a working copy.
enum CopyChange: Sendable, Hashable {
    /// A regular file with this content and these permission bits.
    case file(hash: ObjectHash, mode: UInt32)
    /// A symlink whose target hashes to this.
    case symlink(hash: ObjectHash)
    case removed
}

/// The changes an overlay's upper folder holds, read without looking at anything the agent did not touch: the
/// upper folder is walked whole (it is only what changed) and the lower layer is read only at those paths.
///
/// A copied-up file whose bytes and mode equal the lower one's is no change (opening a file to write, or a
/// `touch`, copies it up). Whiteouts (0/0 character devices, or fuse-overlayfs's `.wh.<name>` files) remove the
/// lower file or the lower folder's whole tree; an opaque folder removes every lower file under it that the upper
/// folder does not have again.
struct OverlayChanges: Sendable {
    /// Workspace-relative path → what it became (files and symlinks only, as in a manifest).
    var changes: [String: CopyChange] = [:]
    /// Folders of the lower layer this copy removed or hid whole: another copy changing anything under one of them
    /// conflicts with this one.
    var replacedFolders: Set<String> = []

    let upper: String
    let lower: String
    let ignores: @Sendable (String) -> Bool

    /// Reads `upper` against `lower`, skipping the paths `ignores` names.
    static func read(
        upper: String, lower: String, ignores: @escaping @Sendable (String) -> Bool
    ) throws(SnapshotError) -> OverlayChanges {
        var reader = OverlayChanges(upper: upper, lower: lower, ignores: ignores)
        try reader.walk("")
        return reader
    }

    private mutating func walk(_ folder: String) throws(SnapshotError) {
        let absolute = folder.isEmpty ? upper : upper + "/" + folder
        for name in try CopyLayerFile.names(in: absolute) {
            if CopyLayerFile.isMarker(name) { continue }
            let path = folder.isEmpty ? name : folder + "/" + name
            guard let status = CopyLayerFile.status(upper + "/" + path) else { continue }
            if name.hasPrefix(CopyLayerFile.whiteoutPrefix) && status.kind == .file {
                let hidden = String(name.dropFirst(CopyLayerFile.whiteoutPrefix.count))
                try remove(folder.isEmpty ? hidden : folder + "/" + hidden)
                continue
            }
            if ignores(path) { continue }
            let below = CopyLayerFile.status(lower + "/" + path)
            switch status.kind {
            case .whiteout:
                try remove(path)
            case .file:
                if below?.kind == .directory { try remove(path) }
                let bytes = try CopyLayerFile.read(upper + "/" + path)
                if below?.kind == .file, below?.mode == status.mode,
                    try CopyLayerFile.read(lower + "/" + path) == bytes
                {
                    changes[path] = nil
                } else {
                    changes[path] = .file(hash: ObjectHash.of(contents: bytes), mode: status.mode)
                }
            case .symlink:
                if below?.kind == .directory { try remove(path) }
                let target = try CopyLayerFile.linkTarget(upper + "/" + path)
                if below?.kind == .symlink, try CopyLayerFile.linkTarget(lower + "/" + path) == target {
                    changes[path] = nil
                } else {
                    changes[path] = .symlink(hash: ObjectHash.of(contents: target))
                }
            case .directory:
                if below?.kind == .file || below?.kind == .symlink {
                    changes[path] = .removed
                } else if below?.kind == .directory && CopyLayerFile.isOpaque(upper + "/" + path) {
                    try remove(path)
                }
                try walk(path)
            case .other:
                continue
            }
        }
    }

    /// Marks the lower file at `path`, or every lower file under the lower folder at `path`, removed.
    private mutating func remove(_ path: String) throws(SnapshotError) {
        if ignores(path) { return }
        if CopyLayerFile.status(lower + "/" + path)?.kind == .directory { replacedFolders.insert(path) }
        for leaf in try CopyLayerFile.leaves(under: path, root: lower) where !ignores(leaf) {
            changes[leaf] = .removed
        }
    }
}
