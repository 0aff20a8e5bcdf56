import Glibc
import Testing

@testable import Snapshots

@Suite("ObjectStore")
struct ObjectStoreTests {
    @Test("put is idempotent and get returns the bytes")
    func idempotent() throws {
        let workspace = try TemporaryWorkspace()
        let store = try ObjectStore(directory: workspace.path("deep/store/"))
        let first = try store.put(Array("hello".utf8))
        let second = try store.put(Array("hello".utf8))
        #expect(first == second)
        #expect(first.hex == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
        #expect(try store.get(first) == Array("hello".utf8))
        #expect(store.contains(first))
        #expect(workspace.exists("deep/store/2c/f24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"))
        #expect(try store.usage() == StoreUsage(objects: 1, bytes: 5))
    }

    @Test("a changed object is reported corrupt and a missing one missing")
    func corruption() throws {
        let workspace = try TemporaryWorkspace()
        let store = try ObjectStore(directory: workspace.path("store"))
        let hash = try store.put(Array("original".utf8))
        let path = store.path(of: hash)
        chmod(path, 0o644)
        try workspace.write("store/" + String(path.dropFirst(workspace.path("store/").count)), "tampered", aged: false)
        #expect(thrownError { () throws(SnapshotError) in _ = try store.get(hash) }?.code == .corrupt)
        let absent = ObjectHash.of(Array("absent".utf8))
        #expect(thrownError { () throws(SnapshotError) in _ = try store.get(absent) }?.code == .missingObject)
        #expect(!store.contains(absent))
    }

    @Test("putFile streams a large file to the same object as put")
    func largeFile() throws {
        let workspace = try TemporaryWorkspace()
        let store = try ObjectStore(directory: workspace.path("store"))
        let bytes = (0..<(3 << 20) + 7).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try workspace.writeBytes("big.bin", bytes)
        let stored = try store.putFile(atPath: workspace.path("big.bin"))
        #expect(stored.size == UInt64(bytes.count))
        #expect(stored.hash == ObjectHash.of(bytes))
        #expect(try store.get(stored.hash) == bytes)
        #expect(try store.usage().objects == 1)
    }

    @Test("a manifest round trips through the store and a non-manifest object is corrupt")
    func manifests() throws {
        let workspace = try TemporaryWorkspace()
        let store = try ObjectStore(directory: workspace.path("store"))
        let body = try store.put(Array("body".utf8))
        let manifest = SnapshotManifest(
            entries: [ManifestEntry(path: "a", kind: .file, hash: body, mode: 0o600, size: 4, modificationTime: 9)],
            createdAt: 10)
        let hash = try store.storeManifest(manifest)
        #expect(try store.loadManifest(hash) == manifest)
        #expect(thrownError { () throws(SnapshotError) in _ = try store.loadManifest(body) }?.code == .corrupt)
    }

    @Test("garbage collection keeps what kept manifests reference and drops the rest and stray temp files")
    func garbageCollection() throws {
        let workspace = try TemporaryWorkspace()
        let store = try ObjectStore(directory: workspace.path("store"))
        func manifest(_ bodies: [String]) throws -> (ObjectHash, [ObjectHash]) {
            var entries: [ManifestEntry] = []
            var hashes: [ObjectHash] = []
            for (index, body) in bodies.enumerated() {
                let hash = try store.put(Array(body.utf8))
                hashes.append(hash)
                entries.append(
                    ManifestEntry(
                        path: "f\(index)", kind: .file, hash: hash, mode: 0o644, size: UInt64(body.utf8.count),
                        modificationTime: 0))
            }
            return (try store.storeManifest(SnapshotManifest(entries: entries, createdAt: 0)), hashes)
        }
        let (kept, keptBodies) = try manifest(["shared", "only kept"])
        let (dropped, droppedBodies) = try manifest(["shared", "only dropped 1", "only dropped 2"])
        let loose = try store.put(Array("loose".utf8))
        // A crashed writer's file (its pid cannot exist) and an unrecognisable one are both garbage.
        try workspace.write("store/tmp/2147483000-deadbeef", "half written", aged: false)
        try workspace.write("store/tmp/junk", "junk", aged: false)
        try workspace.write("store/ab/not-a-hash", "stray", aged: false)
        // This process's own temporary file may belong to a snapshot in progress: it stays.
        try workspace.write("store/tmp/\(getpid())-cafe", "in progress", aged: false)

        let result = try store.collectGarbage(keeping: [kept])
        #expect(result.removedObjects == 7)
        #expect(store.contains(kept))
        for hash in keptBodies { #expect(store.contains(hash)) }
        for hash in droppedBodies.dropFirst() + [dropped, loose] { #expect(!store.contains(hash)) }
        #expect(!workspace.exists("store/tmp/2147483000-deadbeef"))
        #expect(!workspace.exists("store/tmp/junk"))
        #expect(!workspace.exists("store/ab/not-a-hash"))
        #expect(workspace.exists("store/tmp/\(getpid())-cafe"))
        #expect(try store.loadManifest(kept).entries.count == 2)
    }

    @Test("garbage collection spares an unreferenced object written after its mark began (a concurrent writer's)")
    func garbageCollectionSparesObjectsNewerThanTheMark() throws {
        let workspace = try TemporaryWorkspace()
        let store = try ObjectStore(directory: workspace.path("store"))
        let old = try store.put(Array("written before the mark".utf8))
        let oldPath = String(store.path(of: old).dropFirst(workspace.root.count + 1))
        try workspace.setModificationTime(oldPath, SystemFile.now() - 60_000_000_000)
        let mark = ObjectStore.now()
        let new = try store.put(Array("written after the mark".utf8))
        let result = try store.collectGarbage(keeping: [], sparingNewerThan: mark)
        #expect(result.removedObjects == 1)
        #expect(!store.contains(old))
        #expect(store.contains(new))
    }

    @Test("garbage collection with a missing kept manifest removes nothing")
    func garbageCollectionRefusesMissingManifest() throws {
        let workspace = try TemporaryWorkspace()
        let store = try ObjectStore(directory: workspace.path("store"))
        let body = try store.put(Array("body".utf8))
        let error = thrownError { () throws(SnapshotError) in
            _ = try store.collectGarbage(keeping: [ObjectHash.of(Array("nothing".utf8))])
        }
        #expect(error?.code == .missingObject)
        #expect(store.contains(body))
    }
}
