import NIOCore

/// Splits newline-delimited JSON into frames: one message per line, `\n` or `\r\n`, blank lines ignored.
///
/// A line longer than the limit is not buffered: its bytes are dropped as they arrive until its
/// newline, then a `.oversized` frame reports its size so the peer gets a -32600 and the
/// connection goes on. At EOF a final line without a newline still counts (as in JSON Lines).
public struct JSONRPCLineFrameDecoder: ByteToMessageDecoder {
    /// Frames for the connection.
    public typealias InboundOut = JSONRPCFrame

    private let maxLineLength: Int
    /// Bytes of an over-long line dropped so far; `nil` when not discarding.
    private var discarded: Int?
    /// Bytes already searched for a newline, so a line trickling in is scanned once, not quadratically.
    private var scanned = 0

    /// Creates a decoder for lines of at most `maxLineLength` bytes (excluding the line ending).
    public init(maxLineLength: Int) {
        self.maxLineLength = maxLineLength
    }

    /// Decodes complete lines.
    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        switch self.nextLine(&buffer) {
        case .frame(let frame):
            context.fireChannelRead(Self.wrapInboundOut(frame))
            return .continue
        case .skipped:
            return .continue
        case .needMoreData:
            return .needMoreData
        }
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
            context.fireChannelRead(Self.wrapInboundOut(.oversized(byteCount: size, limit: self.maxLineLength)))
        } else if let frame = self.frame(forLine: tail) {
            context.fireChannelRead(Self.wrapInboundOut(frame))
        }
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
            return .frame(.oversized(byteCount: discarded + length, limit: self.maxLineLength))
        }
        return self.frame(forLine: line).map(Step.frame) ?? .skipped
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
