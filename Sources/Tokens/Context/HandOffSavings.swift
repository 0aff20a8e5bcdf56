/// An earlier phase as the next one could see it: the messages its agents exchanged, or its hand-off summary.
public struct PhaseHandOff: Sendable, Hashable, Codable {
    /// The phase's name.
    public var phase: String
    /// The text of every message its agents exchanged, in order.
    public var transcript: [String]
    /// The hand-off summary it wrote for later phases.
    public var summary: String

    /// A phase with its transcript and hand-off summary.
    public init(phase: String, transcript: [String], summary: String) {
        self.phase = phase
        self.transcript = transcript
        self.summary = summary
    }
}

/// Tokens saved by passing hand-off summaries between phases instead of transcripts.
public struct HandOffSavings: Sendable, Hashable, Codable {
    /// One earlier phase's tokens either way.
    public struct Phase: Sendable, Hashable, Codable {
        /// The phase's name.
        public var phase: String
        /// Tokens of its transcript (each message counted on its own).
        public var transcriptTokens: Int
        /// Tokens of its hand-off summary.
        public var summaryTokens: Int

        private enum CodingKeys: String, CodingKey {
            case phase
            case transcriptTokens
            case summaryTokens
        }

        /// A phase's counts.
        public init(phase: String, transcriptTokens: Int, summaryTokens: Int) {
            self.phase = phase
            self.transcriptTokens = transcriptTokens
            self.summaryTokens = summaryTokens
        }
    }

    /// Each earlier phase, in order.
    public var phases: [Phase]

    /// Savings over `phases`.
    public init(phases: [Phase]) { self.phases = phases }

    /// Tokens of every transcript.
    public var transcriptTokens: Int { phases.reduce(0) { $0 + $1.transcriptTokens } }
    /// Tokens of every summary.
    public var summaryTokens: Int { phases.reduce(0) { $0 + $1.summaryTokens } }
    /// How many times smaller the summaries are (transcripts ÷ summaries); nil when the summaries are empty.
    public var ratio: Double? { ContextRatio.of(transcriptTokens, summaryTokens) }
}

/// `without ÷ with`, or nil when `with` is 0.
enum ContextRatio {
    static func of(_ without: Int, _ with: Int) -> Double? { with > 0 ? Double(without) / Double(with) : nil }
}
