/// An HTTP POST to send, with the limits on how long its answer may take.
public struct HTTPPostRequest: Sendable {
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    public var connectTimeout: Duration
    public var totalTimeout: Duration
    /// The longest silence between received bytes before the exchange is abandoned.
    public var idleTimeout: Duration

    public init(
        url: String, headers: [(name: String, value: String)], body: [UInt8], connectTimeout: Duration,
        totalTimeout: Duration, idleTimeout: Duration
    ) {
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.idleTimeout = idleTimeout
    }
}

/// A response's status and headers.
public struct HTTPResponseHead: Sendable, Hashable {
    public var status: Int
    /// Keyed by lower-cased name; a repeated header keeps its last value.
    public var headers: [String: String]

    public var isSuccess: Bool { (200..<300).contains(status) }

    func value(for name: String) -> String? { headers[name.lowercased()] }
}

/// What a transfer reports, in order: the head, body bytes as they arrive, then how it ended.
public enum HTTPTransferEvent: Sendable {
    case head(HTTPResponseHead)
    case body([UInt8])
    /// `nil` when the response arrived whole.
    case finished(HTTPTransferFailure?)
}

/// Why a transfer ended early.
public enum HTTPTransferFailure: Error, Sendable, Hashable {
    case connection(String)
    /// The connection could not be made in time.
    case connectTimeout(Duration)
    /// No byte arrived for the idle limit, or the whole exchange outlasted its limit.
    case timeout(Duration)
    case cancelled
}
