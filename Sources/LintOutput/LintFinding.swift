import JSON

/// How serious a linter finding is.
public enum LintSeverity: String, Sendable, Hashable, CaseIterable {
    case error, warning, note
}

/// One problem a linter reported: where, what, under which rule, and how serious.
public struct LintFinding: Sendable, Hashable {
    /// The file as the linter named it (made working-copy-relative by the linter tool when it can be).
    public var file: String
    /// 1-based line; 0 when the linter gave none.
    public var line: Int
    /// 1-based column, when the linter gave one.
    public var column: Int?
    public var message: String
    /// The rule's id (e.g. `F401`, `name-defined`), when the linter gave one.
    public var rule: String?
    public var severity: LintSeverity

    /// A finding; `severity` defaults to SARIF's default level.
    public init(
        file: String, line: Int, column: Int? = nil, message: String, rule: String? = nil,
        severity: LintSeverity = .warning
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.rule = rule
        self.severity = severity
    }

    /// The finding as a JSON object (`column` and `rule` only when known).
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "file": .string(file), "line": .integer(Int64(line)), "message": .string(message),
            "severity": .string(severity.rawValue),
        ]
        if let column { object["column"] = .integer(Int64(column)) }
        if let rule { object["rule"] = .string(rule) }
        return .object(object)
    }
}
