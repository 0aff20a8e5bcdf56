import NIOCore

/// Splits the LSP base protocol into frames: header lines, an empty line, then `Content-Length` bytes.
///
/// Header names are case-insensitive; `Content-Type` and unknown headers are ignored; a bare `\n`
/// line ending is tolerated. A `Content-Length` above the message limit yields `.oversized` and
/// its body is skipped as it arrives (the connection goes on). A bad or missing `Content-Length`,
/// a header line without `:`, or headers over their limits throw ``JSONRPCFramingError``: the
/// stream can no longer be trusted, so the connection replies once and closes. A peer hanging up
/// mid-message just ends the stream; the partial message is dropped. The bytes of a message still
/// arriving are charged to the server's ``JSONRPCBufferBudget``: a body that does not fit is refused
/// (`.overBudget`) and skipped as it arrives; a message not complete within the limit closes the connection.
public struct JSONRPCLSPFrameDecoder: ByteToMessageDecoder {
    /// Frames for the connection.
    public typealias InboundOut = JSONRPCFrame

    private enum State {
        case headers(contentLength: Int?, blockLength: Int)
        case body(length: Int)
        case skipping(remaining: Int)
    }

    private let limits: JSONRPCLimits
    private var state = State.headers(contentLength: nil, blockLength: 0)
    private var partial: PartialMessageGuard

    /// Creates a decoder with the message size, header and time limits of `limits`, charging what it
    /// holds to `budget` when given.
    public init(limits: JSONRPCLimits, budget: JSONRPCBufferBudget? = nil) {
        self.limits = limits
        self.partial = PartialMessageGuard(budget: budget, timeout: limits.incompleteMessageTimeout)
    }

    /// Decodes header lines and bodies.
    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let fits = self.partial.hold(buffer.readableBytes)
        let step = try self.step(context: context, buffer: &buffer, fits: fits)
        // What was handed on or skipped is no longer held (the handler may not call again when nothing is left).
        _ = self.partial.hold(buffer.readableBytes)
        if step == .needMoreData {
            self.partial.track(incomplete: self.isMidMessage || buffer.readableBytes > 0, context: context)
        }
        return step
    }

    /// Gives back what the decoder held.
    public mutating func decoderRemoved(context: ChannelHandlerContext) {
        self.partial.end()
    }

    private var isMidMessage: Bool {
        if case .headers(_, let blockLength) = self.state { return blockLength > 0 }
        return true
    }

    private mutating func step(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, fits: Bool
    ) throws
        -> DecodingState
    {
        switch self.state {
        case .headers(let contentLength, let blockLength):
            return try self.decodeHeaderLine(context: context, buffer: &buffer, contentLength, blockLength)
        case .body(let length):
            guard let body = buffer.readSlice(length: length) else {
                guard fits else {
                    // The budget cannot hold the rest: refuse the message now and skip it as it arrives.
                    let received = buffer.readableBytes
                    buffer.moveReaderIndex(forwardBy: received)
                    self.state = .skipping(remaining: length - received)
                    _ = self.partial.hold(0)
                    context.fireChannelRead(
                        Self.wrapInboundOut(.overBudget(byteCount: length, budget: self.partial.budgetLimit)))
                    return .continue
                }
                return .needMoreData
            }
            self.state = .headers(contentLength: nil, blockLength: 0)
            self.partial.messageEnded()
            context.fireChannelRead(Self.wrapInboundOut(.message(body)))
            return .continue
        case .skipping(let remaining):
            let count = min(remaining, buffer.readableBytes)
            guard count > 0 else { return .needMoreData }
            buffer.moveReaderIndex(forwardBy: count)
            if count == remaining {
                self.state = .headers(contentLength: nil, blockLength: 0)
                self.partial.messageEnded()
            } else {
                self.state = .skipping(remaining: remaining - count)
            }
            return .continue
        }
    }

    /// At EOF, complete frames are still delivered; a partial one is dropped.
    public mutating func decodeLast(
        context: ChannelHandlerContext,
        buffer: inout ByteBuffer,
        seenEOF: Bool
    ) throws -> DecodingState {
        if try self.decode(context: context, buffer: &buffer) == .continue { return .continue }
        buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
        self.partial.end()
        return .needMoreData
    }

    private mutating func decodeHeaderLine(
        context: ChannelHandlerContext,
        buffer: inout ByteBuffer,
        _ contentLength: Int?,
        _ blockLength: Int
    ) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            try self.checkHeaderLimits(lineLength: view.count - 1, blockLength: blockLength + view.count)
            return .needMoreData
        }
        let consumed = newline - view.startIndex + 1
        var line = view[view.startIndex..<newline]
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        try self.checkHeaderLimits(lineLength: line.count, blockLength: blockLength + consumed)
        buffer.moveReaderIndex(forwardBy: consumed)

        guard !line.isEmpty else {
            // Blank lines before any header (e.g. a stray "\r\n" between messages) are tolerated.
            guard blockLength > 0 else { return .continue }
            guard let length = contentLength else {
                throw JSONRPCFramingError(.missingContentLength, "the header block has no Content-Length")
            }
            if length > self.limits.maxMessageSize {
                self.state = length > 0 ? .skipping(remaining: length) : .headers(contentLength: nil, blockLength: 0)
                context.fireChannelRead(
                    Self.wrapInboundOut(.oversized(byteCount: length, limit: self.limits.maxMessageSize))
                )
            } else {
                self.state = .body(length: length)
                // Room for the whole body now: the buffer then never grows by doubling (each doubling a copy,
                // the old and new storage both resident for a moment) while a large body arrives. Pages
                // are only resident once written, so an announced body costs nothing until it is sent.
                buffer.reserveCapacity(minimumWritableBytes: length - buffer.readableBytes)
            }
            return .continue
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
            throw JSONRPCFramingError(.invalidHeader, "header line without ':': \(Self.preview(line))")
        }
        let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
        var newLength = contentLength
        if name.trimmingBlanks().lowercased() == "content-length" {
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingBlanks()
            guard let parsed = Self.parseLength(value) else {
                throw JSONRPCFramingError(.invalidContentLength, "invalid Content-Length: \(Self.preview(value.utf8))")
            }
            if let previous = contentLength, previous != parsed {
                throw JSONRPCFramingError(.invalidContentLength, "conflicting Content-Length \(previous) and \(parsed)")
            }
            newLength = parsed
        }
        self.state = .headers(contentLength: newLength, blockLength: blockLength + consumed)
        return .continue
    }

    private func checkHeaderLimits(lineLength: Int, blockLength: Int) throws {
        if lineLength > self.limits.maxHeaderLineLength {
            throw JSONRPCFramingError(
                .headerLineTooLong,
                "header line exceeds the limit of \(self.limits.maxHeaderLineLength) bytes"
            )
        }
        if blockLength > self.limits.maxHeaderBlockLength {
            throw JSONRPCFramingError(
                .headerBlockTooLong,
                "header block exceeds the limit of \(self.limits.maxHeaderBlockLength) bytes"
            )
        }
    }

    /// Digits only (no sign, no spaces inside), at most 18 so the value cannot overflow `Int`.
    private static func parseLength(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 18,
            text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        return Int(text)
    }

    private static func preview(_ bytes: some Collection<UInt8>) -> String {
        let text = String(decoding: bytes.prefix(64), as: UTF8.self)
        return "\"\(text)\"" + (bytes.count > 64 ? "…" : "")
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs (header whitespace per RFC 9110).
    fileprivate func trimmingBlanks() -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = self.firstIndex(where: { !isBlank($0) }), let last = self.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return String(self[first...last])
    }
}
