import Config

extension ConfigDocument {
    /// A cursor inside a flow collection, and the schema path of the value the collection is.
    struct FlowCompletionPlace {
        var cursor: YAMLFlowCursor
        var path: [SchemaPathComponent]
    }

    /// The flow collection (`{…}` or `[…]`) enclosing a cursor, opened on its line or a line above;
    /// nil when the cursor is in block context.
    ///
    /// A flow collection opens as the value of a `key:` or `- ` line, and its continuation lines are
    /// indented deeper than that line. So the opening line is searched upward among lines less
    /// indented than every line below them, which keeps a block line under an unclosed `[` (a typo
    /// above) in block context.
    func enclosingFlowCollection(line cursorLine: YAMLTextLine, column: Int) -> FlowCompletionPlace? {
        let offset = cursorLine.start + column
        var indent = cursorLine.points.first.map { min($0.column, column) } ?? column
        for number in stride(from: cursorLine.number, through: 0, by: -1) {
            let line = outline.lines[number]
            if number != cursorLine.number {
                // No line above a line at column 0 can hold a flow collection that reaches the cursor.
                if indent == 0 { break }
                guard let first = line.points.first?.column, first < indent else { continue }
                indent = first
            }
            if let value = line.value, value.text.hasPrefix("{") || value.text.hasPrefix("[") {
                let open = line.start + value.start
                let end = flowRegionEnd(openingLine: line, cursorLine: cursorLine.number)
                let tokens = YAMLFlowToken.tokens(in: text.bytes, from: open, to: max(open, end))
                if let cursor = YAMLFlowCursor(tokens: tokens, cursor: offset) {
                    return FlowCompletionPlace(cursor: cursor, path: flowValuePath(line, valueColumn: value.start))
                }
            }
        }
        return nil
    }

    /// The completion context inside a flow collection: a key of its mapping (inserted as `key: `,
    /// since the value follows on the same line) or a value, with the keys or items already there.
    func flowCompletionContext(_ place: FlowCompletionPlace, atOffset offset: Int) -> CompletionContext? {
        let cursor = place.cursor
        let bytes = text.bytes
        var wordStart = offset
        var isQuoted = false
        if let token = cursor.token {
            wordStart = token.start
            if case .scalar(.some, _) = token.kind {
                // A quoted key is left alone, as in block style; a quoted value gets an unquoted proposal.
                guard cursor.role == .value else { return nil }
                isQuoted = true
                wordStart += 1
            }
        }
        let role: CompletionContext.Role
        switch cursor.role {
        case .filled: return nil
        case .key: role = .key(column: text.position(atOffset: wordStart).utf8Column)
        case .value: role = .value
        }
        guard bytes[wordStart..<offset].allSatisfy(CompletionContext.isWordByte) else { return nil }
        var end = offset
        while end < bytes.count, CompletionContext.isWordByte(bytes[end]) { end += 1 }
        // Right after `,` or `:` with nothing typed, the proposal brings its own space.
        let follows = wordStart > 0 ? bytes[wordStart - 1] : 0
        let needsSpace = wordStart == offset && (follows == UInt8(ascii: ",") || follows == UInt8(ascii: ":"))
        var context = CompletionContext(
            role: role, path: place.path + cursor.steps, partialStart: wordStart, partialEnd: end,
            partial: String(decoding: bytes[wordStart..<offset], as: UTF8.self), existing: Set(cursor.siblings),
            lead: needsSpace ? " " : "")
        context.keyHasColon = cursor.tokenHasColon
        context.isQuoted = isQuoted
        context.isInFlow = true
        return context
    }

    /// The path of the value that begins at `valueColumn` of a line: a key's value, a list item, or
    /// a value standing alone (a whole document written as `{…}`).
    private func flowValuePath(_ line: YAMLTextLine, valueColumn: Int) -> [SchemaPathComponent] {
        if let key = line.key {
            return outline.path(line: line.number, column: key.start, isDash: false) + [.key(key.text)]
        }
        if let dash = line.dashColumns.last { return itemPath(line, dash: dash) }
        return outline.path(line: line.number, column: valueColumn, isDash: false)
    }

    /// The byte offset where a flow collection opened on `openingLine` must end: the end of the last
    /// line, from the cursor's on, indented deeper than the opening line.
    private func flowRegionEnd(openingLine: YAMLTextLine, cursorLine: Int) -> Int {
        let indent = openingLine.points.first?.column ?? 0
        var last = cursorLine
        for number in (cursorLine + 1)..<outline.lines.count {
            guard let first = outline.lines[number].points.first?.column else { continue }
            if first <= indent { break }
            last = number
        }
        return text.lineContentEnd(last)
    }
}
