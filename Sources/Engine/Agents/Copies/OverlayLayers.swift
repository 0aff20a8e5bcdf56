import Glibc

/// Reads an overlay view's folders from its layers, as fuse-overlayfs shows them, without going through the view:
/// an agent's first context is up to 200 files, and reading them through a freshly mounted FUSE view cost about
/// 100 ms per copy at 10,000 files (mostly the daemon's lookups), on the layers a few.
///
/// The union, top layer first: a name is what the highest layer holding it has; a whiteout (a 0/0 character device,
/// or a `.wh.<name>` file) hides the name in every layer below; a folder merges with its namesakes below until one
/// is marked opaque (`.wh..wh..opq`) or a layer holds something else under that name.
struct OverlayLayers: Sendable {
    /// One visible name of a folder.
    struct Entry: Sendable {
        /// Where its bytes are: the folder's path in the highest layer that has it.
        let path: String
        /// `S_IFREG`, `S_IFDIR`, `S_IFLNK` or another file type.
        let type: mode_t
        let size: Int
        /// For a folder, the layers whose namesake folders make it up, top first.
        let layers: [String]
    }

    /// The folders of the view's layers at the view's root, top first.
    let layers: [String]

    /// The layers under `view` when this process mounted it, nil for any other folder.
    init?(view: String) {
        let layers = OverlayMount.layers(under: view)
        guard layers.count > 1 else { return nil }
        self.layers = layers
    }

    /// The visible names of `folder` (relative to the view) made up from `layers` (a folder entry's, or all for the
    /// root), sorted.
    func entries(of folder: String, in layers: [String]) -> [(name: String, entry: Entry)] {
        var visible: [String: Entry] = [:]
        var hidden: Set<String> = []
        var merging: Set<String> = []
        for layer in layers {
            let absolute = folder.isEmpty ? layer : layer + "/" + folder
            var below: Set<String> = []
            for name in (try? CopyLayerFile.names(in: absolute)) ?? [] where name != CopyLayerFile.opaqueMarker {
                if name.hasPrefix(CopyLayerFile.whiteoutPrefix) {
                    below.insert(String(name.dropFirst(CopyLayerFile.whiteoutPrefix.count)))
                    continue
                }
                if hidden.contains(name) { continue }
                var status = stat()
                guard lstat(absolute + "/" + name, &status) == 0 else { continue }
                let type = status.st_mode & S_IFMT
                if let upper = visible[name] {
                    // A folder seen above takes in this layer's namesake folder until something else blocks it.
                    guard merging.contains(name) else { continue }
                    if type == S_IFDIR {
                        visible[name] = Entry(
                            path: upper.path, type: S_IFDIR, size: 0, layers: upper.layers + [layer])
                        if CopyLayerFile.isOpaque(absolute + "/" + name) { merging.remove(name) }
                    } else {
                        merging.remove(name)
                    }
                    continue
                }
                if type == S_IFCHR && status.st_rdev == 0 {
                    below.insert(name)
                    continue
                }
                let path = absolute + "/" + name
                visible[name] = Entry(
                    path: path, type: type, size: Int(status.st_size), layers: type == S_IFDIR ? [layer] : [])
                if type == S_IFDIR && !CopyLayerFile.isOpaque(path) { merging.insert(name) }
            }
            // A whiteout hides its name in the layers below, not beside it.
            hidden.formUnion(below)
        }
        return visible.sorted { $0.key < $1.key }.map { (name: $0.key, entry: $0.value) }
    }
}
