import Config
import Glibc
import Governance
import Model

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Runs a skill step's checks in an agent's directory, as the gates they are shaped like: a command only if the
/// effective policy allows its program (run in the sandbox), or a built-in validator over the directory's files.
struct StepCheckRunner: Sendable {
    /// A check that did not pass, and what it said.
    struct Failure: Sendable, Hashable {
        var step: String
        var check: String
        var detail: String

        /// For the agent and the event log: `step 'skill: step' check 'id' failed: …`.
        var description: String { "step '\(step)' check '\(check)' failed: \(detail)" }
    }

    let policy: EffectivePolicy
    let directory: String
    let phase: Phase

    /// Runs the step's checks in order; the first that does not pass is the failure.
    func run(_ step: SkillPlan.Step) async -> Failure? {
        guard !step.checks.isEmpty else { return nil }
        let evaluator = GateEvaluator(policy: policy)
        let context = GateContext(workspace: directory, phase: phase, files: DirectoryFiles.list(root: directory))
        for check in step.checks {
            let result = await evaluator.evaluate(check.gate, in: context)
            guard result.status == .passed || result.status == .waived else {
                let located = result.findings.prefix(5).map { finding in
                    (finding.file.map { file in finding.range.map { "\(file):\($0.start.line + 1): " } ?? "\(file): " }
                        ?? "") + finding.message
                }
                let detail = ([result.message] + located).joined(separator: "; ")
                return Failure(step: step.name, check: check.id, detail: detail)
            }
        }
        return nil
    }
}

/// The regular files of a directory, workspace-relative and sorted, outside hidden folders (`.orchestrator/`,
/// `.git/`), symbolic links not followed: what a check's validators and globs see.
enum DirectoryFiles {
    static func list(root: String, limit: Int = 20_000) -> [String] {
        var files: [String] = []
        var folders = [""]
        while let folder = folders.popLast(), files.count < limit {
            let absolute = folder.isEmpty ? root : root + "/" + folder
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: absolute)) ?? [])
            where !name.hasPrefix(".") {
                let relative = folder.isEmpty ? name : folder + "/" + name
                // lstat, not FileManager's attributes (a dictionary of a dozen values per name): a review lists
                // every file of the workspace.
                var status = stat()
                guard lstat(root + "/" + relative, &status) == 0 else { continue }
                switch status.st_mode & S_IFMT {
                case S_IFDIR: folders.append(relative)
                case S_IFREG: files.append(relative)
                default: continue
                }
            }
        }
        return files.sorted()
    }
}
