/// Why a provider could not produce a turn, with what a user needs to act on it.
public enum ProviderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The provider is not usable here (no API key, no `claude` executable); the text says how to fix it.
    case notConfigured(String)
    /// The API answered with an error body: HTTP status, the error's type and message, and the request id.
    case api(status: Int, type: String, message: String, requestID: String?)
    /// The connection failed or dropped (after `attempts` tries).
    case transport(message: String, attempts: Int)
    /// No byte arrived for `seconds`, or the whole call took longer than allowed.
    case timeout(seconds: Double)
    /// The response did not follow the wire format.
    case malformedResponse(String)
    /// A child process (claude-code) ended without a result: its exit status and the end of its stderr.
    case processFailed(status: String, stderr: String)
    case cancelled

    public var description: String {
        switch self {
        case .notConfigured(let text): return text
        case .api(let status, let type, let message, let requestID):
            return "model API error \(status) \(type): \(message)" + (requestID.map { " (request id \($0))" } ?? "")
        case .transport(let message, let attempts):
            return "cannot reach the model API after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(message)"
        case .timeout(let seconds): return "the model API sent nothing for \(seconds) s"
        case .malformedResponse(let text): return "malformed response from the model: \(text)"
        case .processFailed(let status, let stderr):
            return "the model process ended without a result (\(status))" + (stderr.isEmpty ? "" : ": \(stderr)")
        case .cancelled: return "cancelled"
        }
    }
}
