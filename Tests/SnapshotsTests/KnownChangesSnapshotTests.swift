import Glibc
import Testing

@testable import Snapshots

@Suite("Snapshots from known changes")
struct KnownChangesSnapshotTests {
    /// A small deterministic generator (SplitMix64), so that a failing sequence of edits can be replayed.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }

    static let aged: Int64 = 3_600_000_000_000

    /// Dates every directory an hour back, as a workspace older than the racy window is.
    static func ageDirectories(_ workspace: TemporaryWorkspace, _ directories: [String]) throws {
        for directory in directories {
            try workspace.setModificationTime(directory, SystemFile.now() - aged)
        }
        try workspace.setModificationTime("", SystemFile.now() - aged)
    }

    /// A tree of `count` files in nested folders, every file and folder an hour old.
    static func tree(_ count: Int) throws -> (TemporaryWorkspace, [String]) {
        let workspace = try TemporaryWorkspace()
        var directories: Set<String> = []
        for index in 0..<count {
            let directory = "d\(index % 4)/e\(index % 3)"
            directories.insert("d\(index % 4)")
            directories.insert(directory)
            try workspace.write("\(directory)/f\(index).txt", "body \(index)")
        }
        try workspace.write("top.txt", "top")
        // Children first: setting a child's time does not move its parent's.
        try ageDirectories(workspace, directories.sorted().reversed())
        return (workspace, directories.sorted())
    }

