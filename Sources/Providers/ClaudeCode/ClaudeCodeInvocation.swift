#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The command line of one headless run, `claude -p PROMPT --output-format stream-json --verbose …`, built
/// from a request.
struct ClaudeCodeInvocation: Sendable, Hashable {
    /// Linux refuses a single argument over 128 KiB (`MAX_ARG_STRLEN`); longer text goes through stdin.
    static let argumentLimit = 100_000

    var arguments: [String]
    /// The prompt when it cannot be an argument (too long, or it would read as an option); `claude -p` reads it
    /// from stdin then.
    var standardInput: String?
    var tools: ClaudeCodeToolMapping
    /// The subagents Claude Code runs with its Task tool, passed with `--agents`.
    var agents: ClaudeCodeAgents

    init(request: ModelRequest, defaultModel: String?) {
        // The runtime's own tools (delegate, submit_review, …) are not Claude Code's: its Task tool delegates.
        tools = ClaudeCodeToolMapping(toolNames: request.tools.map(\.name).filter { !RuntimeTools.isRuntimeTool($0) })
        agents = ClaudeCodeAgents(request.subagents)
        var prompt = Self.renderPrompt(request.messages)
        var system = request.system.map(\.text).filter { !$0.isEmpty }.joined(separator: "\n\n")
        if system.utf8.count > Self.argumentLimit {
            // Too long for an argument: it leads the prompt instead, still ahead of the task text.
            prompt = system + "\n\n" + prompt
            system = ""
        }
        var arguments = ["-p"]
        // `--allowedTools` takes several values, so the prompt must come before it or it would be read as a rule.
        if prompt.utf8.count > Self.argumentLimit || prompt.hasPrefix("-") {
            standardInput = prompt
        } else {
            arguments.append(prompt)
        }
        arguments += ["--output-format", "stream-json", "--verbose", "--max-turns", String(max(1, request.maxTurns))]
        if !system.isEmpty { arguments += ["--append-system-prompt", system] }
        if let model = request.model ?? defaultModel, !model.isEmpty { arguments += ["--model", model] }
        if let budget = request.maxBudgetUSD { arguments += ["--max-budget-usd", "\(budget)"] }
        var allowed = tools.allowedTools
        if let json = agents.json {
            arguments += ["--agents", json]
            allowed.append(ClaudeCodeAgents.taskTool)
            for rule in agents.rules where !allowed.contains(rule) { allowed.append(rule) }
        }
        if allowed.contains("Write") || allowed.contains("Edit") { arguments += ["--permission-mode", "acceptEdits"] }
        if !allowed.isEmpty { arguments += ["--allowedTools", allowed.joined(separator: ",")] }
        self.arguments = arguments
    }

    /// The conversation as one prompt: a single user message is its text; a longer history (Claude Code keeps
    /// no state between our calls) is written out as a labelled transcript.
    static func renderPrompt(_ messages: [ModelMessage]) -> String {
        if messages.count == 1, messages[0].role == .user {
            return render(messages[0].content)
        }
        return messages.map { message in
            let label = message.role == .user ? "User" : "Assistant"
            return "\(label):\n\(render(message.content))"
        }.joined(separator: "\n\n")
    }

    private static func render(_ blocks: [ContentBlock]) -> String {
        blocks.map { block in
            switch block {
            case .text(let text): text
            case .toolUse(let id, let name, let input): "[tool call \(id): \(name) \(input.jsonString())]"
            case .toolResult(let id, let content, let isError):
                "[tool result \(id)\(isError ? " (error)" : "")]\n\(content)"
            }
        }.joined(separator: "\n\n")
    }
}
