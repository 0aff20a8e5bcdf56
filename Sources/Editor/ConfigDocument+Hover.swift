import Config
import Model

/// What a hover shows: markdown about the hovered key or value, and the range it applies to.
public struct ConfigHover: Sendable, Hashable {
    /// Markdown: the key or value in bold with its type, the schema's description, limits and allowed values.
    public var markdown: String
    /// The hovered key, value or list item.
    public var range: SourceRange

    /// A hover showing markdown for a range.
    public init(markdown: String, range: SourceRange) {
        self.markdown = markdown
        self.range = range
    }
}

extension ConfigDocument {
    /// Hover text for the key, value or list item at a byte offset; nil on comments, blank space,
    /// places the schema says nothing about, and files of no kind.
    public func hover(atOffset offset: Int) -> ConfigHover? {
        guard kind != nil else { return nil }
        let offset = max(0, min(offset, text.bytes.count))
        let target: HoverTarget?
        if let root, let hit = Self.locate(offset, in: root, path: [], text: text) {
            target = hit
        } else if let root, root.range.contains(offset: offset) {
            // The tree covers this place and found nothing there: blank space or a comment.
            target = nil
        } else {
            target = lineTarget(atOffset: offset)
        }
        guard let target, let schema = schema(for: target.path), let place = schema.place(at: target.path) else {
            return nil
        }
        let heading: String
        switch target.path.last {
        case .key(let name): heading = name
        case .index: heading = "\(place.key ?? "list") item"
        case nil: return nil
        }
        let markdown = place.markdown(heading: heading, validator: schema, current: target.value)
        return ConfigHover(markdown: markdown, range: target.range)
    }

    // MARK: Targets

    /// The thing under the cursor: a key, a scalar value or a list item, with its schema path.
    struct HoverTarget {
        /// The path to the key's value, the value, or the item.
        var path: [SchemaPathComponent]
        var range: SourceRange
        /// The scalar under the cursor, when a value is hovered.
        var value: String?
    }

    /// The key, scalar or list-item dash at an offset in a parsed tree.
    static func locate(
        _ offset: Int, in node: YAMLNode, path: [SchemaPathComponent], text: SourceText
    ) -> HoverTarget? {
        switch node.content {
        case .mapping(let entries):
            for entry in entries {
                guard let name = entry.key.scalar?.text else { continue }
                let childPath = path + [.key(name)]
                if entry.key.range.contains(offset: offset) {
                    return HoverTarget(path: childPath, range: entry.key.range)
                }
                if entry.value.range.contains(offset: offset),
                    let hit = locate(offset, in: entry.value, path: childPath, text: text)
                {
                    return hit
                }
            }
        case .sequence(let items):
            for (index, item) in items.enumerated() {
                let itemPath = path + [.index(index)]
                if item.range.contains(offset: offset), let hit = locate(offset, in: item, path: itemPath, text: text) {
                    return hit
                }
                if let dash = dashOffset(before: item, text: text), offset == dash || offset == dash + 1 {
                    return HoverTarget(
                        path: itemPath, range: text.range(fromOffset: dash, toOffset: item.range.end.offset))
                }
            }
        case .scalar(let scalar):
            // An empty value (`key:` and nothing) has an empty range; there is nothing to hover.
            guard node.range.start.offset < node.range.end.offset else { return nil }
            return HoverTarget(path: path, range: node.range, value: scalar.text)
        }
        return nil
    }

    /// The key, value or item at an offset, read from the line's text (for a file that does not parse).
    func lineTarget(atOffset offset: Int) -> HoverTarget? {
        guard let line = outline.line(containing: offset) else { return nil }
        let column = offset - line.start
        if let comment = line.commentColumn, column >= comment { return nil }
        let number = line.number
        if outline.isInsideBlockScalar(line: number, column: line.contentColumn) {
            guard let value = line.value else { return nil }
            let path = outline.path(line: number, column: line.contentColumn, isDash: false)
            return HoverTarget(path: path, range: range(line: line, from: value.start, to: value.end), value: nil)
        }
        if let key = line.key, key.start <= column, column <= key.end {
            let path = outline.path(line: number, column: key.start, isDash: false) + [.key(key.text)]
            return HoverTarget(path: path, range: range(line: line, from: key.start, to: key.end))
        }
        if let dash = line.dashColumns.first(where: { column == $0 || column == $0 + 1 }) {
            let end = line.value?.end ?? line.key?.end ?? dash + 1
            return HoverTarget(path: itemPath(line, dash: dash), range: range(line: line, from: dash, to: end))
        }
        guard let value = line.value, value.start <= column, column <= value.end else { return nil }
        let base: [SchemaPathComponent]
        if let key = line.key {
            base = outline.path(line: number, column: key.start, isDash: false) + [.key(key.text)]
        } else if let dash = line.dashColumns.last {
            base = itemPath(line, dash: dash)
        } else {
            return nil
        }
        guard value.text.hasPrefix("[") else {
            return HoverTarget(
                path: base, range: range(line: line, from: value.start, to: value.end),
                value: YAMLFlowList.unquote(value.text))
        }
        let list = YAMLFlowList(line: text.lineBytes(number), open: value.start)
        guard let index = list.items.firstIndex(where: { $0.start <= column && column <= $0.end }) else { return nil }
        let item = list.items[index]
        return HoverTarget(
            path: base + [.index(index)], range: range(line: line, from: item.start, to: item.end), value: item.text)
    }

    /// The path of the list item whose dash is at `dash` on a line.
    func itemPath(_ line: YAMLTextLine, dash: Int) -> [SchemaPathComponent] {
        outline.path(line: line.number, column: dash, isDash: true)
            + [.index(outline.itemIndex(line: line.number, column: dash))]
    }
}
