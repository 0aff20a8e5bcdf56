import Testing

@testable import Config

/// The parser's position cursor must answer exactly as `SourceText.position(atScalarIndex:)` does.
struct ScalarCursorTests {
    static let text = SourceText(
        "project:\n  name: \"Caf\u{E9} \u{1F680} \u{65E5}\u{672C}\"\r\n  client: acme-corp\r"
            + "requirements:\n  - plain ascii line that is long enough to skip in words\n"
            + "  - \u{E9}\u{E9}\u{E9} then ascii for more than eight bytes \u{1F680}\u{1F680} end\n\n\u{1F680}")

    /// Every scalar index of the text and one past its end.
    static var scalarCount: Int { String(decoding: text.bytes, as: UTF8.self).unicodeScalars.count }

    @Test("indexes in file order, with repeats")
    func forward() {
        var cursor = SourceText.ScalarCursor(text: Self.text)
        for index in 0...Self.scalarCount {
            #expect(cursor.position(atScalarIndex: index) == Self.text.position(atScalarIndex: index))
            #expect(cursor.position(atScalarIndex: index) == Self.text.position(atScalarIndex: index))
        }
    }

    @Test("indexes in random order, past the end too")
    func randomOrder() {
        var cursor = SourceText.ScalarCursor(text: Self.text)
        var generator = SplitMix(seed: 3)
        for _ in 0..<2000 {
            let index = Int(generator.next() % UInt64(Self.scalarCount + 3))
            #expect(cursor.position(atScalarIndex: index) == Self.text.position(atScalarIndex: index), "\(index)")
        }
    }
}
