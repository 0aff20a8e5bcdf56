import CoreMetrics
import Foundation
import Testing

@testable import orchestrator

@Suite("Metrics")
struct MetricsTests {
    @Test(
        "a metrics address is HOST:PORT, [IPv6]:PORT or :PORT",
        arguments: [
            ("127.0.0.1:9464", MetricsAddress(host: "127.0.0.1", port: 9464)),
            (":9464", MetricsAddress(host: "0.0.0.0", port: 9464)),
            ("[::1]:0", MetricsAddress(host: "::1", port: 0)),
            ("localhost:80", MetricsAddress(host: "localhost", port: 80)),
        ])
    func addresses(text: String, expected: MetricsAddress) {
        #expect(MetricsAddress.parse(text) == .success(expected))
    }

    @Test(
        "anything else is refused saying why",
        arguments: [
            ("localhost", "'localhost' is not HOST:PORT (for example 127.0.0.1:9464)"),
            ("host:http", "'http' in 'host:http' is not a port (0 to 65535)"),
            ("host:70000", "'70000' in 'host:70000' is not a port (0 to 65535)"),
            ("::1:80", "write an IPv6 address in brackets: '[::1]:80'"),
        ])
    func refused(text: String, message: String) {
        #expect(MetricsAddress.parse(text) == .failure(MetricsAddressError(message)))
    }

    @Test("every metric is exposed with its help text and type")
    func helpAndType() {
        let backend = PrometheusMetricsBackend.make()
        backend.makeCounter(label: "orchestrator_tool_calls_total", dimensions: [("tool", "git")]).increment(by: 2)
        backend.makeTimer(label: "orchestrator_store_transaction_duration_seconds", dimensions: [("kind", "read")])
            .recordNanoseconds(2_000_000)
        backend.makeMeter(label: "orchestrator_rpc_open_connections", dimensions: []).increment(by: 1)
        let text = String(decoding: backend.registry.emitToBuffer(), as: UTF8.self)
        #expect(text.contains("# HELP orchestrator_tool_calls_total Tool calls agents made, by tool.\n"))
        #expect(text.contains("# TYPE orchestrator_tool_calls_total counter\n"))
        #expect(text.contains("orchestrator_tool_calls_total{tool=\"git\"} 2\n"))
        #expect(text.contains("# TYPE orchestrator_store_transaction_duration_seconds histogram\n"))
        #expect(text.contains("orchestrator_store_transaction_duration_seconds_sum{kind=\"read\"} 0.002"))
        #expect(text.contains("# TYPE orchestrator_rpc_open_connections gauge\n"))
    }

    @Test("the Grafana dashboard queries only metrics the program emits")
    func dashboardNamesKnownMetrics() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/observability/grafana-dashboard.json")
        let text = try String(contentsOf: file, encoding: .utf8)
        let names = Set(
            text.matches(of: /orchestrator_[a-z_]+/).map { match in
                String(match.output).replacing(/_(bucket|count|sum)$/, with: "")
            })
        let known = Set(PrometheusMetricsBackend.make().help.keys)
        #expect(names.count >= 10)
        #expect(names.subtracting(known).isEmpty, "unknown to the program: \(names.subtracting(known).sorted())")
    }
}

@Suite("Tracing set-up")
struct TracingSetupTests {
    @Test(
        "traces are exported only when an OTLP endpoint is set and nothing turns them off",
        arguments: [
            ([:], false),
            (["OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"], true),
            (["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://collector:4318/v1/traces"], true),
            (["OTEL_EXPORTER_OTLP_ENDPOINT": ""], false),
            (["OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_SDK_DISABLED": "TRUE"], false),
            (["OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_TRACES_EXPORTER": "none"], false),
        ])
    func wanted(environment: [String: String], expected: Bool) {
        #expect(TracingSetup.wanted(environment) == expected)
    }
}
