import Config
import Editor
import Foundation
import Model
import Testing

@Suite("Editor features on half-typed text")
struct EditorRobustnessTests {
    /// The example files of each kind, plus a broken one with a byte-order mark, CRLF and multi-byte text.
    static let texts: [String] = {
        let files = [
            "examples/analytics/intake.yaml", "examples/analytics/agents/developer.yaml",
            "examples/analytics/governance/acme-corp.yaml", "examples/analytics/skills/time_series_forecasting.yaml",
        ]
        var texts = files.compactMap {
            try? String(contentsOf: repositoryRoot.appendingPathComponent($0), encoding: .utf8)
        }
        texts.append("\u{FEFF}project:\r\n  name: \"Café 🚀\r\n  client: 日本\r\nphases: [qa, \r\n")
        return texts
    }()

    @Test("hover, completion and symbols answer at every offset of every prefix, with ranges inside the text")
    func everyOffset() {
        #expect(Self.texts.count == 5)
        // Each text cut after every fifth line (and whole), as it is while being typed.
        for full in Self.texts {
            let bytes = Array(full.utf8)
            var cuts = bytes.indices.filter { bytes[$0] == UInt8(ascii: "\n") }.map { $0 + 1 }
            cuts.append(bytes.count)
            for cut in cuts.enumerated().filter({ $0.offset % 5 == 0 || $0.element == bytes.count }).map(\.element) {
                let document = ConfigDocument(bytes: Array(bytes[0..<cut]))
                let count = document.text.bytes.count
                for offset in 0...count {
                    if let hover = document.hover(atOffset: offset) {
                        #expect(hover.range.start.offset <= offset && offset <= hover.range.end.offset)
                        #expect(hover.range.end.offset <= count)
                    }
                    for item in document.completions(atOffset: offset) {
                        #expect(
                            item.range.start.offset <= offset && offset <= item.range.end.offset,
                            "\(item.label) at \(offset) in \(String(decoding: bytes[0..<cut], as: UTF8.self).debugDescription)"
                        )
                    }
                }
                var symbols = document.documentSymbols()
                while let symbol = symbols.popLast() {
                    #expect(symbol.range.end.offset <= count)
                    #expect(symbol.range.start <= symbol.selectionRange.start)
                    symbols += symbol.children
                }
            }
        }
    }
}
