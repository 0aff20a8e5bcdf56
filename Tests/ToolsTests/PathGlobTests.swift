import Testing

@testable import Tools

@Suite("Glob matching")
struct PathGlobTests {
    @Test(
        "patterns match whole paths",
        arguments: [
            ("*.py", "main.py", true), ("*.py", "src/main.py", false), ("**/*.py", "main.py", true),
            ("**/*.py", "a/b/c.py", true), ("src/**", "src/a/b", true), ("src/**/x", "src/x", true),
            ("src/**/x", "src/a/b/x", true), ("src/**/x", "src/a/b/y", false), ("?.txt", "a.txt", true),
            ("?.txt", "ab.txt", false), ("[a-c]*", "beta", true), ("[!a-c]*", "beta", false),
            ("[^a-c]*", "delta", true), ("*", ".hidden", true), ("a\\*b", "a*b", true), ("a\\*b", "axb", false),
            ("**/test_*.py", "tests/unit/test_x.py", true), ("*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaa", false),
        ] as [(String, String, Bool)])
    func matching(pattern: String, path: String, expected: Bool) throws {
        #expect(try PathGlob(pattern).matches(path) == expected)
    }

    @Test("an unclosed set and '..' are refused")
    func invalid() {
        #expect(throws: ToolError.failed("glob 'a[bc': '[' is not closed")) { try PathGlob("a[bc") }
        #expect(throws: ToolError.failed("glob '../x': '..' is not allowed in a pattern")) { try PathGlob("../x") }
    }
}
