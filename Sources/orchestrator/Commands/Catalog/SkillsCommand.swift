import ArgumentParser
import Engine

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `orchestrator skills`: the built-in skills and the workspace's `skills/*.yaml`, and which apply to a task.
struct SkillsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skills", abstract: "List, show and match skills (built in and skills/*.yaml).",
        subcommands: [SkillsList.self, SkillsShow.self, SkillsMatch.self])
}

/// `orchestrator skills list`.
struct SkillsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List every skill.")

    @OptionGroup var options: WorkspaceOptions

    func run() async throws {
        let report = SkillCatalogReport.load(workspace: options.root)
        if options.json { return try JSONOutput.print(report) }
        var table = Table(header: ["ID", "VERSION", "TRIGGERS"])
        for skill in report.skills {
            table.rows.append([skill.id, skill.version, skill.triggers.joined(separator: ", ")])
        }
        print(table.render(), terminator: "")
        for error in report.errors { StandardError.write(error + "\n") }
        if !report.errors.isEmpty { throw ExitStatus(1) }
    }
}

/// `orchestrator skills show ID`.
struct SkillsShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a skill: triggers and methodology.")

    @Argument(help: "The skill id.") var id: String
    @OptionGroup var options: WorkspaceOptions

    func run() async throws {
        let skill = try await engineCall { () async throws(EngineError) in
            try SkillCatalogReport.skill(id: id, workspace: options.root)
        }
        if options.json { return try JSONOutput.print(skill) }
        var text = "\(skill.id) \(skill.version)" + (skill.name.map { " (\($0))" } ?? "") + "\n"
        if let description = skill.description { text += "  \(description)\n" }
        text += "  triggers: \(skill.triggers.joined(separator: ", "))\n"
        if !skill.phases.isEmpty { text += "  phases:   \(skill.phases.map(\.rawValue).joined(separator: ", "))\n" }
        if !skill.tools.isEmpty { text += "  tools:    \(skill.tools.joined(separator: ", "))\n" }
        if skill.versions.count > 1 { text += "  versions: \(skill.versions.joined(separator: ", "))\n" }
        text += "  methodology:\n"
        for (index, step) in skill.methodology.enumerated() {
            text += "    \(index + 1). \(step.step)" + (step.description.map { ": \($0)" } ?? "") + "\n"
        }
        print(text, terminator: "")
    }
}

/// `orchestrator skills match TEXT`.
struct SkillsMatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match", abstract: "The skills whose triggers match a task text, best first.")

    @Argument(help: "The task text.") var text: String
    @OptionGroup var options: WorkspaceOptions

    func run() async throws {
        let matches = SkillCatalogReport.match(text, workspace: options.root)
        if options.json { return try JSONOutput.print(SkillMatchOutput(matches: matches)) }
        guard !matches.isEmpty else {
            print("no skill matches")
            throw ExitStatus(1)
        }
        var table = Table(header: ["ID", "VERSION", "SCORE", "WHY"])
        for match in matches {
            table.rows.append([
                match.id, match.version, String(match.score), match.reasons.joined(separator: "; "),
            ])
        }
        print(table.render(), terminator: "")
    }
}

/// The JSON of `skills match` (the shape of `skills/match`).
struct SkillMatchOutput: Encodable {
    var matches: [SkillCatalogReport.Match]
}
