/// The stable `code`s of every diagnostic the configuration layer reports.
///
/// Codes are identifiers that scripts and editors match on; messages may change, codes do not.
/// `docs/diagnostics.md` lists each; `Tests/External/test_documents.py` checks that every code defined here (and
/// every governance `…Code`) is documented and used, and that no diagnostic is made with a code written out.
public enum DiagnosticCode {
    // Input
    public static let fileTooLarge = "file-too-large"
    public static let binaryFile = "binary-file"
    public static let invalidEncoding = "invalid-encoding"
    public static let emptyFile = "empty-file"
    public static let unreadableFile = "unreadable-file"
    // Reporting
    public static let tooManyDiagnostics = "too-many-diagnostics"
    // YAML structure
    public static let syntax = "yaml-syntax"
    public static let tabIndentation = "tab-indentation"
    public static let duplicateKey = "duplicate-key"
    public static let complexKey = "complex-key"
    public static let unknownAnchor = "unknown-anchor"
    public static let aliasExpansion = "alias-expansion-limit"
    public static let nestingTooDeep = "nesting-too-deep"
    public static let tooManyDocuments = "too-many-documents"
    public static let multipleDocuments = "multiple-documents"
    public static let invalidMerge = "invalid-merge"
    // Kind
    public static let unknownKind = "unknown-kind"
    // Schema
    public static let unknownKey = "unknown-key"
    public static let missingKey = "missing-key"
    public static let wrongType = "wrong-type"
    public static let invalidEnum = "invalid-enum"
    public static let invalidConst = "invalid-value"
    public static let outOfRange = "out-of-range"
    public static let patternMismatch = "pattern-mismatch"
    public static let invalidFormat = "invalid-format"
    public static let tooShort = "too-short"
    public static let tooLong = "too-long"
    public static let duplicateItem = "duplicate-item"
    public static let noAlternativeMatches = "no-alternative-matches"
    // Cross-field rules
    public static let phaseOrder = "phase-order"
    public static let missingPhase = "missing-phase"
    public static let subagentPrefix = "subagent-prefix"
    public static let duplicateSubagent = "duplicate-subagent"
    public static let duplicateGate = "duplicate-gate"
    public static let invalidRegex = "invalid-regex"
    // Skills
    public static let duplicateSkillVersion = "duplicate-skill-version"
    public static let invalidSkillVersion = "invalid-skill-version"
    public static let invalidStepCheck = "invalid-step-check"
    // Workspace references (need the files around the document)
    public static let missingPromptFile = "missing-prompt-file"
    public static let unknownAgent = "unknown-agent"
    public static let unknownSkill = "unknown-skill"
}
