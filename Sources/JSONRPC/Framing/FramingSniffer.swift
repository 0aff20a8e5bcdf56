import NIOCore

/// Decides a connection's framing from the peer's first non-blank byte, installs the matching
/// decoder and encoder in its own place, and removes itself: the mode is locked for the connection.
///
/// `{` or `[` → newline-delimited; `C` or `c` → LSP headers; anything else → newline-delimited,
/// so the peer gets a -32700 reply it can read rather than a silent hang. Leading blanks are
/// dropped as they arrive (nothing is buffered). Writes before the framing is known fail with
/// ``JSONRPCFramingError/Code/framingNotDetected``: the reply format would be a guess.
public final class JSONRPCFramingSniffer: ChannelDuplexHandler, RemovableChannelHandler {
    /// Raw bytes from the peer.
    public typealias InboundIn = ByteBuffer
    /// The same bytes, for the installed decoder.
    public typealias InboundOut = ByteBuffer
    /// Messages to write (only ever failed: the sniffer is gone once framing is known).
    public typealias OutboundIn = ByteBuffer
    /// Bytes for the wire.
    public typealias OutboundOut = ByteBuffer

    private let limits: JSONRPCLimits
    private let budget: JSONRPCBufferBudget?
    private let onDetect: (@Sendable (JSONRPCFraming) -> Void)?
    private var detected = false

    /// Creates a sniffer whose decoders charge `budget`; `onDetect` hears the chosen framing (for logs).
    public init(
        limits: JSONRPCLimits, budget: JSONRPCBufferBudget? = nil, onDetect: (@Sendable (JSONRPCFraming) -> Void)? = nil
    ) {
        self.limits = limits
        self.budget = budget
        self.onDetect = onDetect
    }

    /// Looks for the first non-blank byte and hands everything from it to the chosen decoder.
    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !self.detected else {
            context.fireChannelRead(data)
            return
        }
        var buffer = Self.unwrapInboundIn(data)
        let isBlank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let start = buffer.readableBytesView.firstIndex(where: { !isBlank($0) }) else { return }
        buffer.moveReaderIndex(to: start)
        let first = buffer.readableBytesView[start]
        let framing: JSONRPCFraming = first == UInt8(ascii: "C") || first == UInt8(ascii: "c") ? .lsp : .newline
        do {
            try context.pipeline.syncOperations.addJSONRPCFraming(
                framing, limits: self.limits, budget: self.budget, position: .after(self))
        } catch {
            context.fireErrorCaught(error)
            return
        }
        self.detected = true
        self.onDetect?(framing)
        context.fireChannelRead(Self.wrapInboundOut(buffer))
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    /// Fails writes until the framing is known (afterwards the sniffer is no longer in the pipeline).
    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard self.detected else {
            let error = JSONRPCFramingError(.framingNotDetected, "cannot write before the peer's first message")
            promise?.fail(error)
            return
        }
        context.write(data, promise: promise)
    }
}
