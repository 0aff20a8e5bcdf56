import Config
import Model

/// What a validator gate found over its files.
public struct ValidatorOutcome: Sendable, Hashable {
    /// Every problem found, in file order, then position order.
    public var findings: [Finding]
    /// Files not checked (binary or too large), so a report can say so.
    public var skipped: [ValidatorSkippedFile]

    /// Creates an outcome.
    public init(findings: [Finding] = [], skipped: [ValidatorSkippedFile] = []) {
        self.findings = findings
        self.skipped = skipped
    }
}

/// The built-in file validators of `validator` gates; pure functions of the gate and the files.
public enum Validators {
    /// Files larger than this (4 MiB) are skipped, not read.
    public static let maximumFileSize = 4 * 1024 * 1024

    /// The number of lines `license_header` searches when the gate does not say.
    public static let defaultHeaderLines = 10

    /// Runs the gate's validator over files already matched by its globs.
    ///
    /// Throws when the gate cannot run (a regex that does not compile, a missing setting);
    /// the engine records that as a failure of this gate.
    public static func run(_ gate: GateConfig, files: [ValidatorFile]) throws(ValidatorError) -> ValidatorOutcome {
        guard gate.type == .validator, let validator = gate.validator else {
            throw ValidatorError(
                code: .notAValidator, gateID: gate.id, message: "the gate is not a validator gate with a `validator`")
        }
        let check = try makeCheck(validator, gate: gate)
        var outcome = ValidatorOutcome()
        for file in files {
            switch decode(file) {
            case .text(let text):
                outcome.findings += check(file.path, text).map {
                    Finding(
                        gateID: gate.id, file: file.path, range: $0.range, message: $0.message,
                        severity: gate.effectiveSeverity)
                }
            case .skipped(let reason):
                outcome.skipped.append(ValidatorSkippedFile(path: file.path, reason: reason))
            }
        }
        return outcome
    }

    /// A check of one file: its problems, each with a range and message.
    typealias Check = (_ path: String, _ text: ValidatorText) -> [Problem]

    /// A problem before it is tagged with the gate and file.
    struct Problem {
        var range: SourceRange
        var message: String
    }

    private static func makeCheck(_ validator: GateConfig.Validator, gate: GateConfig) throws(ValidatorError) -> Check {
        switch validator {
        case .licenseHeader:
            let regex = try compile(gate)
            let lines = max(gate.lines ?? defaultHeaderLines, 1)
            return { _, text in licenseHeaderProblems(text, regex: regex, lines: lines, pattern: gate.pattern ?? "") }
        case .forbiddenPattern:
            let regex = try compile(gate)
            return { _, text in forbiddenPatternProblems(text, regex: regex, pattern: gate.pattern ?? "") }
        case .requiredSections:
            guard let sections = gate.sections, !sections.isEmpty else {
                throw ValidatorError(
                    code: .missingSetting, gateID: gate.id, message: "`required_sections` needs a list of `sections`")
            }
            return { _, text in requiredSectionProblems(text, sections: sections) }
        case .brandTerms:
            guard let terms = gate.terms, !terms.isEmpty else {
                throw ValidatorError(
                    code: .missingSetting, gateID: gate.id, message: "`brand_terms` needs a map of `terms`")
            }
            let sorted = terms.sorted { $0.key < $1.key }.filter { !$0.key.isEmpty && $0.key != $0.value }
            return { _, text in brandTermProblems(text, terms: sorted) }
        }
    }

    /// Compiles the gate's `pattern`, with `^` and `$` matching at every line.
    static func compile(_ gate: GateConfig) throws(ValidatorError) -> Regex<AnyRegexOutput> {
        guard let pattern = gate.pattern, !pattern.isEmpty else {
            throw ValidatorError(
                code: .missingSetting, gateID: gate.id,
                message: "`\(gate.validator?.rawValue ?? "validator")` needs a `pattern`")
        }
        do {
            return try CompiledRegexes.regex(pattern, .anchorsMatchLineEndings)
        } catch {
            throw ValidatorError(
                code: .invalidPattern, gateID: gate.id,
                message: "the pattern '\(pattern)' is not a valid regular expression: \(error)")
        }
    }

    /// Decodes a file as UTF-8 text, or says why it is skipped.
    static func decode(_ file: ValidatorFile) -> Decoded {
        guard file.bytes.count <= maximumFileSize else { return .skipped(.tooLarge) }
        guard !file.bytes.contains(0), let text = String(validating: file.bytes, as: UTF8.self) else {
            return .skipped(.binary)
        }
        return .text(ValidatorText(text))
    }

    /// A file's text, or why it is not checked.
    enum Decoded {
        case text(ValidatorText)
        case skipped(ValidatorSkippedFile.Reason)
    }
}
