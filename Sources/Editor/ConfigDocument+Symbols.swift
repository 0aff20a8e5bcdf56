import Config
import Model

extension ConfigDocument {
    /// The document's outline: its keys and list items as a tree, from the parse tree when the text
    /// parses, else from indentation.
    public func documentSymbols() -> [ConfigDocumentSymbol] {
        guard let root else { return outlineSymbols() }
        return Self.symbols(under: root, text: text)
    }

    /// The symbols of a node's entries or items.
    static func symbols(under node: YAMLNode, text: SourceText) -> [ConfigDocumentSymbol] {
        switch node.content {
        case .scalar:
            return []
        case .mapping(let entries):
            return entries.compactMap { entry -> ConfigDocumentSymbol? in
                guard let name = entry.key.scalar?.text else { return nil }
                let value = entry.value
                let end = isEmpty(value) ? entry.key.range.end : max(value.range.end, entry.key.range.end)
                return ConfigDocumentSymbol(
                    name: name, detail: detail(of: value), kind: kind(of: value),
                    range: SourceRange(start: entry.key.range.start, end: end), selectionRange: entry.key.range,
                    children: symbols(under: value, text: text))
            }
        case .sequence(let items):
            return items.enumerated().map { index, item in
                let naming = ConfigDocumentSymbol.namingKeys.lazy
                    .compactMap { item[$0] }
                    .first { $0.scalar != nil && !isEmpty($0) }
                let start = dashOffset(before: item, text: text).map(text.position(atOffset:)) ?? item.range.start
                let range = SourceRange(start: min(start, item.range.start), end: item.range.end)
                let selection = naming?.range ?? range
                return ConfigDocumentSymbol(
                    name: naming?.scalar?.text ?? "[\(index)]", detail: detail(of: item), kind: kind(of: item),
                    range: range, selectionRange: selection, children: symbols(under: item, text: text))
            }
        }
    }

    /// Whether a node is an empty value (`key:` with nothing after it).
    private static func isEmpty(_ node: YAMLNode) -> Bool {
        guard let scalar = node.scalar else { return false }
        return scalar.resolved == .null && node.range.start.offset == node.range.end.offset
    }

    private static func kind(of node: YAMLNode) -> ConfigDocumentSymbol.Kind {
        switch node.jsonType {
        case .object: .object
        case .array: .array
        case .string: .string
        case .integer, .number: .number
        case .boolean: .boolean
        case .null: .key
        }
    }

    private static func detail(of node: YAMLNode) -> String? {
        switch node.content {
        case .mapping: return "mapping"
        case .sequence(let items): return ConfigDocumentSymbol.listDetail(count: items.count)
        case .scalar(let scalar):
            return isEmpty(node) ? nil : ConfigDocumentSymbol.shortened(scalar.text)
        }
    }

    /// The offset of the `-` that introduces a block list item, when there is one.
    static func dashOffset(before item: YAMLNode, text: SourceText) -> Int? {
        var index = item.range.start.offset - 1
        while index >= 0, text.bytes[index] == UInt8(ascii: " ") { index -= 1 }
        guard index >= 0, text.bytes[index] == UInt8(ascii: "-") else { return nil }
        return index
    }
}
