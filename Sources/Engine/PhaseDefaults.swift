import Config
import Model

/// What a phase needs when the intake does not say: the artifacts its checkpoint requires.
public enum PhaseDefaults {
    /// The required artifact globs of each phase, checked at its checkpoint.
    public static func artifacts(for phase: Phase) -> [String] {
        switch phase {
        case .planning: ["docs/plan.md", "docs/requirements.md"]
        case .architecture: ["docs/architecture.md", "docs/adr/0001-*.md"]
        case .data: ["data/schema.sql", "docs/data-dictionary.md"]
        case .development: ["src/**/*.py", "tests/**/test_*.py"]
        case .qa: ["docs/qa-report.md"]
        case .documentation: ["README.md", "docs/user-guide.md"]
        }
    }

    /// How many agents of one phase run at once when the intake sets no `max_concurrent_agents`.
    public static let maxConcurrentAgents = 4
}
