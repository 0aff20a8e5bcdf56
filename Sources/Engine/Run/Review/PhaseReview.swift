import Governance
import Model
import Snapshots
import StorePort

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A phase's review before its checkpoint: the agent whose `reviews:` lists the phase judges the phase's decisions
/// (planning, architecture) or its diff since the previous checkpoint (development), and when it requests changes
/// the agents that wrote the files answer each finding (a fix or a reasoned dismissal) before the next round, for at
/// most `review_rounds` rounds. Every round and every answer is stored with the phase attempt and is an event.
struct PhaseReview: Sendable {
    let context: EngineContext
    let team: AgentTeam

    /// What the phase's review needs to know.
    struct Subject: Sendable {
        var workflow: WorkflowRecord
        var plan: WorkflowPlan
        var phase: WorkflowPlan.PhasePlan
        var phaseRun: PhaseRunRecord
        var handOff: [String]
        var previousManifest: SnapshotManifest?
        /// The phase attempt's folder of working copies.
        var copiesRoot: String
        /// What the phase's agents changed, when the engine knows it (a merge, a lone agent's file tools).
        var known: KnownChanges?
    }

    /// How the review ended.
    enum Conclusion: Sendable {
        /// No agent reviews this phase, or reviews are off (`review_rounds: 0`).
        case none
        /// Reviewed; `changes` is what the first round was shown as changed since the previous checkpoint (the
        /// subject's known changes, or one walk's), for the checkpoint to reuse when no answer changed anything.
        case reviewed(ReviewOutcome, changes: KnownChanges?)
        /// The agents answering a round failed or blocked (or conflicted): the phase stops as an agent's would.
        case agentsStopped(failure: String?, block: String?)
    }

    static let defaultRounds = 2

    func run(_ subject: Subject, control: RunControl) async throws(EngineError) -> Conclusion {
        let rounds = subject.plan.intake.constraints?.reviewRounds ?? Self.defaultRounds
        guard rounds > 0, team.runner.mayReview(subject.phase.phase, workspace: context.layout.root) else {
            return .none
        }
        let known = changes(subject)
        // A phase whose required artifacts are missing blocks at its checkpoint anyway: nothing to review yet.
        let files = currentFiles(subject, known: known)
        guard subject.phase.artifacts.allSatisfy({ pattern in files.contains { pattern.matches($0) } }) else {
            return .none
        }
        let kind: ReviewRound.Kind = subject.phase.phase == .development ? .code : .decision
        var previous: ReviewRound?
        // What changed since the previous checkpoint, kept up to date through the answers: nil once an answer
        // changed what no tool named (then each round, and the checkpoint, walk the workspace).
        var sinceCheckpoint = known
        for round in 1...rounds {
            // The first round's file list is the one just made (a walk, at the first phase); later rounds list
            // again, after the answers.
            let (files, diff) = try reviewed(
                subject, kind: kind, known: sinceCheckpoint, listed: round == 1 ? files : nil)
            let assignment = ReviewAssignment(
                base: base(subject), kind: kind, round: round, rounds: rounds, files: files, diff: diff,
                previous: previous)
            let recorder = ActivityRecorder(context: context)
            let clock = context.clock
            let phaseRunID = subject.phaseRun.id ?? -1
            let result: ReviewResult?
            do {
                result = try await team.runner.review(assignment) { activity in
                    await AgentTeam.record(
                        activity, of: assignment.base, phaseRunID: phaseRunID, at: clock.nowMilliseconds(),
                        into: recorder)
                }
            } catch {
                result = .failed(reviewer: "reviewer", reason: "\(error)")
            }
            try await store(await recorder.finish())
            switch result {
            case nil:
                return .none
            case .failed(let reviewer, let reason)?:
                return .reviewed(
                    ReviewOutcome(
                        kind: kind, reviewer: reviewer, result: .failed, rounds: round, maxRounds: rounds,
                        reason: reason), changes: sinceCheckpoint)
            case .verdict(let verdict, _)?:
                var record = try await record(verdict, subject: subject)
                if verdict.verdict == .approve {
                    return .reviewed(
                        ReviewOutcome(
                            kind: kind, reviewer: verdict.reviewer, result: .approved, rounds: round, maxRounds: rounds),
                        changes: sinceCheckpoint
                    )
                }
                if round == rounds {
                    return .reviewed(
                        ReviewOutcome(
                            kind: kind, reviewer: verdict.reviewer, result: .unresolved, rounds: round,
                            maxRounds: rounds, findings: verdict.findingLines), changes: sinceCheckpoint)
                }
                let answered = try await answer(verdict, subject: subject, control: control)
                switch answered {
                case .answered(let round, let changes):
                    sinceCheckpoint = sinceCheckpoint.flatMap { known in
                        changes.map {
                            KnownChanges(written: known.written + $0.written, removed: known.removed + $0.removed)
                        }
                    }
                    record.round = round
                    try await update(
                        record, attempt: subject.phaseRun.attempt,
                        agents: Set(round.findings.compactMap(\.answer?.by)).sorted())
                    previous = round
                case .stopped(let failure, let block):
                    return .agentsStopped(failure: failure, block: block)
                }
            }
        }
        return .none
    }

