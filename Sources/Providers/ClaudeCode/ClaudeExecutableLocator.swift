#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the `claude` executable: an explicit choice, then `ORCHESTRATOR_CLAUDE_EXECUTABLE`, then `claude` on `PATH`.
///
/// Resolved before the run so a missing CLI is a `notConfigured` error that says how to fix it,
/// not a spawn failure.
public enum ClaudeExecutableLocator {
    /// The environment variable that points at the executable when the configuration names none.
    public static let environmentVariable = "ORCHESTRATOR_CLAUDE_EXECUTABLE"

    /// The absolute (or caller-relative) path of the executable to run.
    public static func locate(explicit: String?, environment: [String: String]) throws(ProviderError) -> String {
        if let explicit, !explicit.isEmpty {
            return try resolve(explicit, environment: environment, origin: "the claude-code configuration")
        }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            return try resolve(fromEnvironment, environment: environment, origin: environmentVariable)
        }
        if let found = search("claude", path: environment["PATH"]) { return found }
        throw .notConfigured(
            "claude-code: no `claude` executable on PATH. Install Claude Code "
                + "(`npm install -g @anthropic-ai/claude-code`, then run `claude` once to log in), "
                + "or set \(environmentVariable) to the executable's path.")
    }

    private static func resolve(
        _ choice: String, environment: [String: String], origin: String
    ) throws(ProviderError) -> String {
        if choice.contains("/") {
            guard isExecutableFile(choice) else {
                throw .notConfigured(
                    "claude-code: \(choice) (from \(origin)) is not an executable file. Point it at the `claude` "
                        + "executable, or install Claude Code (`npm install -g @anthropic-ai/claude-code`).")
            }
            return choice
        }
        guard let found = search(choice, path: environment["PATH"]) else {
            throw .notConfigured(
                "claude-code: no `\(choice)` executable (from \(origin)) on PATH. Give its full path, or install "
                    + "Claude Code (`npm install -g @anthropic-ai/claude-code`).")
        }
        return found
    }

    /// The first executable `name` in the `PATH` directories; empty entries (the current directory) are skipped
    /// so a file in the agent's working copy can never stand in for the CLI.
    static func search(_ name: String, path: String?) -> String? {
        for directory in (path ?? "").split(separator: ":", omittingEmptySubsequences: true) {
            guard directory.hasPrefix("/") else { continue }
            let candidate = directory.hasSuffix("/") ? "\(directory)\(name)" : "\(directory)/\(name)"
            if isExecutableFile(candidate) { return candidate }
        }
        return nil
    }

    static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }
}
