import Config
import Model

extension ConfigDocument {
    /// An entry being built while the lines below it are read.
    private struct OpenSymbol {
        var name: String
        var detail: String?
        var kind: ConfigDocumentSymbol.Kind
        var column: Int
        var isDash: Bool
        var hasInlineValue: Bool
        var start: Int
        var end: Int
        var selection: (start: Int, end: Int)
        var isNamed: Bool
        /// Byte offsets of the value written on the entry's own line.
        var valueRange: (start: Int, end: Int)?
        var children: [ConfigDocumentSymbol] = []
        var dashChildren = 0
    }

    /// The outline read from indentation, for text that does not parse: every `key:` and `- ` line
    /// nested under the less-indented line above it.
    func outlineSymbols() -> [ConfigDocumentSymbol] {
        var stack: [OpenSymbol] = []
        var top: [ConfigDocumentSymbol] = []
        var topDashes = 0
        var blockScalarColumn: Int?

        func close() {
            guard let open = stack.popLast() else { return }
            var kind = open.kind
            if kind == .key, !open.children.isEmpty {
                kind = open.dashChildren > 0 ? .array : .object
            }
            let collection = kind == .array ? ConfigDocumentSymbol.listDetail(count: open.dashChildren) : "mapping"
            let symbol = ConfigDocumentSymbol(
                name: open.name, detail: open.detail ?? (kind == .key ? nil : collection),
                kind: kind, range: text.range(fromOffset: open.start, toOffset: open.end),
                selectionRange: text.range(fromOffset: open.selection.start, toOffset: open.selection.end),
                children: open.children)
            if stack.isEmpty {
                top.append(symbol)
            } else {
                stack[stack.count - 1].children.append(symbol)
                // An item is named by its `id` (or `step`, `gate`) once that key is read.
                let parent = stack.count - 1
                if stack[parent].isDash, !stack[parent].isNamed,
                    ConfigDocumentSymbol.namingKeys.contains(symbol.name), let value = open.detail,
                    let valueRange = open.valueRange
                {
                    stack[parent].name = value
                    stack[parent].selection = valueRange
                    stack[parent].isNamed = true
                }
            }
        }

        for line in outline.lines {
            let points = line.points
            guard let first = points.first else { continue }
            let lineEnd = line.start + (line.value?.end ?? line.key?.end ?? line.contentColumn)
            // The lines of a block scalar are text, however much they look like keys.
            if let column = blockScalarColumn, first.column > column {
                for index in stack.indices { stack[index].end = max(stack[index].end, lineEnd) }
                continue
            }
            blockScalarColumn = line.opensBlockScalar ? line.key?.start : nil
            let structure = points.filter { $0.kind != .scalar }
            for point in structure {
                while let last = stack.last, shouldClose(last, before: point) { close() }
                let index = stack.last?.dashChildren ?? topDashes
                stack.append(openSymbol(point, on: line, index: index, isLast: point == structure.last))
                if point.isDash {
                    if stack.count >= 2 { stack[stack.count - 2].dashChildren += 1 } else { topDashes += 1 }
                }
            }
            for index in stack.indices { stack[index].end = max(stack[index].end, lineEnd) }
        }
        while !stack.isEmpty { close() }
        return top
    }

    /// Whether an open entry ends before a point: the point is at its column or left of it, except
    /// a dash under a `key:` at the same column (a list written without indentation).
    private func shouldClose(_ open: OpenSymbol, before point: YAMLTextLine.Point) -> Bool {
        if point.column > open.column { return false }
        if point.column == open.column, point.isDash, !open.isDash, !open.hasInlineValue { return false }
        return true
    }

    private func openSymbol(
        _ point: YAMLTextLine.Point, on line: YAMLTextLine, index: Int, isLast: Bool
    )
        -> OpenSymbol
    {
        let value = isLast ? line.value : nil
        let valueRange = value.map { (line.start + $0.start, line.start + $0.end) }
        let start = line.start + point.column
        switch point.kind {
        case .key(let name):
            let keyEnd = line.start + (line.key?.end ?? point.column)
            return OpenSymbol(
                name: name, detail: value.map { Self.outlineDetail($0.text) }, kind: Self.outlineKind(value?.text),
                column: point.column, isDash: false, hasInlineValue: value != nil, start: start,
                end: line.start + (value?.end ?? line.key?.end ?? point.column), selection: (start, keyEnd),
                isNamed: true, valueRange: valueRange)
        case .dash, .scalar:
            let kind: ConfigDocumentSymbol.Kind = line.key != nil && !isLast ? .object : Self.outlineKind(value?.text)
            return OpenSymbol(
                name: "[\(index)]", detail: value.map { Self.outlineDetail($0.text) }, kind: kind,
                column: point.column, isDash: true, hasInlineValue: value != nil, start: start,
                end: line.start + (value?.end ?? point.column + 1), selection: (start, start + 1), isNamed: false,
                valueRange: valueRange)
        }
    }

    private static func outlineKind(_ value: String?) -> ConfigDocumentSymbol.Kind {
        guard let value, let first = value.first else { return .key }
        switch first {
        case "[": return .array
        case "{": return .object
        case "|", ">", "\"", "'": return .string
        default: break
        }
        switch YAMLCoreSchema.resolve(plain: value) {
        case .bool: return .boolean
        case .int, .float: return .number
        case .null: return .key
        case .string: return .string
        }
    }

    private static func outlineDetail(_ value: String) -> String {
        ConfigDocumentSymbol.shortened(YAMLFlowList.unquote(value))
    }
}
