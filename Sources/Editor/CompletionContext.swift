import Config

/// What the text around the cursor says is being typed: a key of some mapping, or a value of some
/// property or list, with the partly typed word and what is already there.
///
/// Read from the line's text and the indentation above it (or, inside a flow collection, from the
/// collection's text), never from the parse tree: the line being typed rarely parses.
struct CompletionContext: Sendable {
    enum Role: Sendable {
        /// A key of the mapping at `path`, written at `column`.
        case key(column: Int)
        /// A value at `path` (a property's value or a list item).
        case value
    }

    var role: Role
    /// For a key, the path of the mapping; for a value, the path of the value itself.
    var path: [SchemaPathComponent]
    /// Byte offsets of the partly typed word (after an opening quote, if any).
    var partialStart: Int
    var partialEnd: Int
    /// The typed part of the word, up to the cursor.
    var partial: String
    /// Keys already present in the mapping, or items already in the list.
    var existing: Set<String>
    /// Text to put before the proposal (a space when the cursor is right after `:`, `-` or `,`).
    var lead: String
    /// Whether the line already has the `key:` being completed (only its name is replaced).
    var keyHasColon = false
    /// Whether the user opened a quote (the proposal must not add its own).
    var isQuoted = false
    /// Whether the place is inside a flow collection, where a key's value goes on the same line.
    var isInFlow = false

    /// Characters a key or value word may contain while being typed.
    static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."):
            true
        default: byte >= 0x80
        }
    }
}

extension ConfigDocument {
    /// The completion context at a byte offset; nil in comments, block scalars and places nothing can be proposed.
    func completionContext(atOffset offset: Int) -> CompletionContext? {
        // Inside a byte-order mark there is nothing to complete.
        guard let line = outline.line(containing: offset), offset >= line.start else { return nil }
        let bytes = Array(text.lineBytes(line.number))
        let column = max(0, min(offset - line.start, bytes.count))
        if let comment = line.commentColumn, column > comment { return nil }
        let firstColumn = line.isBlank ? column : min(line.contentColumn, column)
        if outline.isInsideBlockScalar(line: line.number, column: firstColumn) { return nil }
        if let flow = enclosingFlowCollection(line: line, column: column) {
            return flowCompletionContext(flow, atOffset: offset)
        }
        let typed = YAMLTextLine(number: line.number, start: line.start, bytes: bytes[0..<column])
        if let key = typed.key, let colon = typed.colonColumn {
            return valueContext(line: line, bytes: bytes, column: column, key: key, colon: colon)
        }
        return wordContext(line: line, typed: typed, bytes: bytes, column: column)
    }

    /// A bare word at the start of the line's content: a key, or a scalar list item after `- `.
    private func wordContext(
        line: YAMLTextLine, typed: YAMLTextLine, bytes: [UInt8], column: Int
    )
        -> CompletionContext?
    {
        let start = typed.contentColumn
        guard bytes[start..<column].allSatisfy(CompletionContext.isWordByte) else { return nil }
        var end = column
        while end < bytes.count, CompletionContext.isWordByte(bytes[end]) { end += 1 }
        var context = CompletionContext(
            role: .key(column: start), path: [], partialStart: line.start + start, partialEnd: line.start + end,
            partial: String(decoding: bytes[start..<column], as: UTF8.self), existing: [], lead: "")
        if let key = line.key, key.start == start {
            context.keyHasColon = true
            context.partialEnd = line.start + key.end
        }
        guard let dash = typed.dashColumns.last else {
            let anchors = outline.anchors(line: line.number, column: start, isDash: false)
            context.path = outline.path(of: anchors)
            context.existing = Set(outline.siblingKeys(under: anchors.last, column: start, excludingLine: line.number))
            return context
        }
        // Right after a `-` with no space yet, the proposal brings its own.
        if start == dash + 1 { context.lead = " " }
        let itemPath = itemPath(line, dash: dash)
        let itemPlace = schema(for: itemPath)?.place(at: itemPath)
        if itemPlace?.isObject ?? false {
            let anchor = YAMLTextOutline.Anchor(line: line.number, point: .init(column: dash, kind: .dash))
            context.role = .key(column: dash + 2)
            context.path = itemPath
            context.existing = Set(outline.siblingKeys(under: anchor, column: dash + 2, excludingLine: line.number))
        } else {
            let parent = outline.anchors(line: line.number, column: dash, isDash: true).last
            context.role = .value
            context.path = itemPath
            context.existing = Set(outline.siblingItems(under: parent, column: dash, excludingLine: line.number))
        }
        return context
    }

    /// The cursor after `key:`: a scalar value (flow collections are read by `flowCompletionContext`).
    private func valueContext(
        line: YAMLTextLine, bytes: [UInt8], column: Int, key: YAMLTextLine.Token, colon: Int
    ) -> CompletionContext? {
        var valueStart = colon + 1
        while valueStart < column, bytes[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        // After a flow collection's closing bracket, or in a block scalar's header, nothing fits.
        if valueStart < column, "[{|>&*!".utf8.contains(bytes[valueStart]) { return nil }
        let keyPath = outline.path(line: line.number, column: key.start, isDash: false) + [.key(key.text)]
        var context = CompletionContext(
            role: .value, path: keyPath, partialStart: 0, partialEnd: 0, partial: "", existing: [],
            lead: valueStart == colon + 1 ? " " : "")
        var wordStart = valueStart
        if wordStart < column, bytes[wordStart] == UInt8(ascii: "\"") || bytes[wordStart] == UInt8(ascii: "'") {
            context.isQuoted = true
            wordStart += 1
        }
        guard bytes[wordStart..<column].allSatisfy(CompletionContext.isWordByte) else { return nil }
        var end = column
        while end < bytes.count, CompletionContext.isWordByte(bytes[end]) { end += 1 }
        context.partialStart = line.start + wordStart
        context.partialEnd = line.start + end
        context.partial = String(decoding: bytes[wordStart..<column], as: UTF8.self)
        return context
    }
}
