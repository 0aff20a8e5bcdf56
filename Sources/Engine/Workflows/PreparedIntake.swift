import Config

/// An intake read and validated, ready to start a workflow from.
public struct PreparedIntake: Sendable {
    /// The intake file, absolute.
    public let path: String
    let text: String
    let plan: WorkflowPlan

    /// Reads and validates an intake without touching any workspace: callers check it before creating a store.
    public static func read(at path: String, displayPath: String? = nil) throws(EngineError) -> PreparedIntake {
        let shown = displayPath ?? path
        let bytes: [UInt8]
        do {
            bytes = try BoundedFileReader.contents(
                of: path, limit: ConfigValidator().limits.maxBytes, regularFileOnly: true)
        } catch {
            throw EngineError(.unreadableInput, error.description, file: shown)
        }
        let plan = try plan(intakeBytes: bytes, path: shown)
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
