/// How a phase's review ended, after all its rounds: carried by the checkpoint's verdict and its record.
public struct ReviewOutcome: Sendable, Hashable, Codable {
    /// Whether the reviewer approved in the end.
    public enum Result: String, Sendable, Hashable, Codable, CaseIterable {
        /// The reviewer approved (in the round named by `rounds`).
        case approved
        /// The last round still requested changes: the checkpoint blocks, naming the findings.
        case unresolved
        /// The review could not be carried out (the reviewer failed or was refused its budget); the checkpoint blocks.
        case failed
    }

    public var kind: ReviewRound.Kind
    public var reviewer: String
    public var result: Result
    /// Rounds taken.
    public var rounds: Int
    /// The most rounds allowed.
    public var maxRounds: Int
    /// The findings of the last round that requested changes, as `n. file:line: message`.
    public var findings: [String]
    /// Why the review failed, when it did.
    public var reason: String?

    public init(
        kind: ReviewRound.Kind, reviewer: String, result: Result, rounds: Int, maxRounds: Int,
        findings: [String] = [], reason: String? = nil
    ) {
        self.kind = kind
        self.reviewer = reviewer
        self.result = result
        self.rounds = rounds
        self.maxRounds = maxRounds
        self.findings = findings
        self.reason = reason
    }

    /// One line for a person: `consensus approved in round 2 of 2`, `reviewer: unresolved after 2 rounds: 1. …`.
    public var description: String {
        switch result {
        case .approved:
            return "\(kind.rawValue) review by \(reviewer) approved in round \(rounds) of \(maxRounds)"
        case .unresolved:
            return "\(kind.rawValue) review by \(reviewer) unresolved after \(rounds) round\(rounds == 1 ? "" : "s"): "
                + findings.joined(separator: "; ")
        case .failed:
            return "\(kind.rawValue) review by \(reviewer) could not be carried out: \(reason ?? "no reason given")"
        }
    }
}
