import Config

/// The items of a one-line flow list (`[planning, "qa", data`), read as text, possibly unfinished.
struct YAMLFlowList: Sendable, Hashable {
    /// One item: its text without quotes and its columns (quotes included).
    struct Item: Sendable, Hashable {
        var text: String
        var start: Int
        var end: Int
    }

    /// The items, left to right.
    var items: [Item]
    /// Column of the closing `]`; nil while the list is still open on this line.
    var closeColumn: Int?

    /// Reads the list whose `[` is at column `open` of a line.
    init(line bytes: ArraySlice<UInt8>, open: Int) {
        let line = Array(bytes)
        var items: [Item] = []
        var index = open + 1
        var close: Int?
        scan: while index < line.count {
            let byte = line[index]
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "]"):
                close = index
                break scan
            case UInt8(ascii: "#") where line[index - 1] == UInt8(ascii: " "):
                break scan
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                let end = YAMLTextLine.closingQuote(in: line, from: index).map { $0 + 1 } ?? line.count
                let inner = String(decoding: line[(index + 1)..<max(index + 1, end - 1)], as: UTF8.self)
                items.append(Item(text: inner, start: index, end: end))
                index = end
            default:
                var end = index
                while end < line.count, line[end] != UInt8(ascii: ","), line[end] != UInt8(ascii: "]"),
                    !(line[end] == UInt8(ascii: "#") && line[end - 1] == UInt8(ascii: " "))
                {
                    end += 1
                }
                var trimmed = end
                while trimmed > index, line[trimmed - 1] == UInt8(ascii: " ") { trimmed -= 1 }
                items.append(
                    Item(text: String(decoding: line[index..<trimmed], as: UTF8.self), start: index, end: trimmed))
                index = end
            }
        }
        self.items = items
        self.closeColumn = close
    }

    /// The item whose columns include `column` (its end counts, as a cursor just after a word is on it).
    func item(at column: Int) -> Item? {
        items.first { $0.start <= column && column <= $0.end }
    }

    /// A scalar's text without the quotes around it.
    static func unquote(_ text: String) -> String {
        guard text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first else {
            return text
        }
        return String(text.dropFirst().dropLast())
    }
}
