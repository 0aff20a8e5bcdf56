import Model

/// A quality gate of a policy: a metric threshold, a tool run, or a built-in file validator.
public struct GateConfig: Sendable, Hashable, Codable {
    /// What kind of check a gate runs.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case metric, tool, validator
    }

    /// Whether a failure blocks the phase (shared with the store's records, hence defined in Model).
    public typealias Severity = GateSeverity

    /// Built-in measurements a metric gate compares.
    public enum Metric: String, Sendable, Hashable, Codable, CaseIterable {
        case coverage
        case complexityMax = "complexity_max"
        case complexityMean = "complexity_mean"
        case artifactCount = "artifact_count"
        case tokenSpend = "token_spend"
    }

    /// Comparison of a measured value with the threshold.
    public enum Operator: String, Sendable, Hashable, Codable, CaseIterable {
        case greaterOrEqual = ">="
        case greater = ">"
        case lessOrEqual = "<="
        case less = "<"
        case equal = "=="
        case notEqual = "!="
    }

    /// How a tool gate's output is read for findings.
    public enum Output: String, Sendable, Hashable, Codable, CaseIterable {
        case none, sarif, lines
    }

    /// Built-in validators over files.
    public enum Validator: String, Sendable, Hashable, Codable, CaseIterable {
        case licenseHeader = "license_header"
        case forbiddenPattern = "forbidden_pattern"
        case requiredSections = "required_sections"
        case brandTerms = "brand_terms"
    }

    public var id: String
    public var description: String?
    public var type: Kind
    public var phases: [Phase]
    public var severity: Severity?
    public var locked: Bool?
    public var metric: Metric?
    public var `operator`: Operator?
    public var threshold: Double?
    public var newCodeOnly: Bool?
    public var report: String?
    public var command: [String]?
    public var timeoutSeconds: Int?
    public var output: Output?
    public var maxFindings: Int?
    public var passOnExitCode: Bool?
    public var validator: Validator?
    public var files: [String]?
    /// Validator gates: the fewest files `files` must match; fewer fails the gate. Without it (0), a gate that matches
    /// no file is not applicable rather than passed.
    public var minFiles: Int?
    public var pattern: String?
    public var lines: Int?
    /// `license_header`: the header text agents put at the top of matching files they write.
    public var header: String?
    public var sections: [String]?
    public var terms: [String: String]?

    enum CodingKeys: String, CodingKey {
        case id, description, type, phases, severity, locked, metric, `operator`, threshold, report, command, output
        case validator, files, pattern, lines, header, sections, terms
        case newCodeOnly = "new_code_only"
        case timeoutSeconds = "timeout_seconds"
        case maxFindings = "max_findings"
        case passOnExitCode = "pass_on_exit_code"
        case minFiles = "min_files"
    }

    /// The severity in force (blocking unless the policy says warning).
    public var effectiveSeverity: Severity { severity ?? .blocking }
}
