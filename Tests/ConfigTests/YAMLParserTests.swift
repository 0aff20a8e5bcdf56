import Config
import Model
import TestSupport
import Testing

@Suite("YAML parser")
struct YAMLParserTests {
    @Test("scalar ranges are exact after multi-byte text on the same line")
    func multiByteColumns() throws {
        let marked = MarkedText("a: {é: 1, 日本: 2, 🚀: 1️⃣value2️⃣}\n")
        let result = YAMLParser.parse(marked.text)
        #expect(result.diagnostics.isEmpty)
        let root = try #require(result.documents.first?.root)
        let value = try #require(root["a"]?["🚀"])
        #expect(value.string == "value")
        // "a: {é: 1, 日本: 2, 🚀: " is 20 scalars, 21 UTF-16 units (🚀 is a surrogate pair), 28 bytes.
        #expect(value.range.start.line == 0)
        #expect(value.range.start.scalarColumn == 20)
        #expect(value.range.start.utf16Column == 21)
        #expect(value.range.start.utf8Column == 28)
        #expect(value.range.start.offset == marked["1️⃣"])
        #expect(value.range.end.offset == marked["2️⃣"])
        #expect(value.range.end.utf16Column == 26)
        #expect(value.range.end.utf8Column == 33)
    }

    @Test("a byte-order mark and CRLF line ends keep offsets exact")
    func bomAndCRLF() throws {
        let marked = MarkedText("\u{FEFF}a: 1\r\nb: 1️⃣日本\r\n")
        let result = YAMLParser.parse(marked.text)
        let root = try #require(result.documents.first?.root)
        let value = try #require(root["b"])
        #expect(value.range.start.offset == marked["1️⃣"])
        #expect(value.range.start.line == 1)
        #expect(value.range.start.utf16Column == 3)
        #expect(value.range.end.utf16Column == 5)
        #expect(value.range.end.utf8Column == 9)
    }
}
