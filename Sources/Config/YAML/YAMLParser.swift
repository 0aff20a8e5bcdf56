import CYAML
import Model

/// Parses YAML into position-carrying trees over libyaml's event API.
public enum YAMLParser {
    /// Parses a whole stream; never throws: every problem is a diagnostic in the result.
    public static func parse(_ bytes: [UInt8], limits: YAMLLimits = .default) -> YAMLParseResult {
        if let problem = InputCheck.problem(in: bytes, limits: limits) {
            let text = bytes.count > limits.maxBytes ? SourceText(bytes: []) : SourceText(bytes: bytes)
            return YAMLParseResult(text: text, documents: [], diagnostics: [problem], isComplete: false)
        }
        let text = SourceText(bytes: bytes)
        if bytes.isEmpty {
            return YAMLParseResult(text: text, documents: [], diagnostics: [], isComplete: true)
        }
        let builder = YAMLTreeBuilder(text: text, limits: limits)
        builder.run()
        return YAMLParseResult(
            text: text, documents: builder.documents, diagnostics: builder.diagnostics,
            isComplete: builder.isComplete)
    }

    /// Parses a string (already UTF-8 by construction).
    public static func parse(_ string: String, limits: YAMLLimits = .default) -> YAMLParseResult {
        parse(Array(string.utf8), limits: limits)
    }

    /// The version of the libyaml this binary is linked with.
    public static var libyamlVersion: String {
        String(cString: yaml_get_version_string())
    }
}

/// Turns libyaml events into `YAMLNode` trees with an explicit stack (no recursion, so depth is only a limit).
final class YAMLTreeBuilder {
    private let text: SourceText
    private let limits: YAMLLimits
    /// libyaml skips a UTF-8 byte-order mark without counting it in `mark.index`.
    private let scalarBase: Int
    /// Events arrive in file order, so positions are found by moving on from the previous one.
    private var positions: SourceText.ScalarCursor
    private var stack: [CollectionFrame] = []
    private var anchors: [String: YAMLNode] = [:]
    private var aliasExpansion = 0
    private var currentRoot: YAMLNode?
    private var documentStart = SourceRange.zero
    private var documentExplicit = false

    private(set) var documents: [YAMLDocument] = []
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var isComplete = false

    init(text: SourceText, limits: YAMLLimits) {
        self.text = text
        self.limits = limits
        self.scalarBase = text.bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 1 : 0
        self.positions = SourceText.ScalarCursor(text: text)
    }

