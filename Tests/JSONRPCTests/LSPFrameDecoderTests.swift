import JSONRPC
import NIOCore
import NIOEmbedded
import Testing

@Suite("LSP Content-Length framing")
struct LSPFrameDecoderTests {
    func makeChannel(_ limits: JSONRPCLimits = JSONRPCLimits()) -> EmbeddedChannel {
        EmbeddedChannel(handler: ByteToMessageHandler(JSONRPCLSPFrameDecoder(limits: limits)))
    }

    func frames(_ channel: EmbeddedChannel) throws -> [JSONRPCFrame] {
        var frames: [JSONRPCFrame] = []
        while let frame = try channel.readInbound(as: JSONRPCFrame.self) { frames.append(frame) }
        return frames
    }

    func framed(_ body: String, headers: String? = nil) -> String {
        (headers ?? "Content-Length: \(body.utf8.count)\r\n") + "\r\n" + body
    }

    @Test("decodes back-to-back messages")
    func backToBack() throws {
        let channel = self.makeChannel()
        try channel.writeInbound(ByteBuffer(string: self.framed("{\"a\":1}") + self.framed("[2]")))
        #expect(
            try self.frames(channel) == [
                .message(ByteBuffer(string: "{\"a\":1}")), .message(ByteBuffer(string: "[2]")),
            ])
    }

    @Test("a body the shared budget cannot hold is refused and skipped; the budget frees; the next message decodes")
    func bufferBudget() throws {
        let budget = JSONRPCBufferBudget(limit: 100)
        let holder = EmbeddedChannel(
            handler: ByteToMessageHandler(JSONRPCLSPFrameDecoder(limits: JSONRPCLimits(), budget: budget)))
        let refused = EmbeddedChannel(
            handler: ByteToMessageHandler(JSONRPCLSPFrameDecoder(limits: JSONRPCLimits(), budget: budget)))
        try holder.writeInbound(ByteBuffer(string: "Content-Length: 200\r\n\r\n" + String(repeating: "a", count: 80)))
        #expect(budget.inUse == 80)
        try refused.writeInbound(ByteBuffer(string: "Content-Length: 60\r\n\r\n" + String(repeating: "b", count: 30)))
        #expect(try self.frames(refused) == [.overBudget(byteCount: 60, budget: 100)])
        try refused.writeInbound(ByteBuffer(string: String(repeating: "b", count: 30) + self.framed("[1]")))
        #expect(try self.frames(refused) == [.message(ByteBuffer(string: "[1]"))], "the rest was skipped")
        #expect(budget.inUse == 80)
        _ = try holder.finish()
        #expect(budget.inUse == 0, "a closed connection gives its share back")
    }

    @Test("a message not complete within the limit ends the connection with a framing error; idle ones are not timed")
    func incompleteMessageTimeout() throws {
        let loop = EmbeddedEventLoop()
        let limits = JSONRPCLimits(incompleteMessageTimeout: .seconds(2))
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(JSONRPCLSPFrameDecoder(limits: limits)), loop: loop)
        try channel.writeInbound(ByteBuffer(string: self.framed("[1]")))
        loop.advanceTime(by: .seconds(10))
        #expect(try self.frames(channel) == [.message(ByteBuffer(string: "[1]"))])
        try channel.writeInbound(ByteBuffer(string: "Content-Length: 10\r\n\r\n[2"))
        loop.advanceTime(by: .milliseconds(1900))
        try channel.writeInbound(ByteBuffer(string: ","))
        loop.advanceTime(by: .milliseconds(200))
        #expect(throws: JSONRPCFramingError.self) { try channel.throwIfErrorCaught() }
    }

    @Test("a message split at every byte still decodes")
    func splitEverywhere() throws {
        let channel = self.makeChannel()
        let text = self.framed(#"{"jsonrpc":"2.0","method":"x"}"#)
        for byte in text.utf8 { try channel.writeInbound(ByteBuffer(bytes: [byte])) }
        #expect(try self.frames(channel) == [.message(ByteBuffer(string: #"{"jsonrpc":"2.0","method":"x"}"#))])
    }

    @Test("Content-Length counts bytes, not characters, of multibyte UTF-8")
    func multibyte() throws {
        let body = #"{"text":"héllo 🌍 日本"}"#
        #expect(body.utf8.count != body.count)
        let channel = self.makeChannel()
        let text = self.framed(body)
        let bytes = Array(text.utf8)
        // Split inside the emoji's four bytes to prove nothing decodes characters early.
        let cut = bytes.count - 8
        try channel.writeInbound(ByteBuffer(bytes: bytes[..<cut]))
        #expect(try self.frames(channel).isEmpty)
        try channel.writeInbound(ByteBuffer(bytes: bytes[cut...]))
        #expect(try self.frames(channel) == [.message(ByteBuffer(string: body))])
    }

    @Test(
        "header names are case-insensitive; Content-Type and others are ignored",
        arguments: [
            "content-length: 3\r\n",
            "CONTENT-LENGTH:3\r\n",
            "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length:   3  \r\n",
            "X-Other: yes\r\nContent-Length: 3\r\nContent-Length: 3\r\n",
            "Content-Length: 3\n",
        ]
    )
    func headers(headers: String) throws {
        let channel = self.makeChannel()
        try channel.writeInbound(ByteBuffer(string: self.framed("[1]", headers: headers)))
        #expect(try self.frames(channel) == [.message(ByteBuffer(string: "[1]"))])
    }

    @Test(
        "a bad header is a framing error that ends the connection",
        arguments: [
            ("Content-Length: abc\r\n", JSONRPCFramingError.Code.invalidContentLength),
            ("Content-Length: -1\r\n", .invalidContentLength),
            ("Content-Length: \r\n", .invalidContentLength),
            ("Content-Length: 99999999999999999999\r\n", .invalidContentLength),
            ("Content-Length: 3\r\nContent-Length: 4\r\n", .invalidContentLength),
            ("Content-Type: x\r\n", .missingContentLength),
            ("Content-Length 3\r\n", .invalidHeader),
        ] as [(String, JSONRPCFramingError.Code)]
    )
    func badHeaders(headers: String, code: JSONRPCFramingError.Code) {
        let channel = self.makeChannel()
        #expect {
            try channel.writeInbound(ByteBuffer(string: self.framed("[1]", headers: headers)))
        } throws: { error in
            (error as? JSONRPCFramingError)?.code == code
        }
    }

    @Test("a header line over its limit fails before the newline arrives")
    func headerLineLimit() {
        let channel = self.makeChannel(JSONRPCLimits(maxHeaderLineLength: 32))
        #expect {
            try channel.writeInbound(ByteBuffer(string: "X-Long: " + String(repeating: "a", count: 40)))
        } throws: { error in
            (error as? JSONRPCFramingError)?.code == .headerLineTooLong
        }
    }

    @Test("a header block over its limit fails")
    func headerBlockLimit() {
        let channel = self.makeChannel(JSONRPCLimits(maxHeaderLineLength: 64, maxHeaderBlockLength: 100))
        let lines = String(repeating: "X-Filler: 0123456789\r\n", count: 6)
        #expect {
            try channel.writeInbound(ByteBuffer(string: lines))
        } throws: { error in
            (error as? JSONRPCFramingError)?.code == .headerBlockTooLong
        }
    }

    @Test("an oversized body is reported, skipped without buffering, and the next message decodes")
    func oversizedBody() throws {
        let channel = self.makeChannel(JSONRPCLimits(maxMessageSize: 10))
        try channel.writeInbound(ByteBuffer(string: "Content-Length: 25\r\n\r\n0123456789"))
        #expect(try self.frames(channel) == [.oversized(byteCount: 25, limit: 10)])
        try channel.writeInbound(ByteBuffer(string: "012345678901234" + self.framed("[1]")))
        #expect(try self.frames(channel) == [.message(ByteBuffer(string: "[1]"))])
    }

    @Test("a peer hanging up mid-message ends the stream without a frame or an error")
    func hangUpMidMessage() throws {
        let channel = self.makeChannel()
        try channel.writeInbound(ByteBuffer(string: self.framed("[1]") + "Content-Length: 50\r\n\r\n{\"partial"))
        channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        #expect(try self.frames(channel) == [.message(ByteBuffer(string: "[1]"))])
        #expect(throws: Never.self) { try channel.throwIfErrorCaught() }
    }
}
