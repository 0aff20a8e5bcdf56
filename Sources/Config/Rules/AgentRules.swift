import Model

/// An agent's subagents: each id is the parent's id, a dot, and a name; ids are unique.
enum AgentRules {
    static func check(_ root: YAMLNode) -> [Diagnostic] {
        guard let agent = root["agent"], let parent = agent["id"]?.string,
            let subagents = agent["subagents"]?.items
        else { return [] }
        var diagnostics: [Diagnostic] = []
        let ids = subagents.compactMap { $0["id"] }
        for node in ids {
            guard let id = node.string, !id.hasPrefix(parent + ".") else { continue }
            let name = id.split(separator: ".").last.map(String.init) ?? id
            let suggestion = "\(parent).\(name)"
            diagnostics.append(
                Diagnostic(
                    range: node.range, code: DiagnosticCode.subagentPrefix,
                    message: "subagent id '\(id)' must start with its parent's id and a dot ('\(parent).'); "
                        + "did you mean '\(suggestion)'?",
                    fixIts: [
                        FixIt(
                            title: "Rename to '\(suggestion)'", edits: [.init(range: node.range, newText: suggestion)])
                    ]))
        }
        diagnostics += ConfigRules.duplicates(ids, code: DiagnosticCode.duplicateSubagent) {
            "subagent id '\($0)' is used more than once in this agent"
        }
        return diagnostics
    }
}
