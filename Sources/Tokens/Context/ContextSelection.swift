/// How a document goes into the prompt: whole, as a summary, or not at all.
public enum ContextForm: String, Sendable, Hashable, Codable {
    /// The whole text.
    case full
    /// The summary, with a note that the full text can be read through the `file_system` tool.
    case summary
    /// Left out: it did not fit the allotment even as a summary.
    case omitted
}

/// One document's place in a selection: its rank, form, token counts and the text sent for it.
public struct ContextEntry: Sendable, Hashable, Codable {
    /// The document's path.
    public var path: String
    /// Its relevance score (0 when it shares no word with the task).
    public var score: Double
    /// How it is sent.
    public var form: ContextForm
    /// Tokens of its block sent whole.
    public var fullTokens: Int
    /// Tokens of its summary block.
    public var summaryTokens: Int
    /// The block sent in the prompt; empty when omitted.
    public var text: String

    private enum CodingKeys: String, CodingKey {
        case path, score, form, text
        case fullTokens
        case summaryTokens
    }

    /// An entry; `text` must be the block for `form`.
    public init(path: String, score: Double, form: ContextForm, fullTokens: Int, summaryTokens: Int, text: String) {
        self.path = path
        self.score = score
        self.form = form
        self.fullTokens = fullTokens
        self.summaryTokens = summaryTokens
        self.text = text
    }

    /// Tokens this entry adds to the prompt.
    public var tokens: Int {
        switch form {
        case .full: fullTokens
        case .summary: summaryTokens
        case .omitted: 0
        }
    }
}

/// The documents chosen for a prompt within a token allotment, best first, with what each strategy saved.
public struct ContextSelection: Sendable, Hashable, Codable {
    /// The most tokens the documents' blocks could take together.
    public var allotment: Int
    /// Every document, most relevant first.
    public var entries: [ContextEntry]

    /// A selection of `entries` made within `allotment`.
    public init(allotment: Int, entries: [ContextEntry]) {
        self.allotment = allotment
        self.entries = entries
    }

    /// The documents sent whole.
    public var full: [ContextEntry] { entries.filter { $0.form == .full } }
    /// The documents sent as summaries.
    public var summarized: [ContextEntry] { entries.filter { $0.form == .summary } }
    /// The documents left out.
    public var omitted: [ContextEntry] { entries.filter { $0.form == .omitted } }

    /// The blocks to put in the prompt, in rank order, separated by blank lines.
    public var promptText: String { entries.filter { $0.form != .omitted }.map(\.text).joined(separator: "\n\n") }

    /// Tokens the prompt's documents take (whole ones and summaries); never more than the allotment.
    public var sentTokens: Int { entries.reduce(0) { $0 + $1.tokens } }
    /// Tokens of every document sent whole: the prompt without selective loading.
    public var everythingTokens: Int { entries.reduce(0) { $0 + $1.fullTokens } }
    /// Tokens of the documents sent whole.
    public var fullTokens: Int { full.reduce(0) { $0 + $1.fullTokens } }
    /// Tokens of the summaries sent.
    public var summaryTokens: Int { summarized.reduce(0) { $0 + $1.summaryTokens } }
    /// Tokens the summarised documents would have taken whole: the cost without progressive expansion.
    public var summarizedFullTokens: Int { summarized.reduce(0) { $0 + $1.fullTokens } }
}
