import JSON
import Processes

extension ProcessOutcome {
    /// The result fields every process-running tool reports (see `SchemaLiteral.processResult`).
    var resultMembers: [String: JSONValue] {
        var result: [String: JSONValue] = [
            "exit_code": .integer(Int64(exitCode)), "stdout": .string(stdout), "stderr": .string(stderr),
            "stdout_truncated": .bool(stdoutTruncated), "stderr_truncated": .bool(stderrTruncated),
        ]
        if case .signalled(let signal) = termination { result["signal"] = .integer(Int64(signal)) }
        return result
    }
}
