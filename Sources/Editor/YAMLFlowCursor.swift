import Config

/// Where a cursor sits inside nested flow collections (`{name: x, provider: {name: |}}`): the steps
/// from the outermost collection down to the place being typed, and what is already there.
///
/// Read from `YAMLFlowToken`s rather than the parse tree, so it answers for a collection the user
/// has not closed yet (`project: {name: x, de`), which is the usual state while typing.
struct YAMLFlowCursor: Sendable {
    enum Role: Sendable, Hashable {
        /// A key of the innermost mapping.
        case key
        /// A value: an item of the innermost sequence, or the value after a mapping's `key:`.
        case value
        /// Right after a complete scalar or collection, where only `,` or a closing bracket may follow.
        case filled
    }

    var role: Role
    /// Path steps below the outermost collection: for a key, to the mapping; for a value, to the value.
    var steps: [SchemaPathComponent]
    /// The scalar the cursor is typing, if it is in one.
    var token: YAMLFlowToken?
    /// Whether `token` is a key already followed by its `:` (only its name is replaced).
    var tokenHasColon = false
    /// The keys of the innermost mapping, or the scalar items of the innermost sequence, other than `token`.
    var siblings: [String] = []

    /// The innermost collection enclosing a point while the tokens are read.
    private struct Frame {
        var isMapping: Bool
        var open: Int
        /// The step from the enclosing collection to this one; nil for the outermost, or under a
        /// key that is itself a collection (no schema path leads there).
        var step: SchemaPathComponent?
        /// Commas read so far: the index of the entry being read.
        var entry = 0
        /// The key of the entry being read, once its `:` is read.
        var key: String?
        /// The scalar read in the entry's key slot, which becomes `key` when a `:` follows it.
        var lastKey: String?
        /// Whether the slot being read (key, value or item) already holds a scalar or collection.
        var isFilled = false
        /// Keys read (mapping) or scalar items read (sequence), for `siblings`.
        var scalars: [String] = []
    }

    /// The cursor's place in the collection opening at `tokens[0]`; nil when the cursor is not inside
    /// it (before it, or after its closing bracket) or under a key no schema path can name.
    init?(tokens: [YAMLFlowToken], cursor: Int) {
        guard let first = tokens.first, case .open = first.kind, first.start < cursor else { return nil }
        var stack: [Frame] = []
        var atCursor: [Frame]?
        var cursorToken: Int?
        var closedSiblings: [String]?
        read: for (index, token) in tokens.enumerated() {
            if atCursor == nil, token.holds(cursor) || token.start >= cursor {
                atCursor = stack
                if token.holds(cursor) { cursorToken = index }
            }
            switch token.kind {
            case .open(let isMapping):
                let step = stack.last.flatMap(Self.childStep)
                if var parent = stack.popLast() {
                    if parent.isMapping && parent.key == nil { parent.lastKey = nil }
                    parent.isFilled = true
                    stack.append(parent)
                }
                stack.append(Frame(isMapping: isMapping, open: token.start, step: step))
            case .close:
                let closed = stack.removeLast()
                if let atCursor, closed.open == atCursor.last?.open {
                    closedSiblings = closed.scalars
                    break read
                }
                // The outermost collection closed before the cursor: the cursor is outside it.
                if stack.isEmpty { return nil }
            case .comma:
                stack[stack.count - 1].entry += 1
                stack[stack.count - 1].key = nil
                stack[stack.count - 1].lastKey = nil
                stack[stack.count - 1].isFilled = false
            case .colon:
                stack[stack.count - 1].key = stack[stack.count - 1].lastKey
                stack[stack.count - 1].isFilled = false
            case .scalar:
                var frame = stack[stack.count - 1]
                let isKey = frame.isMapping && frame.key == nil
                if isKey { frame.lastKey = token.text }
                if index != cursorToken, isKey || !frame.isMapping { frame.scalars.append(token.text) }
                frame.isFilled = true
                stack[stack.count - 1] = frame
            }
        }
        // Past the last token the collections still open are the cursor's (the usual case while typing).
        let frames = atCursor ?? stack
        let siblings = closedSiblings ?? stack.first { $0.open == frames.last?.open }?.scalars ?? []
        self.init(frames, tokens: tokens, cursorToken: cursorToken, siblings: siblings)
    }

    private init?(_ frames: [Frame], tokens: [YAMLFlowToken], cursorToken: Int?, siblings: [String]) {
        guard let inner = frames.last else { return nil }
        var steps: [SchemaPathComponent] = []
        for frame in frames.dropFirst() {
            guard let step = frame.step else { return nil }
            steps.append(step)
        }
        if inner.isFilled {
            role = .filled
        } else if inner.isMapping && inner.key == nil {
            role = .key
        } else {
            guard let step = Self.childStep(of: inner) else { return nil }
            role = .value
            steps.append(step)
        }
        self.steps = steps
        if let cursorToken {
            token = tokens[cursorToken]
            let next = cursorToken + 1
            tokenHasColon = next < tokens.count && tokens[next].kind == .colon
        }
        self.siblings = role == .key || !inner.isMapping ? siblings : []
    }

    /// The step to a value read now in `frame`: the current key's value, or the current item.
    private static func childStep(of frame: Frame) -> SchemaPathComponent? {
        guard frame.isMapping else { return .index(frame.entry) }
        return frame.key.map { .key($0) }
    }
}
