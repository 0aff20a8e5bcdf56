/// How a quality gate came out at one evaluation.
public enum GateStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// The gate's condition holds.
    case passed
    /// The condition does not hold and no active waiver covers every failure.
    case failed
    /// The gate failed (or could not be evaluated), but an active waiver covers every failure.
    case waived
    /// The gate could not be evaluated (bad configuration, missing report, tool timed out); counts as a failure.
    case error
    /// There was nothing to judge: a validator gate whose globs match no file (and no `min_files` asks for one).
    /// It neither passes nor blocks; reports show it apart from a pass.
    case notApplicable
}

/// Whether a gate's failure stops the workflow.
public enum GateSeverity: String, Sendable, Hashable, Codable, CaseIterable {
    /// A failure pauses the workflow at the checkpoint.
    case blocking
    /// A failure is recorded and reported; the workflow goes on.
    case warning
}
