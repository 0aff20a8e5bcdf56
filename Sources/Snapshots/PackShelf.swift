import Glibc
import Synchronization

/// The packs of one object store: their indexes read once, and read again when the `packs/` folder changes.
///
/// Shared by every copy of an `ObjectStore` value. A lookup that misses checks the folder's stamp (one `stat`) and
/// reloads only then; a stamp within two seconds of the last load is not trusted (the kernel's clock for file
/// times is coarse, so a pack added in the same tick would leave it unchanged), as git treats a racily clean index.
final class PackShelf: Sendable {
    let folder: String

    private struct State {
        var packs: [String: ObjectPack] = [:]
        /// Index files that could not be read, with why: named when an object is then found nowhere.
        var unreadable: [String: String] = [:]
        var stamp: DirectoryStamp?
        var loadedAt: Int64 = 0
        var loaded = false
    }

    private let state = Mutex(State())

    init(folder: String) {
        self.folder = folder
    }

    /// The pack and entry holding an object; with `refresh`, the folder is read again first if it changed.
    func locate(_ hash: ObjectHash, refresh: Bool = true) -> (pack: ObjectPack, entry: ObjectPack.Entry)? {
        state.withLock { state in
            if !state.loaded { Self.reloadIfChanged(&state, folder: folder) }
            if let found = Self.find(hash, in: state.packs) { return found }
            guard refresh else { return nil }
            Self.reloadIfChanged(&state, folder: folder)
            return Self.find(hash, in: state.packs)
        }
    }

    /// Reads the folder again if it changed since it was last read.
    func refresh() {
        state.withLock { Self.reloadIfChanged(&$0, folder: folder) }
    }

    /// The packs as last read (after a refresh).
    func packs() -> [ObjectPack] {
        state.withLock { state in
            Self.reloadIfChanged(&state, folder: folder)
            return state.packs.values.sorted { $0.name < $1.name }
        }
    }

    /// What is wrong with the indexes that could not be read, if any.
    func unreadableIndexes() -> String? {
        state.withLock { state in
            state.unreadable.isEmpty
                ? nil
                : state.unreadable.sorted { $0.key < $1.key }.map { "\($0.key).idx: \($0.value)" }.joined(
                    separator: "; ")
        }
    }

    /// Adds a pack this process just wrote, without reading the folder.
    func add(_ pack: ObjectPack) {
        state.withLock { $0.packs[pack.name] = pack }
    }

    /// Forgets a pack this process just removed.
    func remove(_ name: String) {
        state.withLock { _ = $0.packs.removeValue(forKey: name) }
    }

    private static func find(
        _ hash: ObjectHash, in packs: [String: ObjectPack]
    ) -> (pack: ObjectPack, entry: ObjectPack.Entry)? {
        for pack in packs.values {
            if let entry = pack.entry(for: hash) { return (pack, entry) }
        }
        return nil
    }

    private static func reloadIfChanged(_ state: inout State, folder: String) {
        let stamp = SystemFile.directoryStamp(at: AT_FDCWD, folder)
        let racy = stamp.map { state.loadedAt - $0.modificationTime < 2_000_000_000 } ?? false
        if state.loaded && stamp == state.stamp && !racy { return }
        state.loadedAt = SystemFile.now()
        state.stamp = stamp
        state.loaded = true
        guard stamp != nil, let names = try? ObjectStore.names(in: folder) else {
            state.packs = [:]
            state.unreadable = [:]
            return
        }
        let present = Set(names.filter { $0.hasSuffix(".idx") }.map { String($0.dropLast(4)) })
        state.packs = state.packs.filter { present.contains($0.key) }
        state.unreadable = state.unreadable.filter { present.contains($0.key) }
        for name in present where state.packs[name] == nil {
            do {
                state.packs[name] = try ObjectPack.load(folder: folder, name: name)
                state.unreadable[name] = nil
            } catch {
                state.unreadable[name] = error.message
            }
        }
    }
}
