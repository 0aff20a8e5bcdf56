/// A gate's verdict before waivers are applied: what one kind of gate reports to the evaluator.
struct GateOutcome: Sendable {
    /// The raw verdict; waivers may still turn `failed` or `error` into `waived`.
    enum Verdict: Sendable {
        case passed, failed, error
        /// Nothing for the gate to judge (a validator gate whose globs match no file); neither a pass nor a failure.
        case notApplicable
    }

    var verdict: Verdict
    var message: String
    var measured: Double?
    var threshold: Double?
    var comparison: String?
    var findings: [Finding] = []
    var skippedFiles: [String] = []

    /// The gate could not be evaluated; `message` says why, for a person.
    static func error(_ message: String) -> GateOutcome {
        GateOutcome(verdict: .error, message: message)
    }
}
