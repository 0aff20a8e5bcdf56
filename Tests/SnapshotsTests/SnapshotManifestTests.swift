import Glob
import Testing

@testable import Snapshots

@Suite("SnapshotManifest")
struct SnapshotManifestTests {
    static let hashA = String(repeating: "a", count: 64)
    static let hashB = "0123456789abcdef" + String(repeating: "0", count: 48)

    static func entry(_ path: String, kind: ManifestEntry.Kind = .file, mode: UInt32 = 0o644) -> ManifestEntry {
        ManifestEntry(
            path: path, kind: kind, hash: ObjectHash(hex: hashB) ?? ObjectHash.of([]), mode: mode, size: 12,
            modificationTime: -5)
    }

    @Test("serialization round trips odd paths, kinds and modes")
    func roundTrip() throws {
        let manifest = SnapshotManifest(
            entries: [
                Self.entry("with space/file name.txt"),
                Self.entry("new\nline"),
                Self.entry("back\\slash"),
                Self.entry("ünï/cødé 🎉.md", mode: 0o4755),
                Self.entry("link", kind: .symlink, mode: 0o777),
                Self.entry("Zed"),
            ],
            createdAt: 1_764_625_000_123_456_789)
        let bytes = manifest.serialized()
        let parsed = try SnapshotManifest(parsing: bytes)
        #expect(parsed == manifest)
        #expect(parsed.serialized() == bytes)
        #expect(String(decoding: bytes, as: UTF8.self).split(separator: "\n").count == 2 + 6)
    }

    @Test("entries are kept in byte order and found by path")
    func lookup() throws {
        let manifest = SnapshotManifest(
            entries: [Self.entry("b"), Self.entry("a/x"), Self.entry("a-b"), Self.entry("é")], createdAt: 0)
        #expect(manifest.entries.map(\.path) == ["a-b", "a/x", "b", "é"])
        #expect(manifest.entry(at: "a/x")?.path == "a/x")
        #expect(manifest.entry(at: "a") == nil)
        #expect(manifest.fileCount == 4)
        #expect(manifest.totalBytes == 48)
        #expect(manifest.paths(matching: try GlobPattern("a*")) == ["a-b"])
        #expect(manifest.paths(matching: try GlobPattern("**/x")) == ["a/x"])
    }

    static func text(_ lines: [String]) -> [UInt8] {
        Array((["snapshot-manifest 1", "created-at 100"] + lines).map { $0 + "\n" }.joined().utf8)
    }

    static let corruptCases: [(String, [String], SnapshotError.Code, Int)] = [
        ("bad hash", ["file 0644 \(String(repeating: "g", count: 64)) 1 1 a"], .corrupt, 3),
        ("short hash", ["file 0644 abc 1 1 a"], .corrupt, 3),
        ("bad mode", ["file 0999 \(hashA) 1 1 a"], .corrupt, 3),
        ("mode too wide", ["file 17777 \(hashA) 1 1 a"], .corrupt, 3),
        ("unknown kind", ["dir 0644 \(hashA) 1 1 a"], .corrupt, 3),
        ("bad size", ["file 0644 \(hashA) -1 1 a"], .corrupt, 3),
        ("missing path", ["file 0644 \(hashA) 1 1"], .corrupt, 3),
        ("parent escape", ["file 0644 \(hashA) 1 1 ok", "file 0644 \(hashA) 1 1 ../x"], .unsafePath, 4),
        ("absolute path", ["file 0644 \(hashA) 1 1 /etc/passwd"], .unsafePath, 3),
        ("inner escape", ["file 0644 \(hashA) 1 1 a/../../b"], .unsafePath, 3),
        ("NUL in path", ["file 0644 \(hashA) 1 1 a\u{0}b"], .unsafePath, 3),
        ("out of order", ["file 0644 \(hashA) 1 1 b", "file 0644 \(hashA) 1 1 a"], .corrupt, 4),
        ("duplicate", ["file 0644 \(hashA) 1 1 a", "file 0644 \(hashA) 1 1 a"], .corrupt, 4),
        ("file under file", ["file 0644 \(hashA) 1 1 a", "file 0644 \(hashA) 1 1 a/b"], .corrupt, 4),
        ("bad escape", ["file 0644 \(hashA) 1 1 a\\tb"], .corrupt, 3),
    ]

    @Test("corrupt input gives a typed error naming the line", arguments: corruptCases)
    func corrupt(name: String, lines: [String], code: SnapshotError.Code, line: Int) {
        let error = thrownError { () throws(SnapshotError) in _ = try SnapshotManifest(parsing: Self.text(lines)) }
        #expect(error?.code == code, "\(name)")
        #expect(error?.message.contains("line \(line)") == true, "\(name): \(error?.message ?? "")")
    }

    @Test("a bad header or a truncated file is corrupt")
    func truncated() throws {
        let good = Self.text(["file 0644 \(Self.hashA) 1 1 a"])
        for bytes in [Array("git tree\n".utf8), Array(good.dropLast()), [], Array(good.prefix(25))] {
            let error = thrownError { () throws(SnapshotError) in _ = try SnapshotManifest(parsing: bytes) }
            #expect(error?.code == .corrupt)
        }
        #expect(try SnapshotManifest(parsing: good).entries.count == 1)
    }

    @Test("object hashes parse only 64 lowercase hex characters and encode as hex")
    func hashes() throws {
        #expect(ObjectHash(hex: Self.hashB)?.hex == Self.hashB)
        #expect(ObjectHash(hex: Self.hashB.uppercased()) == nil)
        #expect(ObjectHash(hex: "abc") == nil)
        let low = try #require(ObjectHash(hex: String(repeating: "0", count: 63) + "1"))
        let high = try #require(ObjectHash(hex: "1" + String(repeating: "0", count: 63)))
        #expect(low < high)
        #expect(
            ObjectHash.of(Array("abc".utf8)).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
