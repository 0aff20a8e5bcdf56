import JSON
import Model
import Providers
import Snapshots

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Carries out an agent's `delegate` calls: each runs the named subagent through its whole lifecycle with the task
/// (and the files) the agent gave it, and hands back its summary and the paths it changed as the call's result.
///
/// The calls of one model turn run together, at most `limit` at once. One delegation works in the agent's own
/// directory; several each get a working copy of it, merged back when all have ended, with the conflict detection
/// of the phase's copies: two subagents changing one path differently leave the agent's directory as it was and
/// stop the agent blocked, naming the path.
struct Delegator: Sendable {
    let session: RuntimeSession
    let subagents: [AgentMember]
    /// What a provider needs to define the subagents itself (claude-code `--agents`).
    let definitions: [SubagentDefinition]
    let limit: Int

    /// What a turn's delegations came to.
    struct Outcome: Sendable {
        /// The tool result of each call, by tool use id.
        var results: [String: ContentBlock]
        /// Every path the subagents changed, merged into the agent's directory.
        var changedPaths: [String]
        /// Why the agent must stop: a subagent blocked, or the subagents' changes conflict.
        var blocked: String?
    }

    /// One valid call: the subagent and what it was given.
    private struct Job: Sendable {
        var id: String
        var member: AgentMember
        var delegation: Delegation
        /// The working copy's key (the subagent's id, made unique when one turn delegates to it twice).
        var key: String
    }

    func run(
        _ calls: [(id: String, input: JSONValue)], from parent: AgentMember, in directory: String
    ) async -> Outcome {
        var results: [String: ContentBlock] = [:]
        var tasks: [Job] = []
        for call in calls {
            switch parse(call.input, id: call.id, parent: parent) {
            case .success(var task):
                let repeats = tasks.filter { $0.member.id == task.member.id }.count
                task.key = repeats == 0 ? task.member.id : "\(task.member.id)-\(repeats + 1)"
                tasks.append(task)
            case .failure(let problem):
                results[call.id] = .toolResult(toolUseID: call.id, content: problem.message, isError: true)
            }
        }
        guard !tasks.isEmpty else { return Outcome(results: results, changedPaths: [], blocked: nil) }
        for task in tasks { await session.report(.delegationStarted(task.delegation)) }
        let copies = tasks.count > 1 ? session.delegationCopies(for: parent, in: directory, batch: tasks[0].id) : nil
        let outcomes = await runConcurrently(tasks, copies: copies, directory: directory)

        var blocked = outcomes.compactMap { outcome -> String? in
            if case .blocked(let reason) = outcome.status { reason } else { nil }
        }.first
        var changed: [String: [String]] = [:]
        var conflicted = false
        if let copies {
            do {
                switch try await copies.merge() {
                case .merged:
                    changed = await copies.changes
                case .conflicts(let conflicts):
                    conflicted = true
                    let listed = conflicts.map { "\($0.path) (\($0.agents.joined(separator: ", ")))" }
                    blocked =
                        blocked ?? "subagents changed the same path differently: " + listed.joined(separator: "; ")
                }
            } catch {
                conflicted = true
                blocked = blocked ?? "cannot merge the subagents' working copies: \(error.description)"
            }
        } else {
            for (task, outcome) in zip(tasks, outcomes) { changed[task.key] = outcome.changedPaths }
        }
        var everything: Set<String> = []
        for (task, outcome) in zip(tasks, outcomes) {
            var delegation = task.delegation
            delegation.summary = outcome.summary.isEmpty ? Self.reason(outcome.status) : outcome.summary
            delegation.changedPaths = (changed[task.key] ?? []).sorted()
            delegation.status = Self.status(outcome.status, conflict: conflicted)
            everything.formUnion(delegation.changedPaths)
            await session.report(.delegationEnded(delegation))
            let body: JSONValue = [
                "subagent": .string(delegation.subagent), "status": .string(delegation.status.rawValue),
                "summary": .string(delegation.summary ?? ""),
                "changedPaths": .array(delegation.changedPaths.map { .string($0) }),
            ]
            results[task.id] = .toolResult(
                toolUseID: task.id, content: body.jsonString(), isError: delegation.status != .completed)
        }
        return Outcome(results: results, changedPaths: everything.sorted(), blocked: blocked)
    }

    private func runConcurrently(_ tasks: [Job], copies: WorkingCopies?, directory: String) async -> [AgentOutcome] {
        await withTaskGroup(of: (Int, AgentOutcome).self) { group -> [AgentOutcome] in
            var outcomes: [Int: AgentOutcome] = [:]
            var next = 0
            func start(_ index: Int) {
                let task = tasks[index]
                group.addTask {
                    let place: String
                    if let copies {
                        do {
                            place = try await PhaseCostMeter.measure(.workingCopySetup) {
                                () async throws(SnapshotError) in try await copies.checkout(for: task.key)
                            }
                        } catch {
                            return (
                                index,
                                AgentOutcome(
                                    status: .failed(reason: "\(task.member.id): cannot make a working copy: \(error)"),
                                    summary: "", steps: 0)
                            )
                        }
                    } else {
                        place = directory
                    }
                    return (
                        index,
                        await session.runMember(task.member, in: place, delegatedBy: task.delegation.parent).outcome
                    )
                }
            }
            while next < min(limit, tasks.count) {
                start(next)
                next += 1
            }
            while let (index, outcome) = await group.next() {
                outcomes[index] = outcome
                if next < tasks.count {
                    start(next)
                    next += 1
                }
            }
            return tasks.indices.map {
                outcomes[$0] ?? AgentOutcome(status: .failed(reason: "not run"), summary: "", steps: 0)
            }
        }
    }

    /// The call's subagent, task and paths; a subagent the agent does not have, or a path outside its directory,
    /// is an error the model can correct.
    private func parse(_ input: JSONValue, id: String, parent: AgentMember) -> Result<Job, SubmittedVerdict.Problem> {
        let ids = subagents.map(\.id)
        guard let name = input["subagent"]?.stringValue, var member = subagents.first(where: { $0.id == name }) else {
            return .failure(
                SubmittedVerdict.Problem(message: "`subagent` must be one of: \(ids.joined(separator: ", "))"))
        }
        guard let task = input["task"]?.stringValue?.trimmedWhitespace, !task.isEmpty else {
            return .failure(SubmittedVerdict.Problem(message: "give the subagent a `task`"))
        }
        var paths: [String] = []
        for value in input["paths"]?.arrayValue ?? [] {
            guard let path = value.stringValue, Self.isInside(path) else {
                return .failure(
                    SubmittedVerdict.Problem(
                        message:
                            "`paths` must be relative paths inside the working directory, got \(value.jsonString())"))
            }
            paths.append(path)
        }
        member.artifactPaths = paths
        member.delegatedTask = task
        let delegation = Delegation(id: id, parent: parent.id, subagent: member.id, task: task, paths: paths)
        return .success(Job(id: id, member: member, delegation: delegation, key: member.id))
    }

    static func isInside(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/") && !path.split(separator: "/").contains("..")
    }

    static func status(_ status: AgentOutcome.Status, conflict: Bool) -> Delegation.Status {
        if conflict { return .blocked }
        switch status {
        case .completed: return .completed
        case .blocked: return .blocked
        case .failed: return .failed
        }
    }

    static func reason(_ status: AgentOutcome.Status) -> String {
        switch status {
        case .completed: ""
        case .blocked(let reason), .failed(let reason): reason
        }
    }
}
