/// Whether documents are sent whole where they fit, or only ever as summaries.
public enum ContextLoadingMode: String, Sendable, Hashable, Codable {
    /// Whole documents best first while they fit; summaries for the rest while those fit.
    case fullFirst = "full_first"
    /// Summaries (or the document, where that is smaller); the agent reads the rest through `file_system`.
    case summariesOnly = "summaries_only"
}

/// Chooses what of the workspace goes into an agent's prompt and measures what each strategy saves.
///
/// Pure: the same inputs give the same selection. Token counts come from `estimate`, by default
/// `ApproximateTokens.count`; the engine passes its shared estimator so the allotment matches its budgets.
public struct ContextOptimizer: Sendable {
    /// Counts tokens of prompt text.
    public var estimate: @Sendable (String) -> Int
    /// Ranks documents by relevance to the task.
    public var ranker: RelevanceRanker
    /// Outlines documents that are not sent whole.
    public var summarizer: DocumentSummarizer

    /// An optimiser counting with `estimate`, whose summaries take at most `summaryTokens`.
    public init(
        estimate: @escaping @Sendable (String) -> Int = ApproximateTokens.count, summaryTokens: Int = 200,
        ranker: RelevanceRanker = RelevanceRanker()
    ) {
        self.estimate = estimate
        self.ranker = ranker
        self.summarizer = DocumentSummarizer(maxTokens: summaryTokens, estimate: estimate)
    }

    /// The documents to send for `task` within `allotment` tokens, most relevant first.
    ///
    /// In `.fullFirst` mode a document sharing a word with the task is sent whole if its block still fits
    /// (a larger one is skipped, not cut, and smaller ones after it may still fit). Then, in rank order, every
    /// document not yet sent gets its summary if that fits, or is sent whole instead when its summary would
    /// not be smaller; the rest are omitted. So a document sharing no word with the task, or any document in
    /// `.summariesOnly` mode, is sent whole only where that is cheaper than its summary. `summaries` supplies
    /// ready summaries by path (from a `SummaryCache`); the others are made here. The blocks' tokens never add
    /// up to more than `allotment`.
    public func select(
        task: String, documents: [ContextDocument], allotment: Int, mode: ContextLoadingMode = .fullFirst,
        summaries: [String: DocumentSummary] = [:]
    ) -> ContextSelection {
        let ranked = ranker.rank(task: task, documents: documents)
        var remaining = max(allotment, 0)
        var entries: [ContextEntry] = []
        var summaryBlocks: [String] = []
        for candidate in ranked {
            let document = candidate.document
            let fullBlock = ContextBlock.full(document)
            let summary = summaries[document.path] ?? summarizer.summarize(document)
            let summaryBlock = ContextBlock.summary(summary, path: document.path)
            let entry = ContextEntry(
                path: document.path, score: candidate.score, form: .omitted, fullTokens: estimate(fullBlock),
                summaryTokens: estimate(summaryBlock), text: "")
            if mode == .fullFirst && candidate.score > 0 && entry.fullTokens <= remaining {
                remaining -= entry.fullTokens
                entries.append(with(entry, form: .full, text: fullBlock))
            } else {
                entries.append(entry)
            }
            summaryBlocks.append(summaryBlock)
        }
        for index in entries.indices where entries[index].form == .omitted {
            let entry = entries[index]
            // A short document's summary (with its note) can outweigh the document: then send the document.
            let (form, tokens, text) =
                entry.summaryTokens < entry.fullTokens
                ? (ContextForm.summary, entry.summaryTokens, summaryBlocks[index])
                : (ContextForm.full, entry.fullTokens, ContextBlock.full(ranked[index].document))
            guard tokens <= remaining else { continue }
            remaining -= tokens
            entries[index] = with(entry, form: form, text: text)
        }
        return ContextSelection(allotment: max(allotment, 0), entries: entries)
    }

    /// Tokens the next phase would read as earlier phases' transcripts against their hand-off summaries.
    public func handOff(_ phases: [PhaseHandOff]) -> HandOffSavings {
        HandOffSavings(
            phases: phases.map { phase in
                HandOffSavings.Phase(
                    phase: phase.phase, transcriptTokens: phase.transcript.reduce(0) { $0 + estimate($1) },
                    summaryTokens: estimate(phase.summary))
            })
    }

    private func with(_ entry: ContextEntry, form: ContextForm, text: String) -> ContextEntry {
        var changed = entry
        changed.form = form
        changed.text = text
        return changed
    }
}
