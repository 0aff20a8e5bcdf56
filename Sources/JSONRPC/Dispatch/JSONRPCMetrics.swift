import CoreMetrics

/// The JSON-RPC layer's metrics, emitted through swift-metrics: no-ops until the process bootstraps a backend
/// (`serve --metrics-address`), so a server without metrics pays nothing for them.
public enum JSONRPCMetrics {
    /// Counter of answered requests by `method` and `outcome` (`ok`, `error`).
    public static let requests = "orchestrator_rpc_requests_total"
    /// Histogram of the time from a request's arrival to its answer, by `method`.
    public static let requestDuration = "orchestrator_rpc_request_duration_seconds"
    /// Gauge of the connections being served.
    public static let openConnections = "orchestrator_rpc_open_connections"

    /// Each metric's `# HELP` text.
    public static let help: [String: String] = [
        requests: "JSON-RPC requests answered, by method and outcome.",
        requestDuration: "Time from a JSON-RPC request's arrival to its answer, by method.",
        openConnections: "JSON-RPC connections being served.",
    ]

    /// The label a method is counted under: a method nobody answers is `unknown`, so a peer sending made-up names
    /// cannot grow the label set without bound.
    static func methodLabel(_ method: String, errorCode: Int?) -> String {
        errorCode == JSONRPCError.Code.methodNotFound ? "unknown" : method
    }

    static func answered(method: String, errorCode: Int?, duration: Duration) {
        let method = methodLabel(method, errorCode: errorCode)
        Counter(label: requests, dimensions: [("method", method), ("outcome", errorCode == nil ? "ok" : "error")])
            .increment()
        Timer(label: requestDuration, dimensions: [("method", method)]).recordNanoseconds(
            duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    static func connectionOpened() { Meter(label: openConnections).increment() }

    static func connectionClosed() { Meter(label: openConnections).decrement() }
}
