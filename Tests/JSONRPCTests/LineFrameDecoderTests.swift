import JSONRPC
import NIOCore
import NIOEmbedded
import Testing

@Suite("Newline framing")
struct LineFrameDecoderTests {
    func makeChannel(maxLineLength: Int = 64) -> EmbeddedChannel {
        EmbeddedChannel(handler: ByteToMessageHandler(JSONRPCLineFrameDecoder(maxLineLength: maxLineLength)))
    }

    func frames(_ channel: EmbeddedChannel) throws -> [JSONRPCFrame] {
        var frames: [JSONRPCFrame] = []
        while let frame = try channel.readInbound(as: JSONRPCFrame.self) { frames.append(frame) }
        return frames
    }

    func message(_ text: String) -> JSONRPCFrame { .message(ByteBuffer(string: text)) }

    @Test("a line the shared budget cannot hold is dropped as it arrives and reported at its end; the budget frees")
    func bufferBudget() throws {
        let budget = JSONRPCBufferBudget(limit: 50)
        let limits = JSONRPCLimits()
        let holder = EmbeddedChannel(
            handler: ByteToMessageHandler(JSONRPCLineFrameDecoder(limits: limits, budget: budget)))
        let refused = EmbeddedChannel(
            handler: ByteToMessageHandler(JSONRPCLineFrameDecoder(limits: limits, budget: budget)))
        try holder.writeInbound(ByteBuffer(string: String(repeating: "a", count: 40)))
        #expect(budget.inUse == 40)
        try refused.writeInbound(ByteBuffer(string: String(repeating: "b", count: 20)))
        try refused.writeInbound(ByteBuffer(string: String(repeating: "b", count: 20) + "\n[1]\n"))
        #expect(try self.frames(refused) == [.overBudget(byteCount: 40, budget: 50), self.message("[1]")])
        try holder.writeInbound(ByteBuffer(string: "\n"))
        #expect(try self.frames(holder) == [self.message(String(repeating: "a", count: 40))])
        #expect(budget.inUse == 0)
    }

    @Test(
        "splits lines ending in LF or CRLF and skips blank lines",
        arguments: [
            (["{\"a\":1}\n{\"b\":2}\n"], ["{\"a\":1}", "{\"b\":2}"]),
            (["{\"a\":1}\r\n\r\n  \n\t\r\n{\"b\":2}\r\n"], ["{\"a\":1}", "{\"b\":2}"]),
            (["{\"a\"", ":1}\r", "\n{\"b", "\":2}\n"], ["{\"a\":1}", "{\"b\":2}"]),
            (["\n\n\n"], []),
            (["[1,2]\n"], ["[1,2]"]),
        ] as [([String], [String])]
    )
    func splits(chunks: [String], expected: [String]) throws {
        let channel = self.makeChannel()
        for chunk in chunks { try channel.writeInbound(ByteBuffer(string: chunk)) }
        #expect(try self.frames(channel) == expected.map(self.message))
    }

    @Test("a line over the limit is dropped as it arrives and reported once with its size")
    func oversizedLine() throws {
        let channel = self.makeChannel(maxLineLength: 16)
        try channel.writeInbound(ByteBuffer(string: String(repeating: "x", count: 20)))
        #expect(try self.frames(channel).isEmpty)
        try channel.writeInbound(ByteBuffer(string: String(repeating: "y", count: 30)))
        try channel.writeInbound(ByteBuffer(string: "zz\n{\"ok\":1}\n"))
        #expect(try self.frames(channel) == [.oversized(byteCount: 52, limit: 16), self.message("{\"ok\":1}")])
    }

    @Test("a line over the limit that arrives complete in one read is reported too")
    func oversizedCompleteLine() throws {
        let channel = self.makeChannel(maxLineLength: 4)
        try channel.writeInbound(ByteBuffer(string: "123456\n1234\n"))
        #expect(try self.frames(channel) == [.oversized(byteCount: 6, limit: 4), self.message("1234")])
    }

    @Test("a line of exactly the limit, with CRLF split across reads, is accepted")
    func exactLimitWithCRLF() throws {
        let channel = self.makeChannel(maxLineLength: 4)
        try channel.writeInbound(ByteBuffer(string: "1234\r"))
        try channel.writeInbound(ByteBuffer(string: "\n"))
        #expect(try self.frames(channel) == [self.message("1234")])
    }

    @Test("memory stays bounded while an endless line streams in")
    func boundedBuffering() throws {
        let channel = self.makeChannel(maxLineLength: 1024)
        for _ in 0..<1000 {
            try channel.writeInbound(ByteBuffer(repeating: UInt8(ascii: "a"), count: 4096))
        }
        try channel.writeInbound(ByteBuffer(string: "\n"))
        #expect(try self.frames(channel) == [.oversized(byteCount: 4_096_000, limit: 1024)])
    }

    @Test("at end of input an unterminated last line still counts")
    func lastLineWithoutNewline() throws {
        let channel = self.makeChannel()
        try channel.writeInbound(ByteBuffer(string: "{\"a\":1}\n{\"b\":2}"))
        channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        #expect(try self.frames(channel) == [self.message("{\"a\":1}"), self.message("{\"b\":2}")])
    }
}
