import Model

/// One evaluation of a schema over a tree; the rules for each keyword family live in extensions.
struct SchemaWalk {
    let root: JSONSchema
    let text: SourceText
    private var refDepth = 0

    init(root: JSONSchema, text: SourceText) {
        self.root = root
        self.text = text
    }

    mutating func check(_ node: YAMLNode, _ schema: JSONSchema, _ location: SchemaLocation, _ out: inout [Diagnostic]) {
        if let ref = schema.ref, let target = root.definitions[ref], refDepth < 32 {
            refDepth += 1
            check(node, target, location, &out)
            refDepth -= 1
        }
        if let types = schema.types, !Self.type(of: node, isIn: types) {
            out.append(wrongType(node, expected: types, location))
            return
        }
        checkValue(node, schema, location, &out)
        switch node.content {
        case .mapping(let entries): checkObject(node, entries, schema, location, &out)
        case .sequence(let items): checkArray(items, node, schema, location, &out)
        case .scalar: break
        }
        checkComposition(node, schema, location, &out)
    }

    /// Whether the node satisfies the schema, reporting nothing (for `if`, `anyOf`, `oneOf`).
    mutating func conforms(_ node: YAMLNode, _ schema: JSONSchema, _ location: SchemaLocation) -> Bool {
        var scratch: [Diagnostic] = []
        check(node, schema, location, &scratch)
        return !scratch.contains { $0.severity == .error }
    }

    static func type(of node: YAMLNode, isIn types: [JSONType]) -> Bool {
        let type = node.jsonType
        return types.contains(type) || (type == .integer && types.contains(.number))
    }

    // MARK: Composition

    private mutating func checkComposition(
        _ node: YAMLNode, _ schema: JSONSchema, _ location: SchemaLocation, _ out: inout [Diagnostic]
    ) {
        for branch in schema.allOf {
            check(node, branch, location, &out)
        }
        if let condition = schema.ifSchema {
            if conforms(node, condition, location) {
                if let then = schema.thenSchema { check(node, then, location, &out) }
            } else if let otherwise = schema.elseSchema {
                check(node, otherwise, location, &out)
            }
        }
        if !schema.anyOf.isEmpty {
            let matched = schema.anyOf.contains { conforms(node, $0, location) }
            if !matched { reportNoMatch(node, schema.anyOf, location, &out) }
        }
        if !schema.oneOf.isEmpty {
            let count = schema.oneOf.filter { conforms(node, $0, location) }.count
            if count == 0 {
                reportNoMatch(node, schema.oneOf, location, &out)
            } else if count > 1 {
                out.append(
                    Diagnostic(
                        range: node.range, code: DiagnosticCode.noAlternativeMatches,
                        message:
                            "\(location.subject) matches more than one of the allowed forms; it must match exactly one")
                )
            }
        }
    }

    /// When no alternative matches, report the errors of the one alternative of the node's type, if there is one.
    private mutating func reportNoMatch(
        _ node: YAMLNode, _ alternatives: [JSONSchema], _ location: SchemaLocation, _ out: inout [Diagnostic]
    ) {
        let sameType = alternatives.filter { alternative in
            let resolved = resolved(alternative)
            return resolved.types.map { Self.type(of: node, isIn: $0) } ?? false
        }
        if sameType.count == 1 {
            check(node, sameType[0], location, &out)
            return
        }
        let forms = alternatives.map { alternative -> String in
            let resolved = resolved(alternative)
            return resolved.title ?? resolved.types.map(Self.describe(types:)) ?? "another form"
        }
        out.append(
            Diagnostic(
                range: node.range, code: DiagnosticCode.noAlternativeMatches,
                message: "\(location.subject) must be \(Self.orList(forms)); found \(Self.describe(node))"))
    }

    func resolved(_ schema: JSONSchema) -> JSONSchema {
        var current = schema
        var hops = 0
        while let ref = current.ref, let target = root.definitions[ref], hops < 32 {
            current = target
            hops += 1
        }
        return current
    }

    // MARK: Descriptions

    static func describe(types: [JSONType]) -> String {
        orList(types.map(describe(type:)))
    }

    static func describe(type: JSONType) -> String {
        switch type {
        case .object: "a mapping"
        case .array: "a list"
        case .string: "a string"
        case .integer: "an integer"
        case .number: "a number"
        case .boolean: "true or false"
        case .null: "an empty value"
        }
    }

    static func describe(_ node: YAMLNode) -> String {
        switch node.content {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let scalar):
            switch scalar.resolved {
            case .null: return "an empty value"
            case .bool: return "the boolean \(scalar.text)"
            case .int, .float: return "the number \(scalar.text)"
            case .string:
                let shown = scalar.text.count > 40 ? scalar.text.prefix(40) + "…" : Substring(scalar.text)
                return "the string \"\(shown)\""
            }
        }
    }

    static func orList(_ items: [String]) -> String {
        switch items.count {
        case 0: return "nothing"
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " or " + items[items.count - 1]
        }
    }
}
