import Config
import Model
import Skills

extension ConfigDocument {
    /// Completion proposals at a byte offset: the keys a mapping still lacks, or the values a
    /// property or list accepts; empty where nothing fits (comments, block scalars, unknown places).
    ///
    /// Works on text that does not parse: the place is found from the line and the indentation above.
    public func completions(atOffset offset: Int) -> [ConfigCompletionItem] {
        let offset = max(0, min(offset, text.bytes.count))
        guard !validation.isForeign, let context = completionContext(atOffset: offset) else { return [] }
        let candidates: [Candidate]
        switch context.role {
        case .key(let column): candidates = keyCandidates(context, column: column)
        case .value: candidates = valueCandidates(context)
        }
        let range = text.range(fromOffset: context.partialStart, toOffset: context.partialEnd)
        var items: [ConfigCompletionItem] = []
        for candidate in candidates
        where !context.existing.contains(candidate.label) && Self.matches(context.partial, candidate.label) {
            items.append(
                ConfigCompletionItem(
                    label: candidate.label, kind: candidate.kind, detail: candidate.detail,
                    documentation: candidate.documentation, insertText: context.lead + candidate.insertText,
                    range: range, sortText: Self.sortKey(items.count)))
        }
        return items
    }

    /// A proposal before it is filtered and given its range.
    struct Candidate {
        var label: String
        var kind: ConfigCompletionItem.Kind
        var detail: String?
        var documentation: String?
        var insertText: String
    }

    // MARK: Keys

    private func keyCandidates(_ context: CompletionContext, column: Int) -> [Candidate] {
        if context.path.isEmpty && kind == nil {
            // A new file: the top-level keys of every kind.
            return ConfigKind.allCases.flatMap { kind -> [Candidate] in
                guard let schema = catalog[kind], let place = schema.place(at: []) else { return [] }
                return keyCandidates(of: place, schema: schema, context, column: column)
            }
        }
        guard let schema = schema(for: context.path), let place = schema.place(at: context.path), place.isObject
        else { return [] }
        return keyCandidates(of: place, schema: schema, context, column: column)
    }

    private func keyCandidates(
        of place: SchemaPlace, schema: SchemaValidator, _ context: CompletionContext, column: Int
    ) -> [Candidate] {
        schema.propertyNames(of: place.target).compactMap { name in
            guard let child = schema.child(of: place, .key(name)) else { return nil }
            var detail = child.typeLabel(validator: schema)
            if child.isRequired { detail = (detail.map { "\($0) · " } ?? "") + "required" }
            let insert: String
            if context.keyHasColon {
                insert = name
            } else if context.isInFlow {
                // In a flow mapping the value follows on the same line, whatever its type.
                insert = "\(name): "
            } else {
                insert = Self.keyInsertText(name, child, schema: schema, column: column)
            }
            return Candidate(
                label: name, kind: .key, detail: detail,
                documentation: child.markdown(heading: name, validator: schema), insertText: insert)
        }
    }

    /// `key: ` for a scalar, `key: []` for a list of scalars, and the key with its value's first
    /// line indented below it for a mapping or a list of mappings.
    static func keyInsertText(_ name: String, _ place: SchemaPlace, schema: SchemaValidator, column: Int) -> String {
        let indent = String(repeating: " ", count: column + 2)
        if place.isArray {
            let itemIsObject = schema.child(of: place, .index(0))?.isObject ?? false
            return itemIsObject ? "\(name):\n\(indent)- " : "\(name): []"
        }
        if place.isObject { return "\(name):\n\(indent)" }
        return "\(name): "
    }

    // MARK: Values

    private func valueCandidates(_ context: CompletionContext) -> [Candidate] {
        guard let schema = schema(for: context.path), let place = schema.place(at: context.path) else { return [] }
        let quote: (String) -> String = { value in
            context.isQuoted || !Self.needsQuotes(value) ? value : "\"\(value)\""
        }
        let detail = place.typeLabel(validator: schema)
        if let values = place.enumValues {
            return values.map { value in
                let text = value.description
                let isDefault = place.defaultValue == value
                return Candidate(
                    label: text, kind: .value, detail: isDefault ? "default" : detail,
                    documentation: place.description, insertText: quote(text))
            }
        }
        if place.types?.contains(.boolean) == true {
            return ["true", "false"].map { text in
                let isDefault = place.defaultValue?.description == text
                return Candidate(
                    label: text, kind: .value, detail: isDefault ? "default" : detail,
                    documentation: place.description, insertText: text)
            }
        }
        let names = place.definitionNames
        if names.contains("agentId") {
            return Self.builtinAgentIDs.map { agent in
                Candidate(
                    label: agent.id, kind: .agent, detail: agent.detail, documentation: agent.documentation,
                    insertText: quote(agent.id))
            }
        }
        if names.contains("skillId") {
            return BuiltinSkills.all.map { skill in
                Candidate(
                    label: skill.id, kind: .skill, detail: "built-in skill", documentation: nil,
                    insertText: quote(skill.id))
            }
        }
        return []
    }

    /// The built-in agents and their subagents, as completion proposals.
    private static var builtinAgentIDs: [(id: String, detail: String?, documentation: String?)] {
        BuiltinAgents.all.flatMap { agent in
            [(agent.id, agent.name, agent.description)]
                + (agent.subagents ?? []).map { ($0.id, "subagent of \(agent.id)", $0.description) }
        }
    }

    // MARK: Text

    /// Whether a value must be quoted to stay a string in YAML (`>=` would open a block scalar).
    static func needsQuotes(_ value: String) -> Bool {
        guard let first = value.unicodeScalars.first else { return true }
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) { return true }
        if value.contains(": ") || value.contains(" #") || value.contains(",") { return true }
        return YAMLCoreSchema.resolve(plain: value) != .string
    }

    /// A zero-padded position, so clients that sort by text keep the schema's order.
    static func sortKey(_ index: Int) -> String {
        let digits = String(index)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Whether the typed letters occur in the label in order, ignoring case (as editors filter).
    static func matches(_ partial: String, _ label: String) -> Bool {
        var remaining = partial.lowercased()[...]
        for character in label.lowercased() where remaining.first == character {
            remaining = remaining.dropFirst()
        }
        return remaining.isEmpty
    }
}
