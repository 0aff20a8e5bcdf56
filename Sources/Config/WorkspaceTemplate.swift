/// A starter workspace `orchestrator init` writes: an intake, agent overrides, a policy and a skill.
public struct WorkspaceTemplate: Sendable {
    public var name: String
    /// File contents by workspace-relative path.
    public var files: [String: String]

    /// The templates the binary carries (copies of `examples/`), by name.
    public static var all: [WorkspaceTemplate] {
        var byName: [String: [String: String]] = [:]
        for (key, text) in EmbeddedResources.templates {
            guard let slash = key.firstIndex(of: "/") else { continue }
            let name = String(key[..<slash])
            byName[name, default: [:]][String(key[key.index(after: slash)...])] = text
        }
        return byName.keys.sorted().map { WorkspaceTemplate(name: $0, files: byName[$0] ?? [:]) }
    }

    /// The template with this name.
    public static func named(_ name: String) -> WorkspaceTemplate? {
        all.first { $0.name == name }
    }
}
