import Model

/// Keywords about a single value: enum, const, numeric bounds, string length, pattern, format.
extension SchemaWalk {
    func checkValue(_ node: YAMLNode, _ schema: JSONSchema, _ location: SchemaLocation, _ out: inout [Diagnostic]) {
        if let allowed = schema.enumValues, !allowed.contains(where: { Self.equal(node, $0) }) {
            out.append(invalidEnum(node, allowed, location))
        }
        if let constant = schema.constValue, !Self.equal(node, constant) {
            out.append(
                Diagnostic(
                    range: node.range, code: DiagnosticCode.invalidConst,
                    message: "\(location.subject) must be \(constant); found \(Self.describe(node))"))
        }
        guard let scalar = node.scalar else { return }
        // Only where a type was asked for, so a node reached through `$ref` and its target is reported once.
        if schema.types != nil, let limit = Self.unrepresentableNumber(scalar) {
            out.append(
                Diagnostic(
                    range: node.range, code: DiagnosticCode.outOfRange,
                    message: "\(location.subject) must be \(limit); found \(scalar.text)"))
            return
        }
        if let number = scalar.numberValue {
            checkBounds(number, scalar.text, node, schema, location, &out)
        }
        if scalar.resolved == .string {
            checkString(scalar.text, node, schema, location, &out)
        }
    }

    private func checkBounds(
        _ number: Double, _ shown: String, _ node: YAMLNode, _ schema: JSONSchema, _ location: SchemaLocation,
        _ out: inout [Diagnostic]
    ) {
        if let failure = schema.boundViolation(of: number) {
            out.append(
                Diagnostic(
                    range: node.range, code: DiagnosticCode.outOfRange,
                    message: "\(location.subject) must be \(failure); found \(shown)"))
        }
    }

    private func checkString(
        _ value: String, _ node: YAMLNode, _ schema: JSONSchema, _ location: SchemaLocation, _ out: inout [Diagnostic]
    ) {
        // JSON Schema counts scalars, which takes a walk over the string. Each scalar is one to four UTF-8 bytes,
        // so the byte count (known at once) usually shows both bounds are met, and then nothing is counted.
        let bytes = value.utf8.count
        let mayBeShort = schema.minLength.map { (bytes + 3) / 4 < $0 } ?? false
        let mayBeLong = schema.maxLength.map { bytes > $0 } ?? false
        let length = mayBeShort || mayBeLong ? Self.scalarCount(value) : 0
        if mayBeShort, let minimum = schema.minLength, length < minimum {
            let message =
                minimum == 1 && length == 0
                ? "\(location.subject) must not be empty"
                : "\(location.subject) must be at least \(minimum) characters long; found \(length)"
            out.append(Diagnostic(range: node.range, code: DiagnosticCode.tooShort, message: message))
        }
        if mayBeLong, let maximum = schema.maxLength, length > maximum {
            out.append(
                Diagnostic(
                    range: node.range, code: DiagnosticCode.tooLong,
                    message: "\(location.subject) must be at most \(maximum) characters long; found \(length)"))
        }
        if let pattern = schema.pattern, !pattern.matches(value) {
            let expected = schema.title.map { "is not a valid \($0)" } ?? "does not match the pattern \(pattern.source)"
            out.append(
                Diagnostic(
                    range: node.range, code: DiagnosticCode.patternMismatch,
                    message: "\(location.subject) '\(value)' \(expected)"))
        }
        if schema.format == "date", !Self.isDate(value) {
            out.append(
                Diagnostic(
                    range: node.range, code: DiagnosticCode.invalidFormat,
                    message: "\(location.subject) '\(value)' is not a date; write it as YYYY-MM-DD (e.g. 2026-12-31)"))
        }
    }

    /// What a number written beyond what the typed configuration can hold must be instead, or nil when it fits.
    ///
    /// An integer is read as a 64-bit `Int`: one past it would otherwise reach the run as 0 (or not at all).
    static func unrepresentableNumber(_ scalar: YAMLScalar) -> String? {
        switch scalar.resolved {
        case .int where scalar.intValue == nil:
            return "an integer from \(Int.min) to \(Int.max)"
        case .float:
            guard let value = scalar.numberValue, value.isInfinite, !scalar.text.lowercased().hasSuffix("inf")
            else { return nil }
            return "a finite number (at most about 1.8e308)"
        default:
            return nil
        }
    }

    /// The number of Unicode scalars (JSON Schema's string length), counted from the UTF-8 bytes, which is much
    /// cheaper than decoding each scalar.
    static func scalarCount(_ value: String) -> Int {
        value.utf8.withContiguousStorageIfAvailable(UTF8Scan.scalarCount(in:)) ?? value.unicodeScalars.count
    }

    private func invalidEnum(_ node: YAMLNode, _ allowed: [SchemaValue], _ location: SchemaLocation) -> Diagnostic {
        let names = allowed.map(\.description)
        var message =
            "\(Self.describe(node).replacing("the string ", with: "")) is not an allowed value "
            + "for \(location.subject); expected one of: \(names.joined(separator: ", "))"
        var fixIts: [FixIt] = []
        if let text = node.scalar?.text, let suggestion = Suggestion.closest(to: text, among: names) {
            message += "; did you mean '\(suggestion)'?"
            fixIts.append(
                FixIt(title: "Change to '\(suggestion)'", edits: [.init(range: node.range, newText: suggestion)]))
        }
        return Diagnostic(range: node.range, code: DiagnosticCode.invalidEnum, message: message, fixIts: fixIts)
    }

    func wrongType(_ node: YAMLNode, expected types: [JSONType], _ location: SchemaLocation) -> Diagnostic {
        var message = "\(location.subject) must be \(Self.describe(types: types)); found \(Self.describe(node))"
        var fixIts: [FixIt] = []
        if types.contains(.string), let scalar = node.scalar, scalar.style == .plain, scalar.resolved != .null {
            message += "; quote it to make it a string"
            let escaped = scalar.text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
            fixIts.append(FixIt(title: "Quote the value", edits: [.init(range: node.range, newText: "\"\(escaped)\"")]))
        }
        return Diagnostic(range: node.range, code: DiagnosticCode.wrongType, message: message, fixIts: fixIts)
    }

    /// JSON equality between a YAML node and a schema literal (numbers by value, strings by text).
    static func equal(_ node: YAMLNode, _ value: SchemaValue) -> Bool {
        switch (node.content, value) {
        case (.scalar(let scalar), .string(let text)): return scalar.resolved == .string && scalar.text == text
        case (.scalar(let scalar), .number(let number)): return scalar.numberValue == number
        case (.scalar(let scalar), .bool(let flag)): return scalar.boolValue == flag
        case (.scalar(let scalar), .null): return scalar.resolved == .null
        case (.sequence(let items), .array(let values)):
            return items.count == values.count && zip(items, values).allSatisfy { equal($0, $1) }
        case (.mapping(let entries), .object(let object)):
            return entries.count == object.count
                && entries.allSatisfy { entry in
                    entry.key.scalar.flatMap { object[$0.text] }.map { equal(entry.value, $0) } ?? false
                }
        default: return false
        }
    }

    /// A calendar date written YYYY-MM-DD (RFC 3339 `full-date`).
    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month)
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }
}
