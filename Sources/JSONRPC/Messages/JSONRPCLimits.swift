/// Bounds that keep one hostile or broken peer from exhausting memory, stack or CPU.
///
/// Past a limit the peer gets an error reply (or, when framing is lost, the connection closes);
/// nothing is ever buffered without bound. See each property for what happens at the limit.
public struct JSONRPCLimits: Sendable, Hashable {
    /// The default maximum nesting of arrays and objects.
    public static let defaultMaxDepth = JSONValue.defaultMaxDepth

    /// The largest message body in bytes (default 64 MiB). LSP: a larger `Content-Length` gets a
    /// -32600 reply and its body is skipped without being buffered. Newline mode: a longer line is
    /// discarded up to its newline, then answered with -32600; the connection stays open.
    public var maxMessageSize: Int
    /// The longest LSP header line in bytes (default 8 KiB); past it the connection is closed.
    public var maxHeaderLineLength: Int
    /// The largest LSP header block in bytes (default 64 KiB); past it the connection is closed.
    public var maxHeaderBlockLength: Int
    /// The deepest nesting of arrays/objects (default 64), checked by a byte scan before parsing;
    /// deeper messages get -32600.
    public var maxDepth: Int
    /// The most elements in one batch (default 100); a longer batch gets a single -32600.
    public var maxBatchLength: Int
    /// The most requests running at once on one connection (default 64); when reached, reading from
    /// that peer pauses until one finishes, which back-pressures the peer through the socket.
    public var maxConcurrentRequests: Int
    /// The most bytes a server holds for messages still arriving, all connections together (default
    /// 256 MiB, four messages of the largest size). A message that would take more is refused with
    /// -32600 as it arrives (its bytes skipped); the connection goes on.
    public var maxBufferedBytes: Int
    /// How long a message may take from its first byte to its last (default 30 s); past it the
    /// connection is answered once and closed. Idle connections (no message under way) are not timed.
    public var incompleteMessageTimeout: Duration

    /// Creates limits; every argument defaults to the documented value.
    public init(
        maxMessageSize: Int = 64 * 1024 * 1024,
        maxHeaderLineLength: Int = 8 * 1024,
        maxHeaderBlockLength: Int = 64 * 1024,
        maxDepth: Int = JSONRPCLimits.defaultMaxDepth,
        maxBatchLength: Int = 100,
        maxConcurrentRequests: Int = 64,
        maxBufferedBytes: Int = 256 * 1024 * 1024,
        incompleteMessageTimeout: Duration = .seconds(30)
    ) {
        self.maxMessageSize = maxMessageSize
        self.maxHeaderLineLength = maxHeaderLineLength
        self.maxHeaderBlockLength = maxHeaderBlockLength
        self.maxDepth = maxDepth
        self.maxBatchLength = maxBatchLength
        self.maxConcurrentRequests = max(1, maxConcurrentRequests)
        self.maxBufferedBytes = maxBufferedBytes
        self.incompleteMessageTimeout = incompleteMessageTimeout
    }
}
