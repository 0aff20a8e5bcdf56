import Model

/// Keywords about mappings (required, properties, additionalProperties) and lists (items, counts, uniqueness).
extension SchemaWalk {
    mutating func checkObject(
        _ node: YAMLNode, _ entries: [YAMLEntry], _ schema: JSONSchema, _ location: SchemaLocation,
        _ out: inout [Diagnostic]
    ) {
        let present = Set(entries.compactMap { $0.key.scalar?.text })
        for name in schema.required where !present.contains(name) {
            out.append(missingKey(name, in: node, entries, schema, location))
        }
        let parent = location.joined
        for entry in entries {
            guard let name = entry.key.scalar?.text else { continue }
            let childLocation = parent.child(key: name, range: entry.key.range)
            if let property = schema.properties[name] {
                check(entry.value, property, childLocation, &out)
                continue
            }
            switch schema.additionalProperties {
            case .allowed:
                break
            case .schema(let extra):
                check(entry.value, extra, childLocation, &out)
            case .forbidden:
                out.append(unknownKey(name, entry.key, schema, location, present: present))
            }
        }
    }

    mutating func checkArray(
        _ items: [YAMLNode], _ node: YAMLNode, _ schema: JSONSchema, _ location: SchemaLocation,
        _ out: inout [Diagnostic]
    ) {
        if let minimum = schema.minItems, items.count < minimum {
            out.append(
                Diagnostic(
                    range: node.range, code: DiagnosticCode.tooShort,
                    message: "\(location.subject) must have at least \(minimum) item\(minimum == 1 ? "" : "s"); "
                        + "found \(items.count)"))
        }
        if let maximum = schema.maxItems, items.count > maximum {
            out.append(
                Diagnostic(
                    range: node.range, code: DiagnosticCode.tooLong,
                    message: "\(location.subject) may have at most \(maximum) items; found \(items.count)"))
        }
        if schema.uniqueItems {
            var seen: [ScalarIdentity: SourceRange] = [:]
            for item in items {
                guard let scalar = item.scalar else { continue }
                let identity = ScalarIdentity(resolved: scalar.resolved, text: scalar.text)
                if let first = seen[identity] {
                    out.append(
                        Diagnostic(
                            range: item.range, code: DiagnosticCode.duplicateItem,
                            message: "'\(scalar.text)' appears more than once in \(location.subject); list it once",
                            related: [.init(range: first, message: "first listed here")],
                            fixIts: [removeItemFix(item)].compactMap { $0 }))
                } else {
                    seen[identity] = item.range
                }
            }
        }
        if let itemSchema = schema.items {
            let parent = location.joined
            for (index, item) in items.enumerated() {
                check(item, itemSchema, parent.child(index: index), &out)
            }
        }
    }

    /// `present`: the keys the mapping already has; renaming to one of them would only trade this
    /// diagnostic for a duplicate key, so that suggestion comes without a fix.
    private func unknownKey(
        _ name: String, _ key: YAMLNode, _ schema: JSONSchema, _ location: SchemaLocation, present: Set<String>
    )
        -> Diagnostic
    {
        let known = schema.propertyOrder
        var message = "unknown key '\(name)' \(location.phrase)"
        var fixIts: [FixIt] = []
        if let suggestion = Suggestion.closest(to: name, among: known) {
            if present.contains(suggestion) {
                message += "; did you mean '\(suggestion)'? It is already set here: remove or merge this one"
            } else {
                message += "; did you mean '\(suggestion)'?"
                fixIts.append(
                    FixIt(title: "Rename to '\(suggestion)'", edits: [.init(range: key.range, newText: suggestion)]))
            }
        } else if !known.isEmpty {
            message += "; allowed keys: \(known.joined(separator: ", "))"
        }
        return Diagnostic(range: key.range, code: DiagnosticCode.unknownKey, message: message, fixIts: fixIts)
    }

    private func missingKey(
        _ name: String, in node: YAMLNode, _ entries: [YAMLEntry], _ schema: JSONSchema, _ location: SchemaLocation
    ) -> Diagnostic {
        let range = location.keyRange ?? entries.first?.key.range ?? node.range
        let fix = insertKeyFix(name, in: node, entries, property: schema.properties[name].map(resolved))
        return Diagnostic(
            range: range, code: DiagnosticCode.missingKey, message: "missing required key '\(name)' \(location.phrase)",
            fixIts: fix.map { [$0] } ?? [])
    }

    /// An edit that adds `name: placeholder` at the end of a mapping, in its own style (block or flow).
    private func insertKeyFix(
        _ name: String, in node: YAMLNode, _ entries: [YAMLEntry], property: JSONSchema?
    )
        -> FixIt?
    {
        let placeholder = Self.placeholder(for: property)
        let startOffset = node.range.start.offset
        let isFlow = startOffset < text.bytes.count && text.bytes[startOffset] == UInt8(ascii: "{")
        let edit: FixIt.Edit
        if isFlow {
            let at =
                entries.last.map { SourceRange(at: $0.value.range.end) }
                ?? SourceRange(at: node.range.start.advanced(byASCII: 1))
            edit = .init(range: at, newText: "\(entries.isEmpty ? "" : ", ")\(name): \(placeholder)")
        } else {
            guard let first = entries.first, let last = entries.last else { return nil }
            let indent = String(repeating: " ", count: first.key.range.start.scalarColumn)
            edit = .init(range: SourceRange(at: last.value.range.end), newText: "\n\(indent)\(name): \(placeholder)")
        }
        return FixIt(title: "Add missing key '\(name)'", edits: [edit])
    }

    /// A value to insert for a new key, valid for its schema where that is easy to know.
    static func placeholder(for schema: JSONSchema?) -> String {
        guard let schema else { return "\"\"" }
        if let value = schema.defaultValue ?? schema.enumValues?.first {
            if case .string(let text) = value { return "\"\(text)\"" }
            return value.description
        }
        switch schema.types?.first {
        case .object: return "{}"
        case .array: return "[]"
        case .integer, .number: return String(max(1, Int(schema.minimum ?? (schema.exclusiveMinimum ?? 0) + 1)))
        case .boolean: return "false"
        case .null: return "null"
        case .string, nil: return "\"\""
        }
    }

    /// Removes a duplicate item from a flow list (`[a, b, a]`); block lists are left to the user.
    ///
    /// The edit starts at the comma before the item: only ASCII lies between, so its position is the item's moved
    /// left, which costs nothing however long the line (a conversion from the offset would walk the line each time).
    private func removeItemFix(_ item: YAMLNode) -> FixIt? {
        var start = item.range.start.offset
        let bytes = text.bytes
        while start > 0, bytes[start - 1] == UInt8(ascii: " ") { start -= 1 }
        guard start > 0, bytes[start - 1] == UInt8(ascii: ",") else { return nil }
        start -= 1
        let from = item.range.start.advanced(byASCII: start - item.range.start.offset)
        return FixIt(
            title: "Remove the duplicate",
            edits: [.init(range: SourceRange(start: from, end: item.range.end), newText: "")])
    }
}

/// What makes two scalar items the same for `uniqueItems`: their text and the type it resolves to
/// (`1` and `"1"` differ).
private struct ScalarIdentity: Hashable {
    var resolved: YAMLScalar.Resolved
    var text: String
}
