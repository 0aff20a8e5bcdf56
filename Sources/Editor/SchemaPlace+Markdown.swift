import Config

/// Markdown describing a schema place, shared by hover and completion documentation.
extension SchemaPlace {
    /// A short name of the value's type: `integer`, `list of string`, `mapping`.
    public func typeLabel(validator: SchemaValidator) -> String? {
        typeLabel(validator: validator, depth: 0)
    }

    private func typeLabel(validator: SchemaValidator, depth: Int) -> String? {
        guard let types, !types.isEmpty else { return isObject ? "mapping" : nil }
        let labels = types.map { type -> String in
            switch type {
            case .object: return "mapping"
            case .array:
                // A list of lists of lists is rare; past that, a recursive schema must not loop.
                guard depth < 3, let item = validator.child(of: self, .index(0)) else { return "list" }
                return item.typeLabel(validator: validator, depth: depth + 1).map { "list of \($0)" } ?? "list"
            default: return type.rawValue
            }
        }
        return labels.joined(separator: " or ")
    }

    /// One-line notes on the value's limits, default and example (`Must be > 0`).
    public func notes(validator: SchemaValidator, includeValues: Bool = true) -> [String] {
        var notes: [String] = []
        if let range = rangeNote() { notes.append(range) }
        if let minLength = first(\.minLength), minLength > 0, types?.contains(.string) == true {
            notes.append(minLength == 1 ? "Must not be empty" : "At least \(minLength) characters")
        }
        if let maxLength = first(\.maxLength) { notes.append("At most \(maxLength) characters") }
        if let minItems = first(\.minItems), minItems > 0 {
            notes.append("At least \(minItems) item\(minItems == 1 ? "" : "s")")
        }
        if let maxItems = first(\.maxItems) { notes.append("At most \(maxItems) items") }
        if let pattern = first(\.pattern) {
            notes.append(title.map { "Expected: \($0)" } ?? "Must match `\(pattern.source)`")
        }
        if let format = first(\.format) { notes.append("Format: `\(format)`") }
        if includeValues, let values = enumValues {
            notes.append("Allowed values: " + values.map { "`\($0)`" }.joined(separator: ", "))
        }
        if includeValues, isArray, let itemValues = validator.child(of: self, .index(0))?.enumValues {
            notes.append("Allowed items: " + itemValues.map { "`\($0)`" }.joined(separator: ", "))
        }
        if let defaultValue { notes.append("Default: `\(defaultValue)`") }
        if let example = chain.lazy.flatMap(\.examples).first { notes.append("Example: `\(example)`") }
        return notes
    }

    /// The whole text for a hover or a completion item: heading, type, description, notes.
    ///
    /// With `current`, the allowed values are listed one per line and the current one is marked.
    public func markdown(heading: String, validator: SchemaValidator, current: String? = nil) -> String {
        var title = "**\(heading)**"
        if let type = typeLabel(validator: validator) { title += " · \(type)" }
        if isRequired { title += " · required" }
        var sections = [title]
        if let description { sections.append(description) }
        let notes = notes(validator: validator, includeValues: current == nil)
        if !notes.isEmpty { sections.append(notes.joined(separator: "\n\n")) }
        if let current, let values = enumValues {
            let lines = values.map { value -> String in
                value.description == current ? "- **`\(value)`** (current)" : "- `\(value)`"
            }
            sections.append("Allowed values:\n" + lines.joined(separator: "\n"))
        }
        return sections.joined(separator: "\n\n")
    }

    private func rangeNote() -> String? {
        func text(_ value: Double) -> String { SchemaValue.number(value).description }
        let lower = first(\.exclusiveMinimum).map { "> \(text($0))" } ?? first(\.minimum).map { "≥ \(text($0))" }
        let upper = first(\.exclusiveMaximum).map { "< \(text($0))" } ?? first(\.maximum).map { "≤ \(text($0))" }
        switch (lower, upper) {
        case (let lower?, let upper?): return "Must be \(lower) and \(upper)"
        case (let lower?, nil): return "Must be \(lower)"
        case (nil, let upper?): return "Must be \(upper)"
        case (nil, nil): return nil
        }
    }
}
