import JSON

/// The subagents of a request as Claude Code's `--agents` JSON: each under a name Claude Code accepts (lowercase
/// letters, digits and hyphens: `architect.data` → `architect-data`), with its description, its prompt (the text,
/// its file's contents when it names one), its tools (Claude Code's names for the rules ours map to) and its model
/// (`inherit` when none is chosen). Claude Code's own Task tool then runs them; their messages carry the Task call's
/// id as `parent_tool_use_id`, and the Task call names the subagent, which is how usage is charged to it.
struct ClaudeCodeAgents: Sendable, Hashable {
    /// Our subagent id by the name Claude Code knows it by.
    var idsByName: [String: String]
    /// The `--agents` value; nil without subagents.
    var json: String?
    /// The permission rules the subagents need beyond the agent's own (for `--allowedTools`), in first-seen order.
    var rules: [String]

    /// The name of Claude Code's tool that runs a subagent.
    static let taskTool = "Task"

    init(_ subagents: [SubagentDefinition]) {
        var idsByName: [String: String] = [:]
        var definitions: [String: JSONValue] = [:]
        var rules: [String] = []
        for subagent in subagents {
            var name = Self.name(for: subagent.id)
            var suffix = 2
            while idsByName[name] != nil {
                name = Self.name(for: subagent.id) + "-\(suffix)"
                suffix += 1
            }
            idsByName[name] = subagent.id
            let mapping = ClaudeCodeToolMapping(toolNames: subagent.tools)
            for rule in mapping.allowedTools where !rules.contains(rule) { rules.append(rule) }
            var tools: [String] = []
            for rule in mapping.allowedTools {
                let tool = rule.split(separator: "(", maxSplits: 1).first.map(String.init) ?? rule
                if !tools.contains(tool) { tools.append(tool) }
            }
            definitions[name] = [
                "description": .string(subagent.description ?? "The \(subagent.id) subagent."),
                "prompt": .string(subagent.prompt),
                "tools": .array(tools.map { .string($0) }),
                "model": .string(subagent.model ?? "inherit"),
            ]
        }
        self.idsByName = idsByName
        self.json = definitions.isEmpty ? nil : JSONValue.object(definitions).jsonString()
        self.rules = rules
    }

    /// `architect.data` → `architect-data`: every character Claude Code does not accept in a name becomes a hyphen.
    static func name(for id: String) -> String {
        String(id.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }
}
