import JSONRPC
import Testing

@Suite("Large messages")
struct LargeMessageTests {
    @Test("a multi-megabyte message round-trips in both framings")
    func largeRoundTrip() async throws {
        let running = try await RunningServer.start()
        let payload = String(repeating: "0123456789abcdef", count: 256 * 1024)
        let body = #"{"jsonrpc":"2.0","id":1,"method":"echo","params":[""# + payload + #""]}"#
        let lineClient = try await TestClient.connect(to: running.path)
        #expect(try await lineClient.call(body)?["result"]?[0]?.stringValue?.count == payload.count)
        let lspClient = try await TestClient.connect(to: running.path)
        try await lspClient.send("Content-Length: \(body.utf8.count)\r\n\r\n" + body)
        #expect(try await lspClient.readLSPMessage()?["result"]?[0]?.stringValue?.count == payload.count)
        await lineClient.close()
        await lspClient.close()
        try await running.stop()
    }
}
