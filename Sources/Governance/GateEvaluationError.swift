/// Why a gate could not be evaluated; it becomes that gate's `error` result, never a thrown error of the run.
struct GateEvaluationError: Error, Sendable, Hashable {
    /// A sentence for a person, naming the file, setting or command concerned.
    var message: String

    init(_ message: String) {
        self.message = message
    }
}