    /// What the reviewer is shown: the phase's decision files, or the diff since the previous checkpoint.
    private func reviewed(
        _ subject: Subject, kind: ReviewRound.Kind, known: KnownChanges?, listed: [String]?
    ) throws(EngineError) -> ([String], String) {
        switch kind {
        case .decision:
            let files = (listed ?? currentFiles(subject, known: known)).filter { path in
                subject.phase.artifacts.contains { $0.matches(path) }
            }
            return (files, "")
        case .code:
            do {
                let diff = try WorkspaceDiff.since(
                    subject.previousManifest, known: known, snapshotter: context.snapshotter, objects: context.objects,
                    root: context.layout.root)
                return (diff.files, diff.text)
            } catch {
                throw EngineError(.snapshot, "cannot diff the workspace for the code review: \(error.description)")
            }
        }
    }

    /// What changed since the previous checkpoint: the subject's known changes, or found by one walk when that
    /// checkpoint's folder stamps are at hand (so its file list, the diff and the checkpoint share one walk); nil
    /// otherwise.
    private func changes(_ subject: Subject) -> KnownChanges? {
        if let known = subject.known { return known }
        guard let previous = subject.previousManifest, previous.directories != nil,
            let walked = try? context.snapshotter.changes(since: previous)
        else { return nil }
        return KnownChanges(written: walked.added + walked.modified, removed: walked.removed)
    }

    /// The workspace's files: the previous checkpoint's with the merge's paths applied when this process made that
    /// checkpoint and knows what the merge wrote (no walk of the workspace), else the workspace listed.
    private func currentFiles(_ subject: Subject, known: KnownChanges?) -> [String] {
        guard let known, let previous = subject.previousManifest, previous.directories != nil else {
            return DirectoryFiles.list(root: context.layout.root)
        }
        var files = Set(previous.entries.map(\.path))
        files.subtract(known.removed)
        files.formUnion(known.written.filter { FileManager.default.fileExists(atPath: context.layout.root + "/" + $0) })
        return files.sorted()
    }

    /// The assignment reviewers and answering agents start from: the phase as its agents had it.
    private func base(_ subject: Subject, agent: String = "", workingCopies: WorkingCopies? = nil) -> AgentAssignment {
        let plan = subject.plan
        return AgentAssignment(
            workflowID: subject.workflow.id, phase: subject.phase.phase, attempt: subject.phaseRun.attempt,
            agentID: agent, workspace: context.layout.root, intake: plan.intake,
            requiredArtifacts: subject.phase.artifacts, assignedArtifacts: [], handOff: subject.handOff,
            phaseAgentCount: 1,
            workingCopies: workingCopies
                ?? WorkingCopies(
                    workspace: context.snapshotter, objects: context.objects, root: subject.copiesRoot,
                    reference: subject.previousManifest),
            providerOverride: plan.providerOverride, budget: plan.budget,
            gates: plan.policy?.gates.map(\.gate) ?? [], policy: plan.policy,
            maxConcurrentAgents: plan.maxConcurrentAgents)
    }

    private enum Answered {
        /// The round with its answers, and every path the answers changed when the engine knows them.
        case answered(ReviewRound, changes: KnownChanges?)
        case stopped(failure: String?, block: String?)
    }

