import Config
import Model
import Snapshots
import StorePort
import Tokens

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What `budget context` and `budget/context` return: tokens sent with and without each context strategy.
public struct ContextReportResult: Sendable, Encodable {
    public var workflow: String
    /// The token allotment selective loading fills.
    public var allotment: Int
    /// Workspace documents considered (text files outside `.orchestrator/`).
    public var documents: Int
    public var report: ContextReport
}

/// Measures what each context strategy saves on a workflow, and lists the documents agents' context is drawn from.
struct ContextService: Sendable {
    let context: EngineContext

    /// Measures the four context strategies on a workflow: selective loading and summaries over the workspace's
    /// documents for the intake's task, hand-off summaries against the transcripts the agents had, and the
    /// prompt cache over the calls in the ledger.
    func report(workflowID: String?, allotment: Int) async throws(EngineError) -> ContextReportResult {
        guard allotment > 0 else { throw EngineError(.invalidState, "the allotment must be at least 1 token") }
        let (workflow, phases, calls) = try await context.read { tx in
            let workflow = try context.workflow(workflowID, in: tx)
            var phases: [HandOffSavings.Phase] = []
            for phase in workflow.phases {
                let runs = try tx.phaseRuns(workflowID: workflow.id).filter { $0.phase == phase }
                guard let latest = runs.max(by: { $0.attempt < $1.attempt }), let id = latest.id else { continue }
                let agents = try tx.agentRuns(phaseRunID: id)
                let transcripts = agents.compactMap(\.transcriptTokens).reduce(0, +)
                guard transcripts > 0 else { continue }
                let summaries = agents.compactMap(\.summary).map(ApproximateTokens.count).reduce(0, +)
                phases.append(
                    HandOffSavings.Phase(phase: phase.rawValue, transcriptTokens: transcripts, summaryTokens: summaries)
                )
            }
            return (
                workflow, phases, UsageReport(entries: try BudgetService.ledger(of: workflow.id, in: tx)).total.calls
            )
        }
        let plan = try WorkflowCreator.plan(of: workflow)
        let layout = context.layout
        let documents = try contextDocuments()
        let cache = SummaryCache(directory: layout.stateDirectory + "/cache/summaries")
        let summarizer = DocumentSummarizer()
        var summaries: [String: DocumentSummary] = [:]
        for document in documents {
            let key = ObjectHash.of(contents: Array(document.text.utf8)).hex
            summaries[document.path] = try? await cache.summary(of: document, key: key, using: summarizer)
        }
        let task = plan.intake.requirements.joined(separator: "\n")
        let optimizer = ContextOptimizer()
        let selection = optimizer.select(task: task, documents: documents, allotment: allotment, summaries: summaries)
        // Progressive expansion on its own: every document as its summary first, full text on demand.
        let summarized = optimizer.select(
            task: task, documents: documents, allotment: Int.max / 2, mode: .summariesOnly, summaries: summaries)
        // The stable prefix each call sends: the system prompts of the agents that ran, on average.
        let catalog = AgentCatalog.load(workspace: layout.root).catalog
        let prompts = Set(plan.phases.flatMap(\.agents)).compactMap { catalog.agent(id: $0) }
            .map { ApproximateTokens.count((try? catalog.systemPrompt(of: $0)) ?? "") }
        let prefix = prompts.isEmpty ? 0 : prompts.reduce(0, +) / prompts.count
        let handOff = HandOffSavings(phases: phases)
        let promptCache = PromptCacheSavings(prefixTokens: prefix, calls: calls)
        let report = ContextReport(
            selection: selection, summarized: summarized, handOff: handOff, promptCache: promptCache,
            summaryCache: await cache.stats)
        return ContextReportResult(
            workflow: workflow.id, allotment: allotment, documents: documents.count, report: report)
    }

    /// The workspace's text files (UTF-8, at most 256 KiB each), outside `.orchestrator/`, `.git/` and hidden
    /// folders: what the snapshots see, listed without storing anything.
    func contextDocuments() throws(EngineError) -> [ContextDocument] {
        let paths: [String]
        do {
            paths = try context.snapshotter.changes(since: SnapshotManifest(entries: [], createdAt: 0)).added
        } catch {
            throw EngineError(.snapshot, error.description)
        }
        return paths.sorted().compactMap { relative in
            guard !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }),
                let data = FileManager.default.contents(atPath: context.layout.root + "/" + relative),
                data.count <= 256 << 10,
                let text = String(validating: data, as: UTF8.self)
            else { return nil }
            return ContextDocument(path: relative, text: text)
        }
    }
}
