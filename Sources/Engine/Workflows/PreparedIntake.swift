import Config

/// An intake read and validated, ready to start a workflow from.
public struct PreparedIntake: Sendable {
    /// The intake file, absolute.
    public let path: String
    let text: String
    let plan: WorkflowPlan

    /// Reads and validates an intake without touching any workspace's state: callers check it before creating a
    /// store. With `workspace`, the prompt files the workspace's agents name are checked too: one that cannot be read
    /// is an error of the run, reported at its file and line.
    public static func read(
        at path: String, displayPath: String? = nil, workspace: String? = nil
    ) throws(EngineError) -> PreparedIntake {
        let shown = displayPath ?? path
        let bytes: [UInt8]
        do {
            bytes = try BoundedFileReader.contents(
                of: path, limit: ConfigValidator().limits.maxBytes, regularFileOnly: true)
        } catch {
            throw EngineError(.unreadableInput, error.description, file: shown)
        }
        let plan = try plan(intakeBytes: bytes, path: shown)
        if let workspace {
            let problems = WorkspaceReferences.problems(workspace: workspace)
            if let first = problems.first(where: { $0.diagnostics.contains { $0.severity == .error } }) {
                let diagnostic = first.diagnostics.first { $0.severity == .error }
                let place = diagnostic.map { ":\($0.range.start.line + 1):\($0.range.start.scalarColumn + 1)" } ?? ""
                throw EngineError(
                    .invalidIntake, "\(first.file)\(place): \(diagnostic?.message ?? "invalid")",
                    diagnostics: first.diagnostics.filter { $0.severity == .error }, file: first.file)
            }
        }
        return PreparedIntake(path: path, text: String(decoding: bytes, as: UTF8.self), plan: plan)
    }

    /// Validates and resolves intake bytes; errors carry the diagnostics.
    static func plan(intakeBytes: [UInt8], path: String) throws(EngineError) -> WorkflowPlan {
        let intake: IntakeConfig
        do {
            intake = try ConfigLoader().load(IntakeConfig.self, kind: .intake, bytes: intakeBytes, path: path)
        } catch {
            throw EngineError(.invalidIntake, error.description, diagnostics: error.diagnostics, file: path)
        }
        return try WorkflowPlan(intake: intake)
    }
}
