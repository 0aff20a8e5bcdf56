import JSON
import NIOCore
import NIOHTTP1
import NIOPosix

/// A response the loopback server plays back: a head, then body chunks each written and flushed on its own.
struct LoopbackResponse: Sendable {
    var status: Int
    var headers: [(String, String)]
    var chunks: [[UInt8]]
    /// Close the connection after this many chunks, leaving the body unfinished.
    var dropAfterChunks: Int?
    /// Stop sending after this many chunks and keep the connection open until the client leaves.
    var hangAfterChunks: Int?

    init(
        status: Int, headers: [(String, String)] = [], chunks: [[UInt8]], dropAfterChunks: Int? = nil,
        hangAfterChunks: Int? = nil
    ) {
        self.status = status
        self.headers = headers
        self.chunks = chunks
        self.dropAfterChunks = dropAfterChunks
        self.hangAfterChunks = hangAfterChunks
    }

    /// A 200 event stream whose body is `chunks`, sent as given.
    static func eventStream(
        _ chunks: [[UInt8]], headers: [(String, String)] = [], dropAfterChunks: Int? = nil, hangAfterChunks: Int? = nil
    ) -> LoopbackResponse {
        LoopbackResponse(
            status: 200, headers: [("content-type", "text/event-stream")] + headers, chunks: chunks,
            dropAfterChunks: dropAfterChunks, hangAfterChunks: hangAfterChunks)
    }

    /// A complete JSON answer with a content length.
    static func json(status: Int, _ body: String, headers: [(String, String)] = []) -> LoopbackResponse {
        let bytes = Array(body.utf8)
        return LoopbackResponse(
            status: status,
            headers: [("content-type", "application/json"), ("content-length", String(bytes.count))] + headers,
            chunks: [bytes])
    }
}

/// A request as the loopback server received it.
struct LoopbackRequest: Sendable {
    var method: String
    var uri: String
    var headers: HTTPHeaders
    var body: [UInt8]

    /// The first value of a header, by case-insensitive name.
    func header(_ name: String) -> String? { headers.first(name: name) }

    /// The body parsed as JSON, or `nil` if it is not JSON.
    var json: JSONValue? { try? JSONValue(parsing: String(decoding: body, as: UTF8.self)) }
}

/// The server's record of requests and the responses still to play, one per request in order, or the function that
/// answers each (for clients that send several requests at once, whose order is not fixed).
actor LoopbackScript {
    private var pending: [LoopbackResponse]
    private let answer: (@Sendable (LoopbackRequest) async -> LoopbackResponse)?
    private(set) var requests: [LoopbackRequest] = []

    init(_ responses: [LoopbackResponse]) {
        pending = responses
        answer = nil
    }

    init(answer: @escaping @Sendable (LoopbackRequest) async -> LoopbackResponse) {
        pending = []
        self.answer = answer
    }

    func respond(to request: LoopbackRequest) async -> LoopbackResponse {
        requests.append(request)
        if let answer { return await answer(request) }
        guard !pending.isEmpty else {
            // Not retryable for the client, and the message names the cause in the failing test.
            return .json(
                status: 400,
                #"{"type":"error","error":{"type":"loopback_script_exhausted","message":"no response scripted"}}"#)
        }
        return pending.removeFirst()
    }
}

/// An HTTP/1.1 server on 127.0.0.1 that plays scripted responses, for testing clients against real sockets.
struct LoopbackHTTPServer: Sendable {
    let port: Int
    let script: LoopbackScript

    /// `http://127.0.0.1:<port>`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Every request received so far, in order.
    var requests: [LoopbackRequest] { get async { await script.requests } }

    /// Runs `body` against a server that answers with `responses` in order, then shuts the server down.
    static func with<Result: Sendable>(
        _ responses: [LoopbackResponse], _ body: (LoopbackHTTPServer) async throws -> Result
    ) async throws -> Result {
        try await with(script: LoopbackScript(responses), body)
    }

    /// Runs `body` against a server whose answers `answer` gives, request by request, then shuts the server down.
    static func with<Result: Sendable>(
        answering answer: @escaping @Sendable (LoopbackRequest) async -> LoopbackResponse,
        _ body: (LoopbackHTTPServer) async throws -> Result
    ) async throws -> Result {
        try await with(script: LoopbackScript(answer: answer), body)
    }

    private static func with<Result: Sendable>(
        script: LoopbackScript, _ body: (LoopbackHTTPServer) async throws -> Result
    ) async throws -> Result {
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        guard let port = listener.channel.localAddress?.port else {
            try? await listener.channel.close()
            throw LoopbackServerError.noPort
        }
        let serving = Task {
            try await withThrowingDiscardingTaskGroup { group in
                try await listener.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { try? await serve(connection, script: script) }
                    }
                }
            }
        }
        defer { serving.cancel() }
        let result = try await body(LoopbackHTTPServer(port: port, script: script))
        serving.cancel()
        _ = await serving.result
        return result
    }

    private static func serve(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, script: LoopbackScript
    ) async throws {
        try await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body: [UInt8] = []
            for try await part in inbound {
                switch part {
                case .head(let received):
                    head = received
                    body = []
                case .body(let buffer):
                    body.append(contentsOf: buffer.readableBytesView)
                case .end:
                    guard let head else { continue }
                    let request = LoopbackRequest(
                        method: head.method.rawValue, uri: head.uri, headers: head.headers, body: body)
                    let response = await script.respond(to: request)
                    // Returning closes the connection; a hanging response keeps reading until the client leaves.
                    if try await play(response, to: outbound) == .drop { return }
                }
            }
        }
    }

    private enum Ending { case complete, drop, hang }

    private static func play(
        _ response: LoopbackResponse, to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws -> Ending {
        var headers = HTTPHeaders()
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        let head = HTTPResponseHead(
            version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        try await outbound.write(.head(head))
        for (index, chunk) in response.chunks.enumerated() {
            if response.dropAfterChunks == index { return .drop }
            if response.hangAfterChunks == index { return .hang }
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: chunk))))
        }
        if response.dropAfterChunks == response.chunks.count { return .drop }
        if response.hangAfterChunks == response.chunks.count { return .hang }
        try await outbound.write(.end(nil))
        return .complete
    }
}

enum LoopbackServerError: Error {
    case noPort
}