    func run() {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            diagnostics.append(
                Diagnostic(range: .zero, code: DiagnosticCode.syntax, message: "libyaml failed to start"))
            return
        }
        defer { yaml_parser_delete(&parser) }
        text.bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            yaml_parser_set_input_string(&parser, base, buffer.count)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    reportSyntaxError(parser)
                    return
                }
                let outcome = handle(event)
                yaml_event_delete(&event)
                switch outcome {
                case .next: continue
                case .finished:
                    isComplete = true
                    return
                case .stopped: return
                }
            }
        }
    }

    private enum Outcome { case next, finished, stopped }

    private func handle(_ event: yaml_event_t) -> Outcome {
        switch event.type {
        case YAML_STREAM_END_EVENT:
            return .finished
        case YAML_DOCUMENT_START_EVENT:
            if documents.count >= limits.maxDocuments {
                diagnostics.append(
                    Diagnostic(
                        range: range(event.start_mark, event.end_mark), code: DiagnosticCode.tooManyDocuments,
                        message: "more than \(limits.maxDocuments) documents in one stream; stopped reading"))
                return .stopped
            }
            documentStart = range(event.start_mark, event.end_mark)
            documentExplicit = event.data.document_start.implicit == 0
            currentRoot = nil
            anchors = [:]
            aliasExpansion = 0
        case YAML_DOCUMENT_END_EVENT:
            documents.append(YAMLDocument(root: currentRoot, start: documentStart, hasExplicitStart: documentExplicit))
        case YAML_SCALAR_EVENT:
            let node = scalarNode(event)
            register(anchor: event.data.scalar.anchor, node: node)
            add(node)
        case YAML_ALIAS_EVENT:
            return alias(event)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            return startCollection(event)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            endCollection(event)
        default:
            break
        }
        return .next
    }

    // MARK: Nodes

    private func scalarNode(_ event: yaml_event_t) -> YAMLNode {
        let data = event.data.scalar
        let value: String
        if let pointer = data.value {
            value = String(decoding: UnsafeBufferPointer(start: pointer, count: data.length), as: UTF8.self)
        } else {
            value = ""
        }
        let style: YAMLScalar.Style
        switch data.style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: style = .literal
        case YAML_FOLDED_SCALAR_STYLE: style = .folded
        default: style = .plain
        }
        let tag = string(data.tag)
        let resolved: YAMLScalar.Resolved
        if let tag, tag != "!" {
            resolved = YAMLCoreSchema.resolve(tag: tag) ?? .string
        } else if style == .plain && tag == nil {
            resolved = YAMLCoreSchema.resolve(plain: value)
        } else {
            resolved = .string
        }
        return YAMLNode(
            content: .scalar(YAMLScalar(text: value, style: style, resolved: resolved)),
            range: range(event.start_mark, event.end_mark), tag: tag)
    }

    private func alias(_ event: yaml_event_t) -> Outcome {
        let aliasRange = range(event.start_mark, event.end_mark)
        let name = string(event.data.alias.anchor) ?? ""
        guard var node = anchors[name] else {
            diagnostics.append(
                Diagnostic(
                    range: aliasRange, code: DiagnosticCode.unknownAnchor,
                    message: "alias *\(name) refers to no anchor &\(name) defined before it"))
            add(YAMLNode(content: .scalar(YAMLScalar(text: "", style: .plain, resolved: .null)), range: aliasRange))
            return .next
        }
        aliasExpansion = Self.saturatingAdd(aliasExpansion, node.weight)
        if aliasExpansion > limits.maxAliasExpansion {
            diagnostics.append(
                Diagnostic(
                    range: aliasRange, code: DiagnosticCode.aliasExpansion,
                    message: "aliases in this document expand to more than \(limits.maxAliasExpansion) nodes "
                        + "(an alias bomb?); stopped reading"))
            return .stopped
        }
        node.range = aliasRange
        add(node)
        return .next
    }

    private func startCollection(_ event: yaml_event_t) -> Outcome {
        let isMapping = event.type == YAML_MAPPING_START_EVENT
        if stack.count >= limits.maxDepth {
            diagnostics.append(
                Diagnostic(
                    range: range(event.start_mark, event.end_mark), code: DiagnosticCode.nestingTooDeep,
                    message: "collections nested deeper than \(limits.maxDepth) levels; stopped reading"))
            return .stopped
        }
        let anchor: String?
        let tag: String?
        let isFlow: Bool
        if isMapping {
            anchor = string(event.data.mapping_start.anchor)
            tag = string(event.data.mapping_start.tag)
            isFlow = event.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
        } else {
            anchor = string(event.data.sequence_start.anchor)
            tag = string(event.data.sequence_start.tag)
            isFlow = event.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
        }
        stack.append(
            CollectionFrame(
                isMapping: isMapping, isFlow: isFlow, start: position(event.start_mark), anchor: anchor, tag: tag))
        return .next
    }

    private func endCollection(_ event: yaml_event_t) {
        guard let frame = stack.popLast() else { return }
        var end = position(event.end_mark)
        let content: YAMLNode.Content
        var weight = frame.weight
        if frame.isMapping {
            var entries = frame.entries
            if !frame.mergeSources.isEmpty {
                weight = Self.saturatingAdd(weight, merge(frame.mergeSources, into: &entries))
            }
            content = .mapping(entries)
            if !frame.isFlow, let last = frame.entries.last { end = last.value.range.end }
        } else {
            content = .sequence(frame.items)
            if !frame.isFlow, let last = frame.items.last { end = last.range.end }
        }
        let node = YAMLNode(
            content: content, range: SourceRange(start: frame.start, end: end), tag: frame.tag, weight: weight)
        if let anchor = frame.anchor { anchors[anchor] = node }
        add(node)
    }

    /// Applies merge keys: entries of the merged mappings whose keys are not already present. Returns the added weight.
    private func merge(_ sources: [YAMLNode], into entries: inout [YAMLEntry]) -> Int {
        var present = Set(entries.compactMap { $0.key.scalar?.text })
        var added = 0
        for source in sources {
            let mappings: [YAMLNode]
            switch source.content {
            case .mapping: mappings = [source]
            case .sequence(let items): mappings = items
            case .scalar: mappings = [source]
            }
            for mapping in mappings {
                guard let sourceEntries = mapping.entries else {
                    diagnostics.append(
                        Diagnostic(
                            range: mapping.range, code: DiagnosticCode.invalidMerge,
                            message: "a merge key (<<) takes a mapping or a list of mappings"))
                    continue
                }
                for entry in sourceEntries {
                    guard let key = entry.key.scalar?.text, !present.contains(key) else { continue }
                    present.insert(key)
                    entries.append(entry)
                    added = Self.saturatingAdd(added, entry.value.weight + 1)
                }
            }
        }
        return added
    }

    /// Places a completed node in its parent collection, or makes it the document's root.
    private func add(_ node: YAMLNode) {
        guard !stack.isEmpty else {
            currentRoot = node
            return
        }
        let top = stack.count - 1
        stack[top].weight = Self.saturatingAdd(stack[top].weight, node.weight)
        guard stack[top].isMapping else {
            stack[top].items.append(node)
            return
        }
        guard let key = stack[top].pendingKey else {
            stack[top].pendingKey = node
            return
        }
        stack[top].pendingKey = nil
        guard let scalar = key.scalar else {
            diagnostics.append(
                Diagnostic(
                    range: key.range, code: DiagnosticCode.complexKey,
                    message: "a key must be a plain value, not a \(key.items != nil ? "list" : "mapping")"))
            return
        }
        if scalar.text == "<<" && scalar.style == .plain {
            stack[top].mergeSources.append(node)
            return
        }
        if let first = stack[top].seenKeys[scalar.text] {
            diagnostics.append(
                Diagnostic(
                    range: key.range, code: DiagnosticCode.duplicateKey,
                    message: "duplicate key '\(scalar.text)'; a key may appear once in a mapping",
                    related: [Diagnostic.Related(range: first, message: "'\(scalar.text)' is first defined here")],
                    fixIts: []))
            return
        }
        stack[top].seenKeys[scalar.text] = key.range
        stack[top].entries.append(YAMLEntry(key: key, value: node))
    }

    private func register(anchor: UnsafeMutablePointer<yaml_char_t>?, node: YAMLNode) {
        if let name = string(anchor) { anchors[name] = node }
    }

    // MARK: Errors

    private func reportSyntaxError(_ parser: yaml_parser_t) {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        let errorRange: SourceRange
        if parser.error == YAML_READER_ERROR {
            errorRange = text.range(fromOffset: parser.problem_offset, toOffset: parser.problem_offset + 1)
        } else {
            let start = position(parser.problem_mark)
            let next =
                start.offset < text.bytes.count
                ? text.position(atOffset: start.offset + UTF8Scan.sequenceLength(lead: text.bytes[start.offset]))
                : start
            errorRange = SourceRange(start: start, end: next)
        }
        let offset = errorRange.start.offset
        if offset < text.bytes.count, text.bytes[offset] == UInt8(ascii: "\t") {
            diagnostics.append(
                Diagnostic(
                    range: errorRange, code: DiagnosticCode.tabIndentation,
                    message: "tab character where YAML expects indentation or a value; YAML indents with spaces only",
                    fixIts: [
                        FixIt(
                            title: "Replace the tab with two spaces", edits: [.init(range: errorRange, newText: "  ")])
                    ]))
            return
        }
        var related: [Diagnostic.Related] = []
        if let context = parser.context.map({ String(cString: $0) }) {
            related.append(Diagnostic.Related(range: SourceRange(at: position(parser.context_mark)), message: context))
        }
        diagnostics.append(
            Diagnostic(
                range: errorRange, code: DiagnosticCode.syntax, message: "YAML syntax error: \(problem)",
                related: related))
    }

    // MARK: Positions

    private func position(_ mark: yaml_mark_t) -> SourcePosition {
        positions.position(atScalarIndex: Int(mark.index) + scalarBase)
    }

    private func range(_ start: yaml_mark_t, _ end: yaml_mark_t) -> SourceRange {
        SourceRange(start: position(start), end: position(end))
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    static func saturatingAdd(_ lhs: Int, _ rhs: Int) -> Int {
        let (sum, overflow) = lhs.addingReportingOverflow(rhs)
        return overflow ? Int.max : sum
    }
}

/// A collection being built while its events arrive.
struct CollectionFrame {
    var isMapping: Bool
    var isFlow: Bool
    var start: SourcePosition
    var anchor: String?
    var tag: String?
    var items: [YAMLNode] = []
    var entries: [YAMLEntry] = []
    var pendingKey: YAMLNode?
    var seenKeys: [String: SourceRange] = [:]
    var mergeSources: [YAMLNode] = []
    var weight = 1
}
