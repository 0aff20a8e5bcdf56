import NIOCore

/// Splits newline-delimited JSON into frames: one message per line, `\n` or `\r\n`, blank lines ignored.
///
/// A line longer than the limit is not buffered: its bytes are dropped as they arrive until its
/// newline, then a `.oversized` frame reports its size so the peer gets a -32600 and the
/// connection goes on. At EOF a final line without a newline still counts (as in JSON Lines). The
/// bytes of a line still arriving are charged to the server's ``JSONRPCBufferBudget``: a line that does
/// not fit is dropped the same way and reported as `.overBudget`; a line not complete within the
/// limit closes the connection.
public struct JSONRPCLineFrameDecoder: ByteToMessageDecoder {
    /// Frames for the connection.
    public typealias InboundOut = JSONRPCFrame

    private let maxLineLength: Int
    /// Bytes of an over-long (or refused) line dropped so far; `nil` when not discarding.
    private var discarded: Int?
    /// Whether the line being dropped was refused by the budget rather than too long.
    private var refusedByBudget = false
    /// Bytes already searched for a newline, so a line trickling in is scanned once, not quadratically.
    private var scanned = 0
    private var partial: PartialMessageGuard

    /// Creates a decoder for lines of at most `maxLineLength` bytes (excluding the line ending), with no
    /// budget and no time limit.
    public init(maxLineLength: Int) {
        self.maxLineLength = maxLineLength
        self.partial = PartialMessageGuard(budget: nil, timeout: nil)
    }

    /// Creates a decoder with the size and time limits of `limits`, charging what it holds to `budget`.
    public init(limits: JSONRPCLimits, budget: JSONRPCBufferBudget?) {
        self.maxLineLength = limits.maxMessageSize
        self.partial = PartialMessageGuard(budget: budget, timeout: limits.incompleteMessageTimeout)
    }

    /// Decodes complete lines.
    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if !self.partial.hold(buffer.readableBytes), self.discarded == nil,
            !buffer.readableBytesView.contains(UInt8(ascii: "\n"))
        {
            // The budget cannot hold the line still arriving: drop it as it comes, and say so at its end.
            self.discarded = buffer.readableBytes
            self.refusedByBudget = true
            buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
            self.scanned = 0
        }
        let step = self.nextLine(&buffer)
        // What was handed on or dropped is no longer held (the handler may not call again when nothing is left).
        _ = self.partial.hold(buffer.readableBytes)
        switch step {
        case .frame(let frame):
            self.partial.messageEnded()
            context.fireChannelRead(Self.wrapInboundOut(frame))
            return .continue
        case .skipped:
            self.partial.messageEnded()
            return .continue
        case .needMoreData:
            self.partial.track(incomplete: self.discarded != nil || buffer.readableBytes > 0, context: context)
            return .needMoreData
        }
    }

    /// Gives back what the decoder held.
    public mutating func decoderRemoved(context: ChannelHandlerContext) {
        self.partial.end()
    }

    /// Decodes what is left at EOF, including an unterminated last line.
    public mutating func decodeLast(
        context: ChannelHandlerContext,
        buffer: inout ByteBuffer,
        seenEOF: Bool
    ) throws -> DecodingState {
        if try self.decode(context: context, buffer: &buffer) == .continue { return .continue }
        let tail = buffer.readSlice(length: buffer.readableBytes)
        if let discarded = self.discarded {
            self.discarded = nil
            let size = discarded + (tail?.readableBytes ?? 0)
            context.fireChannelRead(Self.wrapInboundOut(self.dropped(byteCount: size)))
        } else if let frame = self.frame(forLine: tail) {
            context.fireChannelRead(Self.wrapInboundOut(frame))
        }
        self.partial.end()
        return .needMoreData
    }

    private enum Step {
        case frame(JSONRPCFrame)
        case skipped
        case needMoreData
    }

    private mutating func nextLine(_ buffer: inout ByteBuffer) -> Step {
        let view = buffer.readableBytesView
        let searchStart = view.startIndex + min(self.scanned, view.count)
        guard let newline = view[searchStart...].firstIndex(of: UInt8(ascii: "\n")) else {
            self.scanned = view.count
            // A pending "\r" may still belong to a "\r\n", hence the + 1.
            if self.discarded != nil || view.count > self.maxLineLength + 1 {
                self.discarded = (self.discarded ?? 0) + view.count
                buffer.moveReaderIndex(forwardBy: view.count)
                self.scanned = 0
            }
            return .needMoreData
        }
        self.scanned = 0
        let length = newline - view.startIndex
        let line = buffer.readSlice(length: length)
        buffer.moveReaderIndex(forwardBy: 1)
        if let discarded = self.discarded {
            self.discarded = nil
            return .frame(self.dropped(byteCount: discarded + length))
        }
        return self.frame(forLine: line).map(Step.frame) ?? .skipped
    }

    /// The report of a dropped line: over the budget, or over the size limit.
    private mutating func dropped(byteCount: Int) -> JSONRPCFrame {
        defer { self.refusedByBudget = false }
        if self.refusedByBudget { return .overBudget(byteCount: byteCount, budget: self.partial.budgetLimit) }
        return .oversized(byteCount: byteCount, limit: self.maxLineLength)
    }

    /// The frame for one line without its `\n`; `nil` for a blank line.
    private func frame(forLine line: ByteBuffer?) -> JSONRPCFrame? {
        guard var line else { return nil }
        if line.readableBytesView.last == UInt8(ascii: "\r") { line.moveWriterIndex(to: line.writerIndex - 1) }
        let isBlank = line.readableBytesView.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
        if isBlank { return nil }
        if line.readableBytes > self.maxLineLength {
            return .oversized(byteCount: line.readableBytes, limit: self.maxLineLength)
        }
        return .message(line)
    }
}
