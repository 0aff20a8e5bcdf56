import JSONRPC
import NIOCore
import NIOEmbedded
import Testing

@Suite("Framing sniffer and encoders")
struct FramingSnifferTests {
    func makeChannel(_ framing: JSONRPCFraming = .auto) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addJSONRPCFraming(framing, limits: JSONRPCLimits())
        return channel
    }

    func outbound(_ channel: EmbeddedChannel) throws -> String {
        var text = ""
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
        return text
    }

    @Test(
        "a first byte of { or [ after blanks selects newline framing, and replies are lines",
        arguments: ["{\"a\":1}\n", "  \r\n\t[1]\n", "\n\n{\"a\":1}\r\n"]
    )
    func newlineMode(input: String) throws {
        let channel = try self.makeChannel()
        try channel.writeInbound(ByteBuffer(string: input))
        guard case .message = try channel.readInbound(as: JSONRPCFrame.self) else {
            Issue.record("expected one message")
            return
        }
        #expect(throws: (any Error).self) {
            try channel.pipeline.syncOperations.handler(type: JSONRPCFramingSniffer.self)
        }
        try channel.writeOutbound(ByteBuffer(string: #"{"r":1}"#))
        #expect(try self.outbound(channel) == "{\"r\":1}\n")
    }

    @Test("a first byte of C or c selects LSP framing, and replies carry Content-Length", arguments: ["C", "c"])
    func lspMode(first: String) throws {
        let channel = try self.makeChannel()
        try channel.writeInbound(ByteBuffer(string: "\r\n\(first)ontent-Length: 3\r\n\r\n[1]"))
        #expect(try channel.readInbound(as: JSONRPCFrame.self) == .message(ByteBuffer(string: "[1]")))
        try channel.writeOutbound(ByteBuffer(string: "{\"é\":1}"))
        #expect(try self.outbound(channel) == "Content-Length: 8\r\n\r\n{\"é\":1}")
    }

    @Test("the mode is locked: after newline mode, a Content-Length line is just a bad line")
    func modeIsLocked() throws {
        let channel = try self.makeChannel()
        try channel.writeInbound(ByteBuffer(string: "[1]\nContent-Length: 3\r\n"))
        #expect(try channel.readInbound(as: JSONRPCFrame.self) == .message(ByteBuffer(string: "[1]")))
        #expect(try channel.readInbound(as: JSONRPCFrame.self) == .message(ByteBuffer(string: "Content-Length: 3")))
    }

    @Test("only blanks so far: nothing is decided, buffered or emitted")
    func blanksOnly() throws {
        let channel = try self.makeChannel()
        for _ in 0..<100 { try channel.writeInbound(ByteBuffer(string: " \r\n\t")) }
        #expect(try channel.readInbound(as: JSONRPCFrame.self) == nil)
        #expect((try? channel.pipeline.syncOperations.handler(type: JSONRPCFramingSniffer.self)) != nil)
    }

    @Test("any other first byte falls back to newline framing so the peer gets an error it can read")
    func otherByte() throws {
        let channel = try self.makeChannel()
        try channel.writeInbound(ByteBuffer(string: "hello\n"))
        #expect(try channel.readInbound(as: JSONRPCFrame.self) == .message(ByteBuffer(string: "hello")))
    }

    @Test("writing before the framing is known fails instead of guessing")
    func writeBeforeDetection() throws {
        let channel = try self.makeChannel()
        #expect {
            try channel.writeOutbound(ByteBuffer(string: "{}"))
        } throws: { error in
            (error as? JSONRPCFramingError)?.code == .framingNotDetected
        }
    }

    @Test("an explicit framing skips sniffing", arguments: [JSONRPCFraming.lsp, .newline])
    func explicit(framing: JSONRPCFraming) throws {
        let channel = try self.makeChannel(framing)
        try channel.writeOutbound(ByteBuffer(string: "{}"))
        #expect(try self.outbound(channel) == (framing == .lsp ? "Content-Length: 2\r\n\r\n{}" : "{}\n"))
    }
}
