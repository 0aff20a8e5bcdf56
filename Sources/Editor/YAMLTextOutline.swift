import Config

/// The indentation structure of YAML text, read line by line without parsing.
///
/// Finds which keys and list items enclose a place by scanning upward for less-indented
/// `key:` and `- ` lines, so it answers for text that libyaml rejects (a line being typed).
struct YAMLTextOutline: Sendable {
    /// A node that encloses a place: a key (the place is in its value) or a list item.
    struct Anchor: Sendable, Hashable {
        var line: Int
        var point: YAMLTextLine.Point
    }

    let lines: [YAMLTextLine]
    private let lineStarts: [Int]

    init(text: SourceText) {
        var lines: [YAMLTextLine] = []
        var starts: [Int] = []
        lines.reserveCapacity(text.lineCount)
        for number in 0..<text.lineCount {
            var start = text.offset(line: number, column: 0, encoding: .utf8)
            var bytes = text.lineBytes(number)
            // A byte-order mark is not part of the first line's indentation.
            if number == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                start += 3
                bytes = bytes.dropFirst(3)
            }
            starts.append(start)
            lines.append(YAMLTextLine(number: number, start: start, bytes: bytes))
        }
        self.lines = lines
        self.lineStarts = starts
    }

    /// The line holding a byte offset (clamped to the text).
    func line(containing offset: Int) -> YAMLTextLine? {
        guard !lines.isEmpty else { return nil }
        var low = 0
        var high = lineStarts.count
        while low < high {
            let mid = (low + high) / 2
            if lineStarts[mid] <= offset { low = mid + 1 } else { high = mid }
        }
        return lines[max(0, low - 1)]
    }

    /// The keys and items enclosing a node that begins at `column` of `line`, outermost first.
    ///
    /// Points on the same line left of `column` come first (the dash before `- id:`), then
    /// less-indented lines above. A dash at the column of a `key:` above is that key's
    /// list written without indentation.
    func anchors(line: Int, column: Int, isDash: Bool) -> [Anchor] {
        var result: [Anchor] = []
        var target = (line: line, column: column, isDash: isDash)
        // Each parent is on an earlier line or further left, so this ends.
        while let parent = parent(of: target) {
            result.append(parent)
            target = (parent.line, parent.point.column, parent.point.isDash)
        }
        return result.reversed()
    }

    /// The schema path of the anchors: a key for each key, an item index for each dash.
    func path(of anchors: [Anchor]) -> [SchemaPathComponent] {
        anchors.map { anchor in
            switch anchor.point.kind {
            case .key(let name): .key(name)
            case .dash, .scalar: .index(itemIndex(line: anchor.line, column: anchor.point.column))
            }
        }
    }

    /// The path to a node beginning at `column` of `line` (not including the node itself).
    func path(line: Int, column: Int, isDash: Bool) -> [SchemaPathComponent] {
        path(of: anchors(line: line, column: column, isDash: isDash))
    }

    /// Whether a line lies inside a block scalar (`key: |` above it, less indented).
    func isInsideBlockScalar(line: Int, column: Int) -> Bool {
        guard let parent = parent(of: (line, column, false)), parent.line != line, case .key = parent.point.kind
        else { return false }
        return lines[parent.line].opensBlockScalar
    }

    /// The position of the list item whose dash is at `column` of `line` among its siblings.
    func itemIndex(line: Int, column: Int) -> Int {
        var index = 0
        for number in stride(from: line - 1, through: 0, by: -1) {
            let points = lines[number].points
            guard let first = points.first else { continue }
            if first.column > column { continue }
            guard points.contains(where: { $0.isDash && $0.column == column }) else { break }
            index += 1
            if first.column < column { break }
        }
        return index
    }

    /// Lines `from...` that belong to the block of nodes at `column` under an anchor, stopping at the
    /// first line indented less than `column`.
    func blockLines(after anchor: Anchor?, column: Int) -> [YAMLTextLine] {
        let first = anchor.map { $0.line + 1 } ?? 0
        var result: [YAMLTextLine] = []
        for number in first..<lines.count {
            let line = lines[number]
            guard let start = line.points.first else { continue }
            if start.column < column { break }
            result.append(line)
        }
        return result
    }

    /// The keys written at `column` in the mapping under `anchor` (or at the top level), excluding `line`.
    func siblingKeys(under anchor: Anchor?, column: Int, excludingLine excluded: Int) -> [String] {
        var names: [String] = []
        if let anchor, anchor.line != excluded {
            for point in lines[anchor.line].points where point.column == column {
                if case .key(let name) = point.kind { names.append(name) }
            }
        }
        for line in blockLines(after: anchor, column: column) where line.number != excluded {
            guard let first = line.points.first, first.column == column, case .key(let name) = first.kind else {
                continue
            }
            names.append(name)
        }
        return names
    }

    /// The plain values of the items of the list whose dashes are at `column` under `anchor`, excluding `line`.
    func siblingItems(under anchor: Anchor?, column: Int, excludingLine excluded: Int) -> [String] {
        func itemValue(_ line: YAMLTextLine) -> String? {
            guard line.number != excluded, line.dashColumns.last == column, line.key == nil, let value = line.value
            else { return nil }
            return YAMLFlowList.unquote(value.text)
        }
        var values: [String] = []
        if let anchor, let value = itemValue(lines[anchor.line]) { values.append(value) }
        for line in blockLines(after: anchor, column: column) {
            // A key at the dashes' column ends a list written without indentation.
            if let first = line.points.first, first.column == column, !first.isDash { break }
            if let value = itemValue(line) { values.append(value) }
        }
        return values
    }

    // MARK: Parent search

    private func parent(of target: (line: Int, column: Int, isDash: Bool)) -> Anchor? {
        guard target.line >= 0, target.line < lines.count else { return nil }
        let sameLine = lines[target.line].points.filter { $0.column < target.column && $0.kind != .scalar }
        if let point = sameLine.last {
            return Anchor(line: target.line, point: point)
        }
        for number in stride(from: target.line - 1, through: 0, by: -1) {
            let points = lines[number].points
            guard let first = points.first, let last = points.last else { continue }
            if first.column > target.column { continue }
            // A list written at its key's own indentation: `phases:` then `- planning`.
            if target.isDash, last.column == target.column, case .key = last.kind {
                return Anchor(line: number, point: last)
            }
            if first.column == target.column { continue }
            if let point = points.last(where: { $0.column < target.column && $0.kind != .scalar }) {
                return Anchor(line: number, point: point)
            }
        }
        return nil
    }
}