    /// Rewrites a file in place (same inode, so its directory's mtime does not move), as an agent's edit merged back.
    static func rewriteInPlace(_ workspace: TemporaryWorkspace, _ path: String, _ text: String) throws {
        let fd = open(workspace.path(path), O_WRONLY | O_TRUNC)
        guard fd >= 0 else { throw TestFailure("cannot open \(path)") }
        _ = Array(text.utf8).withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    @Test("over random rounds of edits, the snapshot from known changes equals a full walk's", arguments: [1, 2, 3])
    func equalsFullWalk(seed: UInt64) throws {
        var random = Generator(state: seed)
        let (workspace, _) = try Self.tree(60)
        let snapshotter = try WorkspaceSnapshotterTests.snapshotter(workspace, ignore: ["ignored"])
        var previous = try snapshotter.snapshot(reusing: nil).manifest
        var counter = 0
        for _ in 0..<6 {
            var known = KnownChanges()
            let files = previous.entries.map(\.path)
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                counter += 1
                let existing = files.randomElement(using: &random) ?? "top.txt"
                switch Int.random(in: 0..<8, using: &random) {
                case 0, 1:
                    guard workspace.exists(existing) else { continue }
                    try Self.rewriteInPlace(workspace, existing, "edited \(counter)")
                    known.written.append(existing)
                case 2:
                    let path = "d\(counter % 4)/e\(counter % 3)/new\(counter).txt"
                    try workspace.write(path, "new \(counter)", aged: false)
                    known.written.append(path)
                case 3:
                    let path = "fresh\(counter)/deeper/n\(counter).txt"
                    try workspace.write(path, "fresh \(counter)", aged: false)
                    known.written.append(path)
                case 4:
                    if unlink(workspace.path(existing)) == 0 { known.removed.append(existing) }
                case 5:
                    let folder = "d\(counter % 4)/e\(counter % 3)"
                    for path in files where path.hasPrefix(folder + "/") { known.removed.append(path) }
                    TemporaryWorkspace.removeTree(workspace.path(folder))
                case 6:
                    if unlink(workspace.path(existing)) == 0 {
                        try workspace.symlink(existing, to: "top.txt")
                        known.written.append(existing)
                    }
                default:
                    // Written where the snapshotter ignores it: reported, and still left out.
                    try workspace.write("ignored/x\(counter).txt", "x", aged: false)
                    known.written.append("ignored/x\(counter).txt")
                }
            }
            let changes = try snapshotter.changes(since: previous, known: known)
            #expect(changes == (try snapshotter.changes(since: previous)), "seed \(seed), edit \(counter)")
            let fromKnown = try snapshotter.snapshot(reusing: previous, known: known)
            let walked = try snapshotter.snapshot(reusing: nil)
            #expect(fromKnown.manifest.entries == walked.manifest.entries, "seed \(seed), edit \(counter)")
            // The text spliced from the previous one's is the text written entry by entry, byte for byte.
            let written = SnapshotManifest(entries: fromKnown.manifest.entries, createdAt: fromKnown.manifest.createdAt)
            #expect(fromKnown.manifestHash == ObjectHash.of(contents: written.serialized()))
            #expect(try snapshotter.objects.loadManifest(fromKnown.manifestHash) == written)
            #expect(
                fromKnown.manifest.directories?.stamps.keys.sorted()
                    == walked.manifest.directories?.stamps.keys.sorted())
            previous = fromKnown.manifest
        }
    }

    @Test("unchanged directories are trusted: only the known paths are read")
    func readsOnlyKnownPaths() throws {
        let (workspace, _) = try Self.tree(40)
        let snapshotter = try WorkspaceSnapshotterTests.snapshotter(workspace)
        let first = try snapshotter.snapshot(reusing: nil)
        try Self.rewriteInPlace(workspace, "d1/e1/f1.txt", "changed")
        let next = try snapshotter.snapshot(
            reusing: first.manifest, known: KnownChanges(written: ["d1/e1/f1.txt"]))
        #expect(next.hashedFiles == 1)
        #expect(next.reusedFiles == 40)
        #expect(next.manifest.entry(at: "d1/e1/f1.txt")?.hash == ObjectHash.of(Array("changed".utf8)))
    }

    @Test("outside edits that change a directory's names are caught: a new file, a removal, a rename")
    func catchesNamesChangedOutside() throws {
        let (workspace, _) = try Self.tree(40)
        let snapshotter = try WorkspaceSnapshotterTests.snapshotter(workspace)
        let first = try snapshotter.snapshot(reusing: nil)
        try workspace.write("d2/e2/outside.txt", "not reported")
        unlink(workspace.path("d3/e0/f3.txt"))
        // An editor's atomic save: a new file renamed over the old one.
        try workspace.write("d0/e0/f0.txt.tmp", "saved")
        rename(workspace.path("d0/e0/f0.txt.tmp"), workspace.path("d0/e0/f0.txt"))
        let next = try snapshotter.snapshot(reusing: first.manifest, known: KnownChanges())
        #expect(next.manifest.entry(at: "d2/e2/outside.txt") != nil)
        #expect(next.manifest.entry(at: "d3/e0/f3.txt") == nil)
        #expect(next.manifest.entry(at: "d0/e0/f0.txt")?.hash == ObjectHash.of(Array("saved".utf8)))
        #expect(next.manifest.entries == (try snapshotter.snapshot(reusing: nil)).manifest.entries)
    }

    @Test("an unreported edit in place is not seen from known changes, and is caught by the walk after a resume")
    func inPlaceEditNeedsTheWalk() throws {
        let (workspace, _) = try Self.tree(40)
        let snapshotter = try WorkspaceSnapshotterTests.snapshotter(workspace)
        let first = try snapshotter.snapshot(reusing: nil)
        try Self.rewriteInPlace(workspace, "d1/e2/f5.txt", "edited outside")
        // The cheap check's documented blind spot: same names, same directory mtime.
        let fromKnown = try snapshotter.snapshot(reusing: first.manifest, known: KnownChanges())
        #expect(fromKnown.manifest.entry(at: "d1/e2/f5.txt")?.hash == first.manifest.entry(at: "d1/e2/f5.txt")?.hash)
        // A manifest loaded from the store (a resume) carries no stamps: the snapshot walks and sees the edit.
        let loaded = try snapshotter.objects.loadManifest(fromKnown.manifestHash)
        #expect(loaded.directories == nil)
        let walked = try snapshotter.snapshot(reusing: loaded, known: KnownChanges())
        #expect(walked.manifest.entry(at: "d1/e2/f5.txt")?.hash == ObjectHash.of(Array("edited outside".utf8)))
    }

    @Test("a directory replaced, or turned into a file, is read again whole")
    func replacedDirectories() throws {
        let (workspace, _) = try Self.tree(40)
        let snapshotter = try WorkspaceSnapshotterTests.snapshotter(workspace)
        let first = try snapshotter.snapshot(reusing: nil)
        TemporaryWorkspace.removeTree(workspace.path("d1"))
        try workspace.write("d1", "now a file")
        TemporaryWorkspace.removeTree(workspace.path("d2/e0"))
        try workspace.write("d2/e0/other.txt", "recreated")
        let next = try snapshotter.snapshot(reusing: first.manifest, known: KnownChanges())
        #expect(next.manifest.entries == (try snapshotter.snapshot(reusing: nil)).manifest.entries)
        #expect(next.manifest.entry(at: "d1")?.kind == .file)
    }

    @Test("a rollback to a snapshot made from known changes is byte-exact", arguments: [30, 10_000])
    func rollbackIsExact(files: Int) throws {
        let (workspace, _) = try Self.tree(files)
        let snapshotter = try WorkspaceSnapshotterTests.snapshotter(workspace)
        let first = try snapshotter.snapshot(reusing: nil)
        try Self.rewriteInPlace(workspace, "d0/e0/f0.txt", "phase one")
        try workspace.write("out/new.txt", "added", aged: false)
        let second = try snapshotter.snapshot(
            reusing: first.manifest, known: KnownChanges(written: ["d0/e0/f0.txt", "out/new.txt"]))
        #expect(second.hashedFiles == 2)
        let expected = workspace.describe()
        try Self.rewriteInPlace(workspace, "d0/e0/f0.txt", "phase two")
        unlink(workspace.path("out/new.txt"))
        try workspace.write("later.txt", "later", aged: false)
        _ = try snapshotter.restore(second.manifest)
        #expect(workspace.describe() == expected)
    }

    @Test("directory stamps survive their text form, and anything else is refused")
    func stampText() {
        let stamps = DirectoryStamps(
            stamps: [
                "": DirectoryStamp(inode: 2, modificationTime: 5),
                "a b\\c\nd": DirectoryStamp(inode: 9, modificationTime: -1),
            ], takenAt: 42)
        #expect(DirectoryStamps(parsing: stamps.serialized()) == stamps)
        #expect(DirectoryStamps(parsing: Array("directory-stamps 2\ntaken-at 1\n".utf8)) == nil)
        #expect(DirectoryStamps(parsing: Array("directory-stamps 1\ntaken-at 1\nx 1 a\n".utf8)) == nil)
    }
}
