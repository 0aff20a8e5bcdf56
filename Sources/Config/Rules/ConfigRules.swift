import Model

/// Rules that span several fields, which a JSON Schema cannot say.
enum ConfigRules {
    static func check(_ root: YAMLNode, kind: ConfigKind, text: SourceText) -> [Diagnostic] {
        switch kind {
        case .intake: IntakeRules.check(root)
        case .agent: AgentRules.check(root)
        case .policy: PolicyRules.check(root)
        case .skill: SkillRules.check(root)
        }
    }

    /// Reports the second and later occurrences of a string value among nodes (ids that must be unique).
    static func duplicates(
        _ nodes: [YAMLNode], code: String, describe: (String) -> String
    ) -> [Diagnostic] {
        var seen: [String: SourceRange] = [:]
        var diagnostics: [Diagnostic] = []
        for node in nodes {
            guard let value = node.string else { continue }
            if let first = seen[value] {
                diagnostics.append(
                    Diagnostic(
                        range: node.range, code: code, message: describe(value),
                        related: [.init(range: first, message: "'\(value)' is first used here")]))
            } else {
                seen[value] = node.range
            }
        }
        return diagnostics
    }
}
