/// The Claude Code permission rules (`--allowedTools`) that stand for the tools a request offers.
///
/// Our tool definitions are named `<tool>__<action>`; Claude Code runs its own tools, so each of ours becomes
/// the narrowest rules that let Claude Code do the same work:
///
/// - `file_system`: reading actions (`read`, `list`, `glob`, `search`, …) → `Read`, `Glob`, `Grep`, `LS`; any
///   other action writes → `Read`, `Write`, `Edit` (Claude Code edits only files it has read).
/// - `git`: `status`, `diff`, `log`, `show`, `add`, `commit`, `branch`, `tag` → `Bash(git <action>:*)`, only the
///   actions offered. Other git actions (push, reset, checkout, …) have no rule: they are reported as unmapped.
/// - `python_executor` → `Bash(python3:*)`.
/// - `duckdb` → `Bash(duckdb:*)`, the DuckDB command line only: granting `python3` for SQL would hand out a
///   general interpreter the agent was not given. An agent that also has `python_executor` can use the
///   `duckdb` Python module that way.
/// - `linter` → the checkers themselves (`ruff check`, `ruff format --check`, `flake8`), not a shell.
/// - `visualization` → `Read`, `Write`, `Edit`: charts are written as specification files (Vega-Lite JSON,
///   SVG, Mermaid); rendering them through Python needs `python_executor`.
public struct ClaudeCodeToolMapping: Sendable, Hashable {
    /// The rules for `--allowedTools`, without repeats: file tools first in a fixed order, then the rest as met.
    public var allowedTools: [String]
    /// Tool names no rule stands for (an unknown tool, or an action Claude Code is not given), in request order.
    public var unmappedTools: [String]

    /// The separator between a tool id and its action in a tool definition's name.
    public static let actionSeparator = "__"

    /// Maps tool definition names (`file_system__write`, `git__commit`, …).
    public init(toolNames: [String]) {
        var rules: [String] = []
        var unmapped: [String] = []
        for name in toolNames {
            let (tool, action) = Self.split(name)
            guard let mapped = Self.rules(tool: tool, action: action) else {
                if !unmapped.contains(name) { unmapped.append(name) }
                continue
            }
            for rule in mapped where !rules.contains(rule) { rules.append(rule) }
        }
        let fileRules = Self.fileToolOrder.filter(rules.contains)
        self.allowedTools = fileRules + rules.filter { !Self.fileToolOrder.contains($0) }
        self.unmappedTools = unmapped
    }

    /// Whether Claude Code may change files, so the run needs `--permission-mode acceptEdits`.
    public var allowsEdits: Bool { allowedTools.contains("Write") || allowedTools.contains("Edit") }

    /// The rules for one tool id and action; `nil` when Claude Code is given nothing for it.
    public static func rules(tool: String, action: String) -> [String]? {
        switch tool {
        case "file_system":
            return readingFileActions.contains(action) ? ["Read", "Glob", "Grep", "LS"] : ["Read", "Write", "Edit"]
        case "git":
            return gitActions.contains(action) ? ["Bash(git \(action):*)"] : nil
        case "python_executor":
            return ["Bash(python3:*)"]
        case "duckdb":
            return ["Bash(duckdb:*)"]
        case "linter":
            return ["Bash(ruff check:*)", "Bash(ruff format --check:*)", "Bash(flake8:*)"]
        case "visualization":
            return ["Read", "Write", "Edit"]
        default:
            return nil
        }
    }

    /// The tool id and action of a definition name; a name without the separator is a tool with no action.
    static func split(_ name: String) -> (tool: String, action: String) {
        let parts = name.split(separator: actionSeparator, maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return (name, "") }
        return (String(parts[0]), String(parts[1]))
    }

    static let fileToolOrder = ["Read", "Write", "Edit", "Glob", "Grep", "LS"]
    static let readingFileActions: Set<String> = [
        "read", "list", "glob", "search", "grep", "find", "stat", "exists", "tree", "info",
    ]
    static let gitActions: Set<String> = ["status", "diff", "log", "show", "add", "commit", "branch", "tag"]
}
