import NIOCore
import NIOEmbedded
import Synchronization
import Testing

@testable import JSONRPC

@Suite("Frame inbox: order, end of input, back-pressure, cancellation")
struct FrameInboxTests {
    static func frame(_ text: String) -> JSONRPCFrame {
        .message(ByteBuffer(string: text))
    }

    @Test("frames come out in order, then the end; an error ends it after the buffered frames")
    func orderAndEnd() async throws {
        let inbox = JSONRPCFrameInbox(lowWatermark: 2, highWatermark: 4)
        inbox.push(Self.frame("1"))
        inbox.push(Self.frame("2"))
        inbox.finish()
        inbox.push(Self.frame("after the end"))
        var received: [JSONRPCFrame] = []
        for try await frame in inbox { received.append(frame) }
        #expect(received == [Self.frame("1"), Self.frame("2")])

        struct Broken: Error {}
        let failing = JSONRPCFrameInbox(lowWatermark: 2, highWatermark: 4)
        failing.push(Self.frame("kept"))
        failing.finish(throwing: Broken())
        #expect(try await failing.next() == Self.frame("kept"))
        await #expect(throws: Broken.self) { try await failing.next() }
    }

    @Test("a consumer waiting for a frame gets the one pushed next")
    func waitingConsumer() async throws {
        let inbox = JSONRPCFrameInbox(lowWatermark: 2, highWatermark: 4)
        async let next = inbox.next()
        // Whether or not the consumer is already waiting, the frame must reach it exactly once.
        inbox.push(Self.frame("x"))
        #expect(try await next == Self.frame("x"))
        inbox.finish()
        #expect(try await inbox.next() == nil)
    }

    @Test("reading stops at the high watermark and resumes once, at the low watermark")
    func backPressure() async throws {
        let inbox = JSONRPCFrameInbox(lowWatermark: 2, highWatermark: 4)
        let resumed = Mutex(0)
        inbox.onDrained { resumed.withLock { $0 += 1 } }
        for index in 0..<3 {
            inbox.push(Self.frame("\(index)"))
            #expect(inbox.mayRead())
        }
        inbox.push(Self.frame("3"))
        #expect(!inbox.mayRead())
        _ = try await inbox.next()  // 3 left: above the low watermark
        #expect(resumed.withLock { $0 } == 0)
        _ = try await inbox.next()  // 2 left: reading resumes
        #expect(resumed.withLock { $0 } == 1)
        _ = try await inbox.next()
        _ = try await inbox.next()
        #expect(resumed.withLock { $0 } == 1)
        #expect(inbox.mayRead())
    }

    @Test("cancelling the consumer while it waits ends its sequence instead of hanging")
    func cancellation() async throws {
        let inbox = JSONRPCFrameInbox(lowWatermark: 2, highWatermark: 4)
        let consumer = Task { try await inbox.next() }
        consumer.cancel()
        #expect(try await consumer.value == nil)
    }
}

@Suite("Frame inbox on a channel")
struct FrameInboxChannelTests {
    @Test("a closed channel's inbox, handler and context are freed (no cycle through the drain callback)")
    func freedAfterClose() async throws {
        weak var weakInbox: JSONRPCFrameInbox?
        do {
            let channel = EmbeddedChannel()
            let wrapped = try JSONRPCChannel.wrap(
                channel, configuration: JSONRPCConfiguration(framing: .newline, logger: .silent))
            weakInbox = wrapped.frames
            try channel.writeInbound(ByteBuffer(string: #"{"jsonrpc":"2.0","method":"x"}"# + "\n"))
            #expect(try await wrapped.frames.next() != nil)
            _ = try channel.finish()
        }
        #expect(weakInbox == nil)
    }
}
