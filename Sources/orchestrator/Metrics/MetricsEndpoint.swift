import NIOCore
import NIOHTTP1
import NIOPosix
import Prometheus
import ServiceLifecycle

/// The HTTP listener Prometheus scrapes: `GET /metrics` answers the registry in the text exposition format; every
/// other path is 404 and every other method 405. A `Service`: it stops accepting and closes its connections when
/// the server shuts down.
final class MetricsEndpoint: Service, Sendable {
    private typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    private let listener: NIOAsyncChannel<Connection, Never>
    private let registry: PrometheusCollectorRegistry
    /// Where it listens, with the port the system chose for port 0 (`HOST:PORT`, IPv6 in brackets).
    let boundAddress: String

    private init(listener: NIOAsyncChannel<Connection, Never>, registry: PrometheusCollectorRegistry) {
        self.listener = listener
        self.registry = registry
        let local = listener.channel.localAddress
        let host = local?.ipAddress ?? "?"
        let port = local?.port ?? 0
        self.boundAddress = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Listens at the address; the error says which address could not be bound and why.
    static func bind(_ address: MetricsAddress, registry: PrometheusCollectorRegistry) async throws -> MetricsEndpoint {
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: address.host, port: address.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try Connection(wrappingChannelSynchronously: channel)
                }
            }
        return MetricsEndpoint(listener: listener, registry: registry)
    }

    func run() async throws {
        // A scraper keeps its connection open between scrapes: shutting down cancels the connections' tasks rather
        // than waiting for the scraper to hang up.
        try await cancelWhenGracefulShutdown {
            try await self.listener.executeThenClose { connections in
                await withDiscardingTaskGroup { group in
                    do {
                        for try await connection in connections {
                            group.addTask { await self.serve(connection) }
                        }
                    } catch {
                        return
                    }
                }
            }
        }
    }

    private func serve(_ connection: Connection) async {
        try? await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            for try await part in inbound {
                switch part {
                case .head(let request):
                    head = request
                case .body:
                    continue
                case .end:
                    guard let request = head else { continue }
                    try await self.answer(request, to: outbound)
                    if !request.isKeepAlive { return }
                    head = nil
                }
            }
        }
    }

    private func answer(
        _ request: HTTPRequestHead, to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    )
        async throws
    {
        let path = request.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? request.uri
        let (status, contentType, body): (HTTPResponseStatus, String, [UInt8])
        if path != "/metrics" {
            (status, contentType, body) = (.notFound, "text/plain; charset=utf-8", Array("see /metrics\n".utf8))
        } else if request.method != .GET && request.method != .HEAD {
            (status, contentType, body) = (.methodNotAllowed, "text/plain; charset=utf-8", Array("use GET\n".utf8))
        } else {
            (status, contentType, body) = (.ok, "text/plain; version=0.0.4; charset=utf-8", registry.emitToBuffer())
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: String(body.count))
        if status == .methodNotAllowed { headers.add(name: "Allow", value: "GET, HEAD") }
        try await outbound.write(.head(HTTPResponseHead(version: request.version, status: status, headers: headers)))
        if request.method != .HEAD { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
        try await outbound.write(.end(nil))
    }
}
