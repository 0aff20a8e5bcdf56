/// An HTTP POST to send, with the limits on how long its answer may take.
struct HTTPPostRequest: Sendable {
    var url: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    var connectTimeout: Duration
    var totalTimeout: Duration
    /// The longest silence between received bytes before the exchange is abandoned.
    var idleTimeout: Duration
}

/// A response's status and headers.
struct HTTPResponseHead: Sendable, Hashable {
    var status: Int
    /// Keyed by lower-cased name; a repeated header keeps its last value.
    var headers: [String: String]

    var isSuccess: Bool { (200..<300).contains(status) }

    func value(for name: String) -> String? { headers[name.lowercased()] }
}

/// What a transfer reports, in order: the head, body bytes as they arrive, then how it ended.
enum HTTPTransferEvent: Sendable {
    case head(HTTPResponseHead)
    case body([UInt8])
    /// `nil` when the response arrived whole.
    case finished(HTTPTransferFailure?)
}

/// Why a transfer ended early.
enum HTTPTransferFailure: Error, Sendable, Hashable {
    case connection(String)
    /// The connection could not be made in time.
    case connectTimeout(Duration)
    /// No byte arrived for the idle limit, or the whole exchange outlasted its limit.
    case timeout(Duration)
    case cancelled
}
