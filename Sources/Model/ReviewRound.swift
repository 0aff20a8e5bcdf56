/// One round of a review: who reviewed what, the verdict, and the numbered findings (with the answers they got),
/// carried by the `review.round` and `review.answered` events and stored with the phase attempt.
public struct ReviewRound: Sendable, Hashable, Codable {
    /// What is reviewed.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The decisions of planning and architecture (plan, requirements, ADRs), by `consensus`.
        case decision
        /// The unified diff of development since the previous checkpoint, by `reviewer`.
        case code
    }

    /// The reviewer's verdict on the round.
    public enum Verdict: String, Sendable, Hashable, Codable, CaseIterable {
        case approve
        case requestChanges = "request_changes"
    }

    public var kind: Kind
    /// The agent that reviewed.
    public var reviewer: String
    /// This round's number, from 1.
    public var round: Int
    /// The most rounds the review may take.
    public var rounds: Int
    public var verdict: Verdict
    public var findings: [ReviewFinding]
    /// The reviewer's own words on the round.
    public var summary: String?

    public init(
        kind: Kind, reviewer: String, round: Int, rounds: Int, verdict: Verdict, findings: [ReviewFinding] = [],
        summary: String? = nil
    ) {
        self.kind = kind
        self.reviewer = reviewer
        self.round = round
        self.rounds = rounds
        self.verdict = verdict
        self.findings = findings
        self.summary = summary
    }

    /// The findings no answer settled: requested changes not yet fixed or dismissed.
    public var openFindings: [ReviewFinding] { findings.filter { $0.answer == nil } }

    /// "1. docs/plan.md:12: no acceptance criterion for the dashboard", one finding per entry.
    public var findingLines: [String] { findings.map(\.line) }
}

/// One numbered finding of a review, at a file and line when it has one (zero-based, as LSP counts).
public struct ReviewFinding: Sendable, Hashable, Codable {
    /// How much a finding matters.
    public enum Severity: String, Sendable, Hashable, Codable, CaseIterable {
        case blocker, major, minor, nit
    }

    /// The finding's number within its round, from 1.
    public var number: Int
    /// The file, relative to the workspace root, or nil for a finding about no one file.
    public var file: String?
    /// Where in `file` (zero-based lines and columns), or nil.
    public var range: SourceRange?
    public var severity: Severity
    public var message: String
    /// How the agent that owns the file answered it, once it did.
    public var answer: ReviewAnswer?

    public init(
        number: Int, file: String?, range: SourceRange?, severity: Severity, message: String,
        answer: ReviewAnswer? = nil
    ) {
        self.number = number
        self.file = file
        self.range = range
        self.severity = severity
        self.message = message
        self.answer = answer
    }

    /// The finding as a person reads it: `2. src/app.py:14: message` (lines counted from 1).
    public var line: String {
        let place = file.map { file in range.map { "\(file):\($0.start.line + 1)" } ?? file }
        return "\(number). " + (place.map { "\($0): " } ?? "") + message
    }
}

extension ReviewFinding {
    private enum CodingKeys: String, CodingKey {
        case number, file, range, severity, message, answer
    }

    /// An LSP position: zero-based line and character (UTF-16 code units).
    private struct LSPPosition: Codable {
        var line: Int
        var character: Int
    }

    /// An LSP range.
    private struct LSPRange: Codable {
        var start: LSPPosition
        var end: LSPPosition
    }

    /// On the wire and in the store a finding's place is LSP-shaped: `file` and `range` {start, end} of
    /// {line, character}, as an editor locates it.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(number, forKey: .number)
        try container.encodeIfPresent(file, forKey: .file)
        if let range {
            try container.encode(
                LSPRange(
                    start: LSPPosition(line: range.start.line, character: range.start.utf16Column),
                    end: LSPPosition(line: range.end.line, character: range.end.utf16Column)),
                forKey: .range)
        }
        try container.encode(severity, forKey: .severity)
        try container.encode(message, forKey: .message)
        try container.encodeIfPresent(answer, forKey: .answer)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let range = try container.decodeIfPresent(LSPRange.self, forKey: .range).map { lsp in
            SourceRange(
                start: SourcePosition(line: lsp.start.line, column: lsp.start.character, offset: 0),
                end: SourcePosition(line: lsp.end.line, column: lsp.end.character, offset: 0))
        }
        self.init(
            number: try container.decode(Int.self, forKey: .number),
            file: try container.decodeIfPresent(String.self, forKey: .file), range: range,
            severity: try container.decode(Severity.self, forKey: .severity),
            message: try container.decode(String.self, forKey: .message),
            answer: try container.decodeIfPresent(ReviewAnswer.self, forKey: .answer))
    }
}

/// An agent's answer to a finding: it fixed it, or it dismissed it with a reason.
public struct ReviewAnswer: Sendable, Hashable, Codable {
    /// What the agent did about the finding.
    public enum Action: String, Sendable, Hashable, Codable, CaseIterable {
        case fixed, dismissed
    }

    public var action: Action
    /// What was changed, or why the finding does not apply.
    public var reason: String
    /// The agent that answered.
    public var by: String

    public init(action: Action, reason: String, by: String) {
        self.action = action
        self.reason = reason
        self.by = by
    }
}
