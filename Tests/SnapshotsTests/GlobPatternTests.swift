import Testing

@testable import Snapshots

@Suite("GlobPattern")
struct GlobPatternTests {
    static let cases: [(String, String, Bool)] = [
        ("*.md", "readme.md", true),
        ("*.md", "docs/readme.md", false),
        ("*.md", ".hidden.md", true),
        ("*", ".gitignore", true),
        ("?.txt", "a.txt", true),
        ("?.txt", "ab.txt", false),
        ("?.txt", "é.txt", true),
        ("[abc].txt", "b.txt", true),
        ("[abc].txt", "d.txt", false),
        ("[a-z]1", "q1", true),
        ("[a-z]1", "Q1", false),
        ("[!x]y", "ay", true),
        ("[!x]y", "xy", false),
        ("[^x]y", "xy", false),
        ("[]]", "]", true),
        ("docs/**/*.md", "docs/a.md", true),
        ("docs/**/*.md", "docs/x/y/a.md", true),
        ("docs/**/*.md", "docs/x/y/a.txt", false),
        ("docs/**/*.md", "other/docs/a.md", false),
        ("**/x", "x", true),
        ("**/x", "a/b/x", true),
        ("**/x", "a/b/xx", false),
        ("dir/**", "dir/a", true),
        ("dir/**", "dir/a/b/c", true),
        ("dir/**", "dirx/a", false),
        ("**", "anything/at/all", true),
        ("a/**/b/**/c", "a/b/c", true),
        ("a/**/b/**/c", "a/x/b/y/z/c", true),
        ("a/**/b/**/c", "a/x/c/b", false),
        ("./src/*.swift", "src/main.swift", true),
        ("src/*.swift", "./src/main.swift", true),
        ("a\\*b", "a*b", true),
        ("a\\*b", "axb", false),
        ("a**b", "axxb", true),
        ("a**b", "ax/xb", false),
        ("*", "a/b", false),
        ("x/*/z", "x/y/z", true),
        ("x/*/z", "x/z", false),
    ]

    @Test("matches the glob table", arguments: cases)
    func table(pattern: String, path: String, expected: Bool) throws {
        #expect(try GlobPattern(pattern).matches(path) == expected, "\(pattern) vs \(path)")
    }

    @Test("rejects patterns that cannot be compiled", arguments: ["", "/etc/*", "a/../b", "..", "[abc", "a\\", "a//b"])
    func invalid(pattern: String) {
        let error = thrownError { () throws(SnapshotError) in _ = try GlobPattern(pattern) }
        #expect(error?.code == .invalidPattern)
    }

    @Test("a pathological pattern returns promptly")
    func pathological() throws {
        let pattern = try GlobPattern("*a*a*a*a*a*a*a*a*a*a*b")
        let name = String(repeating: "a", count: 5_000)
        let deep = try GlobPattern("**/a/**/a/**/a/**/a/**/b")
        let path = Array(repeating: "a", count: 300).joined(separator: "/")
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            #expect(!pattern.matches(name))
            #expect(!deep.matches(path))
        }
        #expect(elapsed < .seconds(2))
    }

    @Test("equality and description follow the text")
    func identity() throws {
        #expect(try GlobPattern("a/*") == GlobPattern("a/*"))
        #expect(try GlobPattern("a/*").description == "a/*")
    }
}
