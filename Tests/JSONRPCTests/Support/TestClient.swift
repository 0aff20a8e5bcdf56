import JSONRPC
import NIOCore
import NIOPosix

/// A raw byte client for integration tests: writes whatever it is given, reads lines or LSP messages.
final class TestClient {
    let channel: any Channel
    private var iterator: AsyncThrowingStream<ByteBuffer, any Error>.AsyncIterator
    private var pending = ByteBuffer()

    init(channel asyncChannel: NIOAsyncChannel<ByteBuffer, Never>) {
        self.channel = asyncChannel.channel
        let (chunks, sink) = AsyncThrowingStream.makeStream(of: ByteBuffer.self)
        self.iterator = chunks.makeAsyncIterator()
        // Reads are pumped by a scoped task; writes go straight to the channel (no handler intercepts them).
        Task {
            try? await asyncChannel.executeThenClose { inbound in
                do {
                    for try await chunk in inbound { sink.yield(chunk) }
                    sink.finish()
                } catch {
                    sink.finish(throwing: error)
                }
            }
        }
    }

    /// Connects to a Unix-domain socket.
    static func connect(to path: String) async throws -> TestClient {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .connect(unixDomainSocketPath: path) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, Never>(wrappingChannelSynchronously: channel)
                }
            }
        return TestClient(channel: channel)
    }

    /// Speaks over a pair of pipe descriptors (takes ownership of both).
    static func pipes(input: Int32, output: Int32) async throws -> TestClient {
        let channel = try await NIOPipeBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .takingOwnershipOfDescriptors(input: input, output: output) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, Never>(wrappingChannelSynchronously: channel)
                }
            }
        return TestClient(channel: channel)
    }

    /// Writes raw text.
    func send(_ text: String) async throws {
        try await self.channel.writeAndFlush(ByteBuffer(string: text)).get()
    }

    /// Sends one request line and returns the parsed reply line.
    func call(_ line: String) async throws -> JSONValue? {
        try await self.send(line + "\n")
        return try await self.readLine().map { try JSONValue(parsing: $0) }
    }

    /// The next line without its newline, or `nil` at end of stream.
    func readLine() async throws -> String? {
        var scanned = 0
        while true {
            // Resume the search where the last one stopped, so long lines are scanned once.
            let view = self.pending.readableBytesView
            if let newline = view.dropFirst(scanned).firstIndex(of: UInt8(ascii: "\n")) {
                let line = self.pending.readString(length: newline - self.pending.readerIndex) ?? ""
                self.pending.moveReaderIndex(forwardBy: 1)
                return line
            }
            scanned = view.count
            guard try await self.fill() else { return nil }
        }
    }

    /// The next LSP-framed message body, or `nil` at end of stream.
    func readLSPMessage() async throws -> JSONValue? {
        var header = ""
        while !header.hasSuffix("\r\n\r\n") {
            if self.pending.readableBytes == 0 { guard try await self.fill() else { return nil } }
            header += self.pending.readString(length: 1) ?? ""
        }
        let lengthText = header.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
        guard let lengthText, let length = Int(lengthText.dropFirst("content-length:".count).trimmingPrefix(" ")) else {
            return nil
        }
        while self.pending.readableBytes < length {
            guard try await self.fill() else { return nil }
        }
        return try self.pending.readSlice(length: length).map { try JSONValue(parsing: $0) }
    }

    /// Whether the server closed the stream (reads until end; any bytes before it are returned).
    func readToEnd() async throws -> String {
        while try await self.fill() {}
        return self.pending.readString(length: self.pending.readableBytes) ?? ""
    }

    /// Stops writing but keeps reading (as `nc -N` does).
    func closeOutput() async throws {
        try await self.channel.close(mode: .output).get()
    }

    /// Hangs up.
    func close() async {
        try? await self.channel.close().get()
    }

    private func fill() async throws -> Bool {
        do {
            guard var chunk = try await self.iterator.next() else { return false }
            self.pending.writeBuffer(&chunk)
            return true
        } catch let error as IOError where error.errnoCode == 104 {
            // ECONNRESET: the server dropped us; for these tests that is the same as end of stream.
            return false
        }
    }
}
