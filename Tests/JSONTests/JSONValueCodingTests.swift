import Foundation
import JSON
import Testing

@Suite("Decoding and encoding typed values straight from and to JSONValue")
struct JSONValueCodingTests {
    enum Color: String, Codable, Equatable, CaseIterable { case red, green }

    struct Position: Codable, Equatable {
        var line: Int
        var character: UInt32
    }

    struct Sample: Codable, Equatable {
        var name: String
        var count: Int64
        var ratio: Double
        var small: Float
        var flag: Bool
        var color: Color
        var tags: [String]
        var matrix: [[Int]]
        var position: Position
        var optional: String?
        var missing: Int?
        var table: [String: Position]
        var byNumber: [Int: String]
        var when: Date
        var price: Decimal
        var bytes: Data
        var link: URL
        var opaque: JSONValue
    }

    static let sample = Sample(
        name: "a \"quoted\" / name ✓", count: -9_007_199_254_740_993, ratio: 0.1, small: 0.1, flag: true,
        color: .green, tags: ["x", ""], matrix: [[1, 2], [], [3]], position: Position(line: 3, character: 7),
        optional: "here", missing: nil, table: ["a": Position(line: 0, character: 1)], byNumber: [2: "two"],
        when: Date(timeIntervalSince1970: 1_740_830_400), price: Decimal(string: "12.34")!,
        bytes: Data([0, 1, 254, 255]), link: URL(string: "file:///tmp/a%20b.yaml")!,
        opaque: ["k": [1, 2.5, nil, "s"]])

    @Test("encoding gives exactly what JSONEncoder with ISO 8601 dates writes, read back")
    func encodingMatchesJSONEncoder() throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let viaText = try JSONValue(parsing: Array(encoder.encode(Self.sample)), maxDepth: 512)
        #expect(try JSONValue(encoding: Self.sample) == viaText)
    }

    @Test("decoding what was encoded gives the value back")
    func roundTrip() throws {
        let value = try JSONValue(encoding: Self.sample)
        #expect(try value.decode(Sample.self) == Self.sample)
    }

    @Test("decoding agrees with JSONDecoder on the same text")
    func decodingMatchesJSONDecoder() throws {
        let text = try JSONValue(encoding: Self.sample).jsonString()
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let viaText = try decoder.decode(Sample.self, from: Data(text.utf8))
        #expect(try JSONValue(parsing: text).decode(Sample.self) == viaText)
    }

    @Test("an integral double decodes as an integer, as JSON does not tell 1 from 1.0")
    func integralDouble() throws {
        #expect(
            try JSONValue.object(["line": 1e2, "character": 0]).decode(Position.self)
                == Position(line: 100, character: 0))
    }

    @Test("a value that encodes nothing is refused, a non-finite number is refused")
    func encodingFailures() {
        struct Nothing: Encodable { func encode(to encoder: any Encoder) throws {} }
        #expect(throws: EncodingError.self) { try JSONValue(encoding: Nothing()) }
        #expect(throws: EncodingError.self) { try JSONValue(encoding: [Double.nan]) }
    }

    @Test(
        "a failure names the member by JSON Pointer, in JSON's words",
        arguments: [
            (#"[1]"#, "", "params must be an object, found an array"),
            (#"{"position":{"line":3,"character":7}}"#, "/uri", #"member "/uri" is missing"#),
            (
                #"{"uri":"u","position":{"line":"three","character":7}}"#, "/position/line",
                #"member "/position/line" must be an integer, found "three""#
            ),
            (
                #"{"uri":"u","position":{"line":1.5,"character":7}}"#, "/position/line",
                #"member "/position/line" must be an integer, found 1.5"#
            ),
            (
                #"{"uri":"u","position":{"line":1,"character":-1}}"#, "/position/character",
                #"member "/position/character" must be an integer from 0 to 4294967295, found -1"#
            ),
            (#"{"uri":"u","position":null}"#, "/position", #"member "/position" must be an object, found null"#),
            (#"{"uri":"u","position":[]}"#, "/position", #"member "/position" must be an object, found an array"#),
            (
                #"{"uri":"u","position":{"line":3,"character":7},"tags":["a",2]}"#, "/tags/1",
                #"member "/tags/1" must be a string, found 2"#
            ),
            (
                #"{"uri":true,"position":{"line":3,"character":7}}"#, "/uri",
                #"member "/uri" must be a string, found true"#
            ),
            (
                #"{"uri":"u","position":{"line":3,"character":7},"color":"blue"}"#, "/color",
                #"member "/color" must be one of "red", "green", found "blue""#
            ),
            (
                #"{"uri":"u","position":{"line":3,"character":7},"table":{"a/b~":{"line":1}}}"#,
                "/table/a~1b~0/character", #"member "/table/a~1b~0/character" is missing"#
            ),
        ] as [(String, String, String)]
    )
    func failures(text: String, pointer: String, sentence: String) throws {
        struct Params: Decodable {
            var uri: String
            var position: Position
            var tags: [String]?
            var color: Color?
            var table: [String: Position]?
        }
        let value = try JSONValue(parsing: text)
        do {
            _ = try value.decode(Params.self)
            Issue.record("decoded \(text)")
        } catch {
            let failure = JSONDecodingFailure(error)
            #expect(failure.pointer == pointer)
            #expect(failure.sentence(root: "params") == sentence)
        }
    }
}