    /// Has the agents that wrote the files the findings name (the phase's lead for the rest) answer them, each in
    /// its own copy when several answer, and merges what they fixed.
    private func answer(
        _ verdict: ReviewRound, subject: Subject, control: RunControl
    ) async throws(EngineError) -> Answered {
        let owners = try await owners(of: verdict.findings, subject: subject)
        let agents = subject.phase.agents.filter { agent in owners.values.contains(agent) }
        let copies =
            agents.count > 1
            ? WorkingCopies(
                workspace: context.snapshotter, objects: context.objects,
                root: subject.copiesRoot + "/answers-\(verdict.round)", reference: subject.previousManifest)
            : nil
        let now = context.clock.nowMilliseconds()
        let runs = try await context.commit { tx, _ -> [AgentRunRecord] in
            try agents.map { agent in
                var run = AgentRunRecord(
                    phaseRunID: subject.phaseRun.id ?? -1, agent: agent, status: .pending, startedAt: now)
                try tx.insert(&run)
                return run
            }
        }
        let assignments = agents.map { agent -> AgentAssignment in
            var assignment = base(subject, agent: agent, workingCopies: copies)
            assignment.phaseAgentCount = agents.count
            var mine = verdict
            mine.findings = verdict.findings.filter { owners[$0.number] == agent }
            assignment.feedback = mine
            return assignment
        }
        let results = await team.run(
            Array(zip(assignments, runs)), limit: subject.plan.maxConcurrentAgents, control: control)
        if let failure = results.compactMap(\.failure).first { return .stopped(failure: failure, block: nil) }
        if let block = results.compactMap(\.block).first { return .stopped(failure: nil, block: block) }
        // A merge names every path the copies changed; agents in the workspace itself, what their tools named.
        var changes: KnownChanges? = results.reduce(KnownChanges()) { sum, result in
            sum.flatMap { sum in result.changes.map { KnownChanges(written: sum.written + $0.written) } }
        }
        if let copies, await copies.isUsed {
            do {
                switch try await copies.merge() {
                case .conflicts(let conflicts):
                    let listed = conflicts.map { "\($0.path) (\($0.agents.joined(separator: ", ")))" }
                    return .stopped(
                        failure: nil,
                        block: "agents answering the review changed the same path differently: "
                            + listed.joined(separator: "; "))
                case .merged(let written, let removed):
                    changes = KnownChanges(written: written, removed: removed)
                }
            } catch {
                throw EngineError(.snapshot, "cannot merge the answering agents' copies: \(error.description)")
            }
        }
        var answered = verdict
        for result in results {
            for index in answered.findings.indices where owners[answered.findings[index].number] == result.agent {
                answered.findings[index].answer = result.answers[answered.findings[index].number]
            }
        }
        return .answered(answered, changes: changes)
    }

    /// Which phase agent answers each finding: the one whose team wrote its file in this attempt, else the lead.
    private func owners(of findings: [ReviewFinding], subject: Subject) async throws(EngineError) -> [Int: String] {
        let phase = subject.phase
        let attempt = subject.phaseRun.attempt
        let workflowID = subject.workflow.id
        let writers = try await context.read { tx in
            try tx.events(workflowID: workflowID).filter {
                $0.kind == .artifactWritten && $0.phase == phase.phase && $0.attempt == attempt
            }.compactMap { event -> (String, String)? in
                guard let path = event.path, let agent = event.agent else { return nil }
                return (path, agent)
            }
        }
        var byPath: [String: String] = [:]
        for (path, writer) in writers {
            if let agent = phase.agents.first(where: { writer == $0 || writer.hasPrefix($0 + ".") }) {
                byPath[path] = agent
            }
        }
        let lead = phase.agents.first ?? ""
        return Dictionary(uniqueKeysWithValues: findings.map { ($0.number, $0.file.flatMap { byPath[$0] } ?? lead) })
    }

    private func store(_ items: [ActivityRecorder.Item]) async throws(EngineError) {
        guard !items.isEmpty else { return }
        try await context.commit { tx, published in try ActivityRecorder.store(items, in: tx, published: &published) }
    }

    /// Stores a round's verdict and its event.
    private func record(_ verdict: ReviewRound, subject: Subject) async throws(EngineError) -> ReviewRecord {
        let now = context.clock.nowMilliseconds()
        return try await context.commit { tx, published in
            var record = ReviewRecord(
                workflowID: subject.workflow.id, phaseRunID: subject.phaseRun.id ?? -1, phase: subject.phase.phase,
                round: verdict, createdAt: now)
            try tx.insert(&record)
            published.append(
                try tx.append(
                    WorkflowEvent(
                        workflowID: subject.workflow.id, kind: .reviewRound, timestamp: now,
                        phase: subject.phase.phase, attempt: subject.phaseRun.attempt, agent: verdict.reviewer,
                        message: verdict.summary, review: verdict)))
            return record
        }
    }

    /// Stores the answers a round got and their event.
    private func update(_ record: ReviewRecord, attempt: Int, agents: [String]) async throws(EngineError) {
        let now = context.clock.nowMilliseconds()
        try await context.commit { tx, published in
            try tx.update(record)
            let answered = record.round.findings.filter { $0.answer != nil }.count
            published.append(
                try tx.append(
                    WorkflowEvent(
                        workflowID: record.workflowId, kind: .reviewAnswered, timestamp: now, phase: record.phase,
                        attempt: attempt, agent: agents.joined(separator: ", "),
                        message: "\(answered) of \(record.round.findings.count) finding(s) answered",
                        review: record.round)))
        }
    }
}
