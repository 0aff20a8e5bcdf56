import JSON
import Model

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The offline provider's next turn in each kind of conversation: an agent's work, a reviewer's round, an agent's
/// answers to review findings.
struct OfflineScript {
    let request: ModelRequest
    let history: OfflineHistory
    let messageID: String

    private var brief: TaskBrief { request.brief }
    private var offered: Set<String> { Set(request.tools.map(\.name)) }

    private func toolUse(_ index: Int, _ name: String, _ input: JSONValue) -> ContentBlock {
        .toolUse(id: OfflineProvider.toolUseID(messageID, index), name: name, input: input)
    }

    /// The work of a phase agent or a subagent: tests (qa), delegations, its own files, the summary.
    func workTurn() -> ([ContentBlock], StopReason) {
        let author = OfflineAuthor(brief: brief, testRun: history.testRun)
        let team = OfflineTeamPlan(phase: brief.phase, paths: brief.artifactPaths, subagents: request.subagents)
        // The QA lead runs the suite once; its subagents write their parts from the lead's hand-off.
        if brief.phase == .qa && brief.delegatedBy == nil && !history.called(OfflineProvider.runFunction)
            && !history.called(OfflineProvider.writeFunction) && offered.contains(OfflineProvider.runFunction)
        {
            return (
                [
                    .text("Running the test suite before writing the QA report."),
                    toolUse(0, OfflineProvider.runFunction, ["code": .string(OfflineAuthor.testRunnerScript)]),
                ], .toolUse
            )
        }
        if !team.delegations.isEmpty && offered.contains(RuntimeTools.delegate)
            && !history.called(RuntimeTools.delegate)
        {
            var content: [ContentBlock] = [
                .text("Delegating to " + team.delegations.map(\.subagent).joined(separator: ", ") + ".")
            ]
            for (index, delegation) in team.delegations.enumerated() {
                content.append(
                    toolUse(
                        index, RuntimeTools.delegate,
                        [
                            "subagent": .string(delegation.subagent), "task": .string(delegation.task),
                            "paths": .array(delegation.paths.map { .string($0) }),
                        ]))
            }
            return (content, .toolUse)
        }
        // Without the delegate tool the agent keeps every file; with it, the files it handed out are its subagents'.
        let delegating = offered.contains(RuntimeTools.delegate)
        let delegated = delegating ? team.delegations : []
        let own = delegating ? team.ownPaths : brief.artifactPaths
        if !history.called(OfflineProvider.writeFunction) && !own.isEmpty
            && offered.contains(OfflineProvider.writeFunction)
        {
            var files = own.map { ($0, author.content(for: $0)) }
            if let coverage = history.testRun?.coverage {
                files.append((OfflineAuthor.coverageReportPath, coverage.lcov))
            }
            var content: [ContentBlock] = [.text("Writing \(files.map(\.0).joined(separator: ", ")).")]
            for (index, file) in files.enumerated() {
                content.append(
                    toolUse(
                        index, OfflineProvider.writeFunction,
                        ["path": .string(file.0), "content": .string(file.1)]))
            }
            return (content, .toolUse)
        }
        let summary = author.summary(
            failures: history.failures, canWrite: offered.contains(OfflineProvider.writeFunction), written: own,
            delegated: delegated.map { ($0.subagent, $0.paths) })
        return ([.text(summary)], .endTurn)
    }

    /// A reviewer's round: read the files under review, submit the verdict, end.
    func reviewTurn(_ review: ReviewBrief) -> ([ContentBlock], StopReason) {
        let reviewer = OfflineReviewer(review: review, requirements: brief.requirements)
        if review.kind == .decision && !review.files.isEmpty && offered.contains(OfflineProvider.readFunction)
            && !history.called(OfflineProvider.readFunction)
        {
            var content: [ContentBlock] = [.text("Reading the decisions under review.")]
            for (index, file) in review.files.enumerated() {
                content.append(toolUse(index, OfflineProvider.readFunction, ["path": .string(file)]))
            }
            return (content, .toolUse)
        }
        if !history.called(RuntimeTools.submitReview) && offered.contains(RuntimeTools.submitReview) {
            var contents = history.readFiles
            for file in review.files where contents[file] == nil {
                // Not offered file_system: the files are read as they are, from the reviewer's copy.
                if let data = FileManager.default.contents(atPath: request.workingDirectory + "/" + file) {
                    contents[file] = String(decoding: data, as: UTF8.self)
                }
            }
            let verdict = reviewer.verdict(reviewer.findings(contents: contents), reviewer: brief.agentID)
            return ([.text("Submitting the verdict."), toolUse(0, RuntimeTools.submitReview, verdict)], .toolUse)
        }
        let verdict = history.inputs.values.first { $0["verdict"] != nil }
        let text =
            verdict?["summary"]?.stringValue
            ?? "\(brief.agentID) reviewed round \(review.round) (offline, no model called)"
        return ([.text(text)], .endTurn)
    }

    /// An agent's answers to a round's findings, then its summary.
    func answerTurn(_ feedback: ReviewRound) -> ([ContentBlock], StopReason) {
        if !history.called(RuntimeTools.answerFindings) && offered.contains(RuntimeTools.answerFindings) {
            return (
                [
                    .text("Answering \(feedback.findings.count) finding(s) of \(feedback.reviewer)."),
                    toolUse(
                        0, RuntimeTools.answerFindings, OfflineReviewer.answers(to: feedback, agent: brief.agentID)),
                ], .toolUse
            )
        }
        let text =
            "\(brief.agentID) answered \(feedback.findings.count) finding(s) of \(feedback.reviewer), round "
            + "\(feedback.round) (offline, no model called)"
        return ([.text(text)], .endTurn)
    }
}
