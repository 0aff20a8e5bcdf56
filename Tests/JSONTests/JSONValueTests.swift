import JSON
import Testing

@Suite("JSONValue parsing and writing")
struct JSONValueTests {
    @Test(
        "parses each JSON type to the expected value",
        arguments: [
            ("null", JSONValue.null),
            ("true", .bool(true)),
            ("false", .bool(false)),
            ("0", .integer(0)),
            ("-42", .integer(-42)),
            ("9223372036854775807", .integer(.max)),
            ("-9223372036854775808", .integer(.min)),
            ("9223372036854775808", .double(9_223_372_036_854_775_808)),
            ("1.5", .double(1.5)),
            ("1.0", .double(1.0)),
            ("-2e3", .double(-2000)),
            (#""a\"b\\c\/d\n\u00e9\ud83d\ude00""#, .string("a\"b\\c/d\né😀")),
            (#"  [1, "x", {"k": null}]  "#, .array([.integer(1), .string("x"), .object(["k": .null])])),
            (#"{"a":1,"a":2}"#, .object(["a": .integer(2)])),
            ("[]", .array([])),
            ("{}", .object([:])),
        ] as [(String, JSONValue)]
    )
    func parses(text: String, expected: JSONValue) throws {
        #expect(try JSONValue(parsing: text) == expected)
    }

    @Test(
        "rejects text that is not JSON",
        arguments: [
            "", "{", "[1,]", "{\"a\"}", "01", "1.", "-", "+1", ".5", "tru", "nul", "\"abc", "[1] x",
            "{\"a\":1,}", "'single'", "\"tab\tinside\"", "\"\\x\"", "NaN", "[1 2]",
        ]
    )
    func rejects(text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    }

    @Test(
        "a number beyond Double's range is an error, not infinity written back as null",
        arguments: ["1e555555555555", "-1e309", "[0.1,1e400]"])
    func rejectsInfinity(text: String) throws {
        #expect {
            try JSONValue(parsing: text)
        } throws: { error in
            (error as? JSONParseError)?.message.hasPrefix("number out of range") == true
        }
        #expect(try JSONValue(parsing: "1.7976931348623157e308") == .double(.greatestFiniteMagnitude))
    }

    @Test("rejects invalid UTF-8 inside a string")
    func rejectsInvalidUTF8() {
        let bytes: [UInt8] = [UInt8(ascii: "\""), 0xC3, 0x28, UInt8(ascii: "\"")]
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: bytes) }
    }

    @Test("a lone surrogate escape becomes U+FFFD instead of failing")
    func loneSurrogate() throws {
        #expect(try JSONValue(parsing: #""\ud800x""#) == .string("\u{FFFD}x"))
    }

    @Test(
        "writes compact JSON with sorted keys and escapes",
        arguments: [
            (JSONValue.object(["b": 1, "a": [true, nil]]), #"{"a":[true,null],"b":1}"#),
            (.string("line\nbreak \"q\" \\ \u{01} é"), #""line\nbreak \"q\" \\ \u0001 é""#),
            (.double(0.1), "0.1"),
            (.double(1e-7), "1e-07"),
            (.double(.infinity), "null"),
            (.integer(-7), "-7"),
        ] as [(JSONValue, String)]
    )
    func writes(value: JSONValue, expected: String) {
        #expect(value.jsonString() == expected)
    }

    @Test("writing then parsing gives the same value back")
    func roundTrip() throws {
        let value: JSONValue = [
            "id": 12_345_678_901_234, "pi": 3.141592653589793, "tiny": .double(.leastNonzeroMagnitude),
            "text": "tab\t✓\u{0}",
            "nested": [["deep": [1, 2, [3]]]], "empty": [:], "none": nil, "flag": false,
        ]
        #expect(try JSONValue(parsing: value.jsonString()) == value)
    }

    @Test("a string with a newline is written on one line")
    func noRawNewlines() {
        let text = JSONValue.array(["a\nb", "c\r\nd"]).jsonString()
        #expect(!text.contains("\n") && !text.contains("\r"))
    }

    @Test("the parser refuses nesting past its limit instead of recursing")
    func depthLimit() {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: deep, maxDepth: 64) }
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect((try? JSONValue(parsing: ok, maxDepth: 64)) != nil)
    }

    @Test("ten thousand open brackets are refused without a crash")
    func tenThousandBrackets() {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: String(repeating: "[", count: 10_000)) }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: String(repeating: "{\"a\":", count: 10_000)) }
    }

    @Test("JSONValue decodes and encodes through Codable")
    func codable() throws {
        struct Wrapper: Codable, Equatable {
            var data: JSONValue
            var count: Int
        }
        let value: JSONValue = ["data": ["x": [1, 2.5, "s", nil, true]], "count": 3]
        let wrapper: Wrapper = try value.decode()
        #expect(wrapper.count == 3)
        #expect(wrapper.data == ["x": [1, 2.5, "s", nil, true]])
        #expect(try JSONValue(encoding: wrapper) == value)
    }
}
