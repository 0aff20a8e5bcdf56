import Config
import LintOutput
import Processes

/// Tool gates: an allowed program run in the workspace, judged by its exit code and the findings it prints.
extension GateEvaluator {
    func evaluateTool(_ gate: GateConfig, in context: GateContext) async -> GateOutcome {
        guard let command = gate.command, let program = command.first, !program.isEmpty else {
            return .error("the tool gate has no `command`")
        }
        let allowed = policy.allowedCommands
        // A path could name any binary the agent wrote into the workspace, so only bare allowed names run.
        guard !program.contains("/"), allowed.contains(program) else {
            let list = allowed.isEmpty ? "none" : allowed.joined(separator: ", ")
            return .error("'\(program)' is not in the policy's allowed_commands (\(list)); it was not run")
        }
        let timeout = gate.timeoutSeconds ?? 60
        let output = gate.output ?? GateConfig.Output.none
        let request = ProcessRequest(
            executable: program, arguments: Array(command.dropFirst()), environment: context.environment,
            workingDirectory: context.workspace, timeoutSeconds: Double(timeout), outputCap: Self.toolOutputCap,
            sandbox: .workingCopy(context.workspace, settings: context.sandbox))
        let outcome: ProcessOutcome
        do {
            outcome = try await ProcessRunner.run(request)
        } catch {
            switch error.code {
            case .timedOut: return .error("'\(program)' timed out after \(timeout) s; the command was stopped")
            case .notFound, .sandboxUnavailable: return .error(error.message)
            default: return .error("'\(program)' could not be run: \(error.message)")
            }
        }
        var findings: [Finding] = []
        if output != .none {
            guard !outcome.stdoutTruncated else {
                return .error("'\(program)' printed more than 8 MiB; its findings cannot be read")
            }
            let reported: [LintFinding]
            if output == .sarif {
                do {
                    reported = try SARIFParser.findings(inJSON: outcome.stdout)
                } catch {
                    return .error("the SARIF output of '\(program)' cannot be read: \(error.message)")
                }
            } else {
                reported = LintLineParser.findings(in: outcome.stdout)
            }
            var locator = ToolFindingLocator(context: context, columnsInUTF16: output == .sarif)
            findings = reported.map { locator.finding($0, gate: gate) }
        }
        return Self.judge(outcome, findings: findings, gate: gate, output: output, program: program)
    }

    /// Fails on a non-zero exit (unless the gate ignores it) or on more findings than allowed.
    static func judge(
        _ outcome: ProcessOutcome, findings: [Finding], gate: GateConfig, output: GateConfig.Output, program: String
    ) -> GateOutcome {
        let maximum = gate.maxFindings ?? 0
        var problems: [String] = []
        if gate.passOnExitCode ?? true, outcome.exitCode != 0 {
            var text: String
            switch outcome.termination {
            case .exited(let code): text = "'\(program)' exited with code \(code)"
            case .signalled(let signal):
                text = "'\(program)' was killed by signal \(signal) (exit code \(128 + signal))"
            }
            if let line = lastLine(outcome.stderr) { text += ": \(line)" }
            problems.append(text)
        }
        if output != .none, findings.count > maximum {
            problems.append("\(findings.count) \(plural(findings.count)), more than the \(maximum) allowed")
        }
        var message: String
        if problems.isEmpty {
            message = "'\(program)' exited with code \(outcome.exitCode)"
            if output != .none {
                message += "; \(findings.count) \(plural(findings.count)) (at most \(maximum) allowed)"
            }
        } else {
            message = problems.joined(separator: "; ")
        }
        return GateOutcome(
            verdict: problems.isEmpty ? .passed : .failed, message: message,
            measured: output == .none ? nil : Double(findings.count),
            threshold: output == .none ? nil : Double(maximum), comparison: output == .none ? nil : "<=",
            findings: findings)
    }

    /// The last non-blank line of a stream, cut to 200 characters: usually the error a person needs.
    static func lastLine(_ text: String) -> String? {
        guard let line = text.split(whereSeparator: \.isNewline).last(where: { !$0.allSatisfy(\.isWhitespace) })
        else { return nil }
        let trimmed = oneLine(String(line))
        return trimmed.count > 200 ? String(trimmed.prefix(200)) + "…" : trimmed
    }

    static func plural(_ count: Int) -> String { count == 1 ? "finding" : "findings" }
}
