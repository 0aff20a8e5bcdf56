import Config
import Model
import Providers
import Snapshots

extension AgentRuntime {
    /// One round of a phase's review by the agent whose `reviews:` lists the phase (the first by id when several
    /// do); nil when none does. The reviewer works in a copy of the workspace that is thrown away: a review changes
    /// nothing. Its activity is reported under its own id.
    public func mayReview(_ phase: Phase, workspace: String) -> Bool {
        catalog.reviewer(of: phase) != nil
    }

    public func review(
        _ assignment: ReviewAssignment, report: @escaping @Sendable (AgentActivity) async -> Void
    ) async throws -> ReviewResult? {
        let phase = assignment.base.phase
        guard let config = catalog.reviewer(of: phase) else { return nil }
        var base = assignment.base
        base.agentID = config.id
        base.assignedArtifacts = []
        base.feedback = nil
        let choice = self.choice(for: config, assignment: base)
        let provider: any ModelProvider
        var reviewer: AgentMember
        do {
            provider = try providers.provider(for: choice)
            reviewer = try member(for: config)
        } catch let error as ProviderError {
            return .failed(reviewer: config.id, reason: error.description)
        } catch {
            return .failed(reviewer: config.id, reason: "\(error)")
        }
        // A reviewer judges the team's work; it does not hand the judging on.
        reviewer.subagents = []
        let reviewerID = config.id
        var session = RuntimeSession(
            runtime: self, assignment: base, provider: provider, model: choice.model,
            report: { activity in await report(.by(agent: reviewerID, activity)) })
        session.review = ReviewBrief(
            kind: assignment.kind, round: assignment.round, rounds: assignment.rounds, files: assignment.files,
            diff: assignment.diff, previous: assignment.previous)
        let scratch = base.workingCopies.map { copies in
            WorkingCopies(
                workspace: copies.workspace, objects: copies.objects,
                root: copies.root + "/review-\(assignment.round)", reference: copies.reference)
        }
        let directory: String
        if let scratch {
            do {
                directory = try await scratch.checkout(for: reviewerID)
            } catch {
                return .failed(reviewer: reviewerID, reason: "cannot make a working copy: \(error.description)")
            }
        } else {
            directory = base.workspace
        }
        let result = await session.runMember(reviewer, in: directory)
        if let scratch { try? WorkingCopies.removeTree(scratch.root) }
        switch result.outcome.status {
        case .completed:
            guard let verdict = result.verdict else {
                return .failed(reviewer: reviewerID, reason: "\(reviewerID) ended without a verdict")
            }
            return .verdict(
                ReviewRound(
                    kind: assignment.kind, reviewer: reviewerID, round: assignment.round, rounds: assignment.rounds,
                    verdict: verdict.verdict, findings: verdict.findings,
                    summary: verdict.summary ?? result.outcome.summary),
                steps: result.outcome.steps)
        case .blocked(let reason), .failed(let reason):
            return .failed(reviewer: reviewerID, reason: reason)
        }
    }
}
