import Config
import Editor
import Model
import Testing

@Suite("Editor text buffer")
struct EditorTextBufferTests {
    /// One case: a text, a change in one encoding, and the text it must give.
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var text: String
        var encoding: PositionEncoding
        var start: (Int, Int)
        var end: (Int, Int)
        var newText: String
        var expected: String

        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(
            label: "UTF-16 columns after é", text: "name: é1\n", encoding: .utf16, start: (0, 7), end: (0, 8),
            newText: "2", expected: "name: é2\n"),
        Case(
            label: "UTF-8 columns after é", text: "name: é1\n", encoding: .utf8, start: (0, 8), end: (0, 9),
            newText: "2", expected: "name: é2\n"),
        Case(
            label: "UTF-16 columns after a surrogate pair", text: "a: 🚀x\n", encoding: .utf16, start: (0, 5),
            end: (0, 6), newText: "y", expected: "a: 🚀y\n"),
        Case(
            label: "UTF-8 columns after a four-byte character", text: "a: 🚀x\n", encoding: .utf8, start: (0, 7),
            end: (0, 8), newText: "y", expected: "a: 🚀y\n"),
        Case(
            label: "code-point columns replace a CJK word", text: "k: 日本語\n", encoding: .utf32, start: (0, 3),
            end: (0, 5), newText: "中国", expected: "k: 中国語\n"),
        Case(
            label: "UTF-16 replaces 日本 on the second of CRLF lines", text: "a: 1\r\nb: 日本 x\r\n", encoding: .utf16,
            start: (1, 3), end: (1, 5), newText: "🚀", expected: "a: 1\r\nb: 🚀 x\r\n"),
        Case(
            label: "a range across a CRLF line break joins the lines", text: "a: 1\r\nb: 2\r\n", encoding: .utf16,
            start: (0, 4), end: (1, 0), newText: " ", expected: "a: 1 b: 2\r\n"),
        Case(
            label: "a column past the end of a CRLF line stops before the break", text: "a: 1\r\nb: 2\r\n",
            encoding: .utf8, start: (0, 99), end: (0, 99), newText: "0", expected: "a: 10\r\nb: 2\r\n"),
        Case(
            label: "insertion at the end of the text", text: "a: é", encoding: .utf16, start: (0, 4), end: (0, 4),
            newText: "\nb: 🚀", expected: "a: é\nb: 🚀"),
        Case(
            label: "a line past the end appends", text: "a: 1\n", encoding: .utf16, start: (5, 0), end: (5, 0),
            newText: "b: 2\n", expected: "a: 1\nb: 2\n"),
    ]

    @Test("a ranged change replaces exactly the span its encoding names", arguments: cases)
    func rangedChange(_ testCase: Case) {
        let change = TextChange(
            start: .init(line: testCase.start.0, character: testCase.start.1),
            end: .init(line: testCase.end.0, character: testCase.end.1), text: testCase.newText)
        #expect(TextBuffer.applying([change], to: testCase.text, encoding: testCase.encoding) == testCase.expected)
    }

    @Test("changes apply in order, each against the text the previous one produced")
    func changesInOrder() {
        var buffer = TextBuffer("project:\r\n  name: Café 🚀\r\n")
        buffer.apply(
            [
                // "  name: Café 🚀": é is one UTF-16 unit, 🚀 two.
                TextChange(start: .init(line: 1, character: 13), end: .init(line: 1, character: 15), text: "日本"),
                TextChange(start: .init(line: 1, character: 8), end: .init(line: 1, character: 12), text: "Bar"),
                TextChange(start: .init(line: 2, character: 0), end: .init(line: 2, character: 0), text: "phases: []"),
            ], encoding: .utf16)
        #expect(buffer.text == "project:\r\n  name: Bar 日本\r\nphases: []")
    }

    @Test("a change without a range replaces the whole text")
    func fullChange() {
        var buffer = TextBuffer("old")
        buffer.apply(TextChange(replacingAllWith: "new: é"), encoding: .utf16)
        #expect(buffer.text == "new: é")
        #expect(buffer.bytes == Array("new: é".utf8))
    }

    @Test("the edited text validates like the text typed in one go")
    func editedTextValidates() {
        var buffer = TextBuffer("project:\n  name: 🚀\nphases: [qa]\n")
        buffer.apply(
            TextChange(start: .init(line: 1, character: 8), end: .init(line: 1, character: 10), text: "Demo"),
            encoding: .utf16)
        let document = ConfigDocument(text: buffer.text)
        #expect(document.root?["project"]?["name"]?.string == "Demo")
    }
}
