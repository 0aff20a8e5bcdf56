import Glibc
import Testing

@testable import Snapshots

@Suite("Object packs")
struct ObjectPackTests {
    /// Distinct small bodies, the same every time.
    static func bodies(_ count: Int, tag: String = "body") -> [[UInt8]] {
        (0..<count).map {
            Array("\(tag) \($0)\n".utf8) + Array(repeating: UInt8(truncatingIfNeeded: $0), count: $0 % 7)
        }
    }

    /// Stores the bodies through one batch, as a snapshot does, and returns their hashes.
    static func storeInBatch(_ bodies: [[UInt8]], in store: ObjectStore) throws -> [ObjectHash] {
        let batch = ObjectBatch(store: store)
        let hashes = try bodies.map { body throws(SnapshotError) in
            try SystemFile.withBytes(of: body) { (buffer) throws(SnapshotError) in
                try store.insert(buffer, batch: batch).hash
            }
        }
        try batch.commit()
        return hashes
    }

    static func names(_ folder: String) -> [String] {
        ((try? ObjectStore.names(in: folder)) ?? []).sorted()
    }

    @Test("a batch of many small objects becomes one pack, read back whole by this and a new store")
    func manyBecomeOnePack() throws {
        let workspace = try TemporaryWorkspace()
        let store = try ObjectStore(directory: workspace.path("store"))
        let bodies = Self.bodies(300)
        let hashes = try Self.storeInBatch(bodies, in: store)
        let files = Self.names(workspace.path("store/packs"))
        #expect(files.count == 2)
        #expect(files.filter { $0.hasSuffix(".pack") }.count == 1 && files.filter { $0.hasSuffix(".idx") }.count == 1)
        // No loose object was made: only the packs and tmp folders.
        #expect(Self.names(workspace.path("store")) == ["packs", "tmp"])
        let fresh = try ObjectStore(directory: workspace.path("store"))
        for (hash, body) in zip(hashes, bodies) {
            #expect(try store.get(hash) == body)
            #expect(try fresh.get(hash) == body)
            #expect(fresh.contains(hash))
        }
        #expect(try fresh.usage().objects == 300)
        // What a restore does: the object's bytes streamed to a file.
        let target = workspace.path("copied")
        let fd = open(target, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try fresh.copy(hashes[42], to: fd, displayPath: target)
        close(fd)
        #expect(workspace.read("copied").map { Array($0.utf8) } == bodies[42])
    }

    @Test("a batch of a few objects stays loose, and a store that read the packs earlier finds a pack added later")
    func fewStayLooseAndNewPacksAreFound() throws {
        let workspace = try TemporaryWorkspace()
        let store = try ObjectStore(directory: workspace.path("store"))
        let few = try Self.storeInBatch(Self.bodies(ObjectBatch.packMinimumObjects - 1, tag: "few"), in: store)
        #expect(!workspace.exists("store/packs"))
        #expect(workspace.exists("store/" + String(few[0].hex.prefix(2)) + "/" + String(few[0].hex.dropFirst(2))))
        // A second store (another process) loads the (empty) packs before a pack exists.
        let other = try ObjectStore(directory: workspace.path("store"))
        #expect(!other.contains(ObjectHash.of(Self.bodies(1, tag: "many")[0])))
        let many = try Self.storeInBatch(Self.bodies(100, tag: "many"), in: store)
        #expect(other.contains(many[99]))
        #expect(try other.get(many[0]) == Self.bodies(1, tag: "many")[0])
    }

    @Test("objects already in a pack are not stored again")
    func packedObjectsAreReused() throws {
        let workspace = try TemporaryWorkspace()
        let store = try ObjectStore(directory: workspace.path("store"))
        _ = try Self.storeInBatch(Self.bodies(100), in: store)
        let batch = ObjectBatch(store: store)
        let again = try SystemFile.withBytes(of: Self.bodies(100)[7]) { (buffer) throws(SnapshotError) in
            try store.insert(buffer, batch: batch)
        }
        try batch.commit()
        #expect(!again.created)
        #expect(Self.names(workspace.path("store/packs")).count == 2)
    }

    @Test("a changed pack byte is reported corrupt, and an unreadable index is named when its objects are missing")
    func corruption() throws {
        let workspace = try TemporaryWorkspace()
        let store = try ObjectStore(directory: workspace.path("store"))
        let hashes = try Self.storeInBatch(Self.bodies(80), in: store)
        let pack = try #require(store.packs.packs().first)
        let entry = try #require(pack.entry(for: hashes[3]))
        chmod(pack.packPath, 0o644)
        let fd = open(pack.packPath, O_WRONLY)
        var byte: UInt8 = 0xFF
        #expect(pwrite(fd, &byte, 1, off_t(entry.offset)) == 1)
        close(fd)
        #expect(thrownError { () throws(SnapshotError) in _ = try store.get(hashes[3]) }?.code == .corrupt)
        #expect(try store.get(hashes[4]) == Self.bodies(80)[4])

        chmod(pack.indexPath, 0o644)
        try workspace.write("store/packs/\(pack.name).idx", "not an index", aged: false)
        let fresh = try ObjectStore(directory: workspace.path("store"))
        let error = thrownError { () throws(SnapshotError) in _ = try fresh.get(hashes[4]) }
        #expect(error?.code == .missingObject)
        #expect(error?.message.contains("unreadable pack indexes: \(pack.name).idx") == true)
    }

    @Test("garbage collection drops dead packs, rewrites mostly dead ones and keeps mostly live ones")
    func garbageCollection() throws {
        let workspace = try TemporaryWorkspace()
        let store = try ObjectStore(directory: workspace.path("store"))
        let dead = try Self.storeInBatch(Self.bodies(70, tag: "dead"), in: store)
        let sparse = try Self.storeInBatch(Self.bodies(100, tag: "sparse"), in: store)
        let dense = try Self.storeInBatch(Self.bodies(100, tag: "dense"), in: store)
        let keptSparse = Array(sparse.prefix(10))
        let keptDense = Array(dense.prefix(90))
        let manifest = SnapshotManifest(
            entries: (keptSparse + keptDense).enumerated().map { index, hash in
                ManifestEntry(path: "f\(index)", kind: .file, hash: hash, mode: 0o644, size: 1, modificationTime: 1)
            }, createdAt: 1)
        let manifestHash = try store.storeManifest(manifest)
        // Marked now: every pack is younger than the mark, so all are spared.
        let spared = try store.collectGarbage(keeping: [manifestHash], sparingNewerThan: ObjectStore.now())
        #expect(spared.removedObjects == 0)
        #expect(store.packs.packs().count == 3)

        let collected = try store.collectGarbage(keeping: [manifestHash])
        // The dead pack whole and the sparse pack's 90 dead; the dense pack, 90 of 100 live, stays as it is.
        #expect(collected.removedObjects == 70 + 90)
        #expect(collected.freedBytes > 0)
        let fresh = try ObjectStore(directory: workspace.path("store"))
        #expect(fresh.packs.packs().map(\.entries.count).sorted() == [10, 100])
        for hash in dead + sparse.dropFirst(10) { #expect(!fresh.contains(hash)) }
        for hash in keptSparse + dense { #expect(fresh.contains(hash)) }
        #expect(try fresh.get(keptSparse[9]) == Self.bodies(100, tag: "sparse")[9])
        // The store that collected finds the rewritten pack's objects too.
        #expect(try store.get(keptSparse[0]) == Self.bodies(1, tag: "sparse")[0])
    }

    @Test("a pack left without its index is removed once it is an hour old")
    func abandonedPackFile() throws {
        let workspace = try TemporaryWorkspace()
        let store = try ObjectStore(directory: workspace.path("store"))
        try workspace.write("store/packs/young.pack", "half written", aged: false)
        try workspace.write("store/packs/old.pack", "half written", aged: false)
        try workspace.setModificationTime("store/packs/old.pack", ObjectStore.now() - 7_200_000_000_000)
        _ = try store.collectGarbage(keeping: [])
        #expect(Self.names(workspace.path("store/packs")) == ["young.pack"])
    }

    @Test("a snapshot of a few hundred files packs them, and a restore brings them back byte for byte")
    func snapshotAndRestore() throws {
        let workspace = try TemporaryWorkspace()
        for index in 0..<400 {
            try workspace.write("src/module\(index % 20)/file\(index).py", "value_\(index) = \(index * 7)\n")
        }
        let before = workspace.describe()
        let store = try ObjectStore(directory: workspace.path(".orchestrator/objects"))
        let snapshotter = WorkspaceSnapshotter(workspace: workspace.root, objects: store, ignore: [])
        let result = try snapshotter.snapshot(reusing: nil)
        #expect(result.newObjects == 400)
        #expect(Self.names(workspace.path(".orchestrator/objects/packs")).count == 2)
        for index in stride(from: 0, to: 400, by: 3) {
            #expect(unlink(workspace.path("src/module\(index % 20)/file\(index).py")) == 0)
        }
        try workspace.write("src/module1/file1.py", "changed\n", aged: false)
        _ = try WorkspaceSnapshotter(
            workspace: workspace.root,
            objects: try ObjectStore(directory: workspace.path(".orchestrator/objects")), ignore: []
        ).restore(result.manifest)
        #expect(workspace.describe() == before)
    }
}
