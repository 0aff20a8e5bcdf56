import Engine
import Model

/// An engine error on its way out of a command: printed with what the user can do, and mapped to an exit status.
struct EngineFailure: Error {
    var error: EngineError

    init(_ error: EngineError) {
        self.error = error
    }

    /// 1 when the input or the workspace is what stopped it (invalid intake or policy, changes a rollback would destroy),
    /// 2 for everything else (no such workflow, busy, storage).
    var exitCode: Int32 {
        switch error.code {
        case .invalidIntake, .uncheckpointedChanges, .invalidPolicy: 1
        default: 2
        }
    }

    /// The text for stderr: one line per diagnostic (compiler style), or the message and any files it names.
    var text: String {
        if !error.diagnostics.isEmpty {
            let file = error.file ?? "intake"
            var lines = error.diagnostics.map { diagnostic in
                let start = diagnostic.range.start
                return "\(file):\(start.line + 1):\(start.scalarColumn + 1): \(diagnostic.severity): "
                    + "\(diagnostic.message) [\(diagnostic.code)]"
            }
            lines.append("orchestrator: error: the intake is invalid; the workflow did not start")
            return lines.joined(separator: "\n") + "\n"
        }
        var text = "orchestrator: error: \(error.message)\n"
        if error.code == .uncheckpointedChanges {
            text += error.files.map { "  \($0)\n" }.joined()
        }
        return text
    }
}

/// Runs an engine call, turning its typed error into the command's failure.
func engineCall<T>(_ body: () async throws(EngineError) -> T) async throws -> T {
    do {
        return try await body()
    } catch {
        throw EngineFailure(error)
    }
}
