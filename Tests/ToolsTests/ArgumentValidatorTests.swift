import Config
import JSON
import Testing

@testable import Tools

@Suite("Argument validation")
struct ArgumentValidatorTests {
    static let schema: JSONValue = [
        "type": "object",
        "properties": [
            "name": ["type": "string", "minLength": 2, "maxLength": 5, "pattern": "^[a-z]+$"],
            "count": ["type": "integer", "minimum": 1, "maximum": 10],
            "ratio": ["type": "number", "exclusiveMaximum": 1],
            "mode": ["enum": ["fast", "slow"]],
            "version": ["const": 2],
            "tags": ["type": "array", "items": ["type": "string"], "minItems": 1, "maxItems": 2],
            "nested": ["type": "object", "properties": ["a/b": ["type": "boolean"]], "additionalProperties": false],
        ],
        "required": ["name"],
        "additionalProperties": false,
    ]

    static func violations(_ value: JSONValue) throws -> [String] {
        ArgumentValidator(root: try JSONSchemaLoader.load(json: schema.jsonString())).violations(of: value)
    }

    static let cases: [(JSONValue, String)] = [
        (["name": 7], "/name: must be string; found integer 7"),
        ([:], "/: missing required property 'name'"),
        (
            ["name": "ab", "extra": 1],
            "/extra: unknown property 'extra'; allowed: name, count, mode, nested, ratio, tags, version"
        ),
        (["name": "a"], "/name: must be at least 2 characters long; found 1"),
        (["name": "abcdef"], "/name: must be at most 5 characters long; found 6"),
        (["name": "AB"], "/name: 'AB' does not match the pattern ^[a-z]+$"),
        (["name": "ab", "count": 1.5], "/count: must be integer; found number 1.5"),
        (["name": "ab", "count": 0], "/count: must be at least 1; found 0"),
        (["name": "ab", "count": 11], "/count: must be at most 10; found 11"),
        (["name": "ab", "ratio": 1], "/ratio: must be less than 1; found 1"),
        (["name": "ab", "mode": "medium"], "/mode: string \"medium\" is not one of 'fast', 'slow'"),
        (["name": "ab", "version": 3], "/version: must be 2; found integer 3"),
        (["name": "ab", "tags": []], "/tags: must have at least 1 items; found 0"),
        (["name": "ab", "tags": ["a", "b", "c"]], "/tags: must have at most 2 items; found 3"),
        (["name": "ab", "tags": ["a", 2]], "/tags/1: must be string; found integer 2"),
        (["name": "ab", "nested": ["a/b": "yes"]], "/nested/a~1b: must be boolean; found string \"yes\""),
        ("text", "/: must be object; found string \"text\""),
    ]

    @Test("each keyword reports its violation at the right pointer", arguments: cases)
    func violation(value: JSONValue, expected: String) throws {
        #expect(try Self.violations(value) == [expected])
    }

    @Test("valid arguments pass; 2.0 counts as an integer and integers as numbers")
    func validArguments() throws {
        #expect(try Self.violations(["name": "ab"]).isEmpty)
        #expect(
            try Self.violations([
                "name": "abc", "count": 2.0, "ratio": 0, "mode": "slow", "version": 2.0, "tags": ["x"],
                "nested": ["a/b": true],
            ]).isEmpty)
    }

    @Test("every violation is reported, not just the first")
    func allViolations() throws {
        #expect(try Self.violations(["count": "x", "bogus": true]).count == 3)
    }
}
