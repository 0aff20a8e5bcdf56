/// Why a tool call was refused or failed; the message is written for the model and the user alike.
public enum ToolError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownTool(String)
    case unknownAction(tool: String, action: String)
    /// The arguments fail the action's schema: each violation with its JSON pointer.
    case invalidArguments(tool: String, action: String, violations: [String])
    /// A path leaves the working copy (`..`, absolute, or through a symlink).
    case pathEscapesWorkingCopy(String)
    /// A command or subcommand is not on the tool's allow-list.
    case notAllowed(String)
    case timedOut(seconds: Double)
    case resourceLimit(String)
    /// Something the tool needs is not installed; the text says how to install it.
    case unavailable(String)
    case failed(String)

    public var description: String {
        switch self {
        case .unknownTool(let id): return "unknown tool '\(id)'"
        case .unknownAction(let tool, let action): return "tool '\(tool)' has no action '\(action)'"
        case .invalidArguments(let tool, let action, let violations):
            return "invalid arguments for \(tool).\(action): " + violations.joined(separator: "; ")
        case .pathEscapesWorkingCopy(let path): return "path '\(path)' leaves the working copy"
        case .notAllowed(let text): return "not allowed: \(text)"
        case .timedOut(let seconds): return "timed out after \(seconds) s"
        case .resourceLimit(let text): return "resource limit reached: \(text)"
        case .unavailable(let text): return text
        case .failed(let text): return text
        }
    }
}
