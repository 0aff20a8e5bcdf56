import Model

/// How the offline agent shares its work with its subagents: deterministic, from the agent's artifacts and its
/// subagents' ids. Each subagent is handed the agent's files that are its specialty (Python to a backend, the user
/// guide to a user-docs writer, API documents to an API writer) and otherwise a file of its own on its part of the
/// work; the agent writes the rest.
struct OfflineTeamPlan {
    /// One delegation: the subagent, the task and the files it is to write.
    struct Delegation {
        var subagent: String
        var task: String
        var paths: [String]
    }

    let delegations: [Delegation]
    /// The agent's own files, after the handing out.
    let ownPaths: [String]

    init(phase: Phase, paths: [String], subagents: [SubagentDefinition]) {
        var own = paths
        var delegations: [Delegation] = []
        for subagent in subagents {
            let specialty = own.filter { Self.isSpecialty($0, of: subagent.id) }
            own.removeAll { specialty.contains($0) }
            let files = specialty.isEmpty ? [Self.roleFile(of: subagent.id, phase: phase)] : specialty
            let what =
                subagent.description.map { text -> String in
                    let trimmed = text.hasSuffix(".") ? String(text.dropLast()) : text
                    return " (" + trimmed.prefix(1).lowercased() + trimmed.dropFirst() + ")"
                } ?? ""
            delegations.append(
                Delegation(
                    subagent: subagent.id,
                    task: "Your part of the \(phase.rawValue) phase\(what): write " + files.joined(separator: ", "),
                    paths: files))
        }
        self.delegations = delegations
        self.ownPaths = own
    }

    /// Whether one of the agent's files is what a subagent specialises in, by the subagent's name.
    static func isSpecialty(_ path: String, of subagent: String) -> Bool {
        let name = subagent.split(separator: ".").last.map(String.init) ?? subagent
        let file = path.split(separator: "/").last.map { $0.lowercased() } ?? path
        switch name {
        case "backend": return path.hasSuffix(".py")
        case "user": return file == "user-guide.md" || file == "user_guide.md"
        case "api": return path.contains("/api/")
        default: return false
        }
    }

    /// The file a subagent writes on its part of the work when none of the agent's files is its specialty.
    static func roleFile(of subagent: String, phase: Phase) -> String {
        switch subagent {
        case "architect.data": "docs/architecture/data-model.md"
        case "architect.security": "docs/architecture/threat-model.md"
        case "data.ingestion": "docs/data/ingestion.md"
        case "data.transform": "docs/data/transformations.md"
        case "developer.frontend": "docs/dashboard.md"
        case "qa.unit": "docs/qa/unit-tests.md"
        case "qa.integration": "docs/qa/integration-tests.md"
        case "documentarian.api": "docs/api/reference.md"
        case "steward.security": "docs/security/\(phase.rawValue)-review.md"
        default: "docs/team/\(subagent).md"
        }
    }
}
