import Testing
import Tracing

@testable import orchestrator

@Suite("OTLP traces")
struct OTLPTests {
    @Test("a traceparent reads back as written; malformed, upper-case and all-zero ones are refused")
    func traceparents() throws {
        let text = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        let identity = try #require(SpanIdentity(traceparent: text))
        #expect(identity.traceparent == text && identity.sampled)
        #expect(SpanIdentity(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")?.sampled == false)
        for bad in [
            "", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "00-4bf92f35-00f067aa0ba902b7-01",
        ] {
            #expect(SpanIdentity(traceparent: bad) == nil, "\(bad)")
        }
    }

    @Test("samplers: parent-based follows the parent; a ratio decides from the trace id, alike in every process")
    func samplers() throws {
        let parent = try #require(SpanIdentity(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"))
        #expect(OTLPSampler.default.samples(traceID: parent.traceID, parent: parent) == false)
        #expect(OTLPSampler.default.samples(traceID: parent.traceID, parent: nil))
        #expect(OTLPSampler(name: "always_on", argument: nil)?.samples(traceID: parent.traceID, parent: parent) == true)
        #expect(OTLPSampler(name: "always_off", argument: nil)?.samples(traceID: parent.traceID, parent: nil) == false)
        let half = try #require(OTLPSampler(name: "traceidratio", argument: "0.5"))
        let low = [UInt8](repeating: 0, count: 8) + [0x10] + [UInt8](repeating: 0, count: 7)
        let high = [UInt8](repeating: 0, count: 8) + [0xf0] + [UInt8](repeating: 0, count: 7)
        #expect(half.samples(traceID: low, parent: nil) && !half.samples(traceID: high, parent: nil))
        #expect(OTLPSampler(name: "sometimes", argument: nil) == nil)
    }

    @Test("protobuf's wire format: varints, fixed 64-bit little-endian, length-delimited fields")
    func wireFormat() {
        var writer = ProtobufWriter()
        writer.varint(1, 300)
        writer.fixed64(7, 1)
        writer.string(5, "hi")
        #expect(writer.bytes == [0x08, 0xac, 0x02, 0x39, 1, 0, 0, 0, 0, 0, 0, 0, 0x2a, 2, 0x68, 0x69])
        var negative = ProtobufWriter()
        negative.varint(3, UInt64(bitPattern: -1))
        #expect(negative.bytes == [0x18] + [UInt8](repeating: 0xff, count: 9) + [0x01])
    }

    @Test("the standard variables: endpoint, headers, timeout, protocol, sampler and resource")
    func configuration() throws {
        #expect(try OTLPConfiguration.from([:], version: "1") == nil)
        #expect(
            try OTLPConfiguration.from(
                ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_SDK_DISABLED": "true"], version: "1") == nil)
        let configuration = try #require(
            try OTLPConfiguration.from(
                [
                    "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318/", "OTEL_EXPORTER_OTLP_HEADERS": "api-key=a%20b, x=y",
                    "OTEL_EXPORTER_OTLP_TIMEOUT": "2500", "OTEL_RESOURCE_ATTRIBUTES": "service.name=x,team=data",
                    "OTEL_SERVICE_NAME": "orch", "OTEL_TRACES_SAMPLER": "always_off",
                ], version: "1.2"))
        #expect(configuration.endpoint == "http://c:4318/v1/traces")
        #expect(configuration.headers.map { "\($0.name)=\($0.value)" } == ["api-key=a b", "x=y"])
        #expect(configuration.timeout == .milliseconds(2500))
        #expect(configuration.sampler == OTLPSampler(root: .never, followsParent: false))
        let resource = Dictionary(uniqueKeysWithValues: configuration.resource.map { ($0.0, "\($0.1)") })
        #expect(resource["service.name"]?.contains("orch") == true && resource["team"]?.contains("data") == true)
        #expect(
            try OTLPConfiguration.from(
                ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://c:4318/custom"], version: "1")?.endpoint
                == "http://c:4318/custom")
        #expect(throws: OTLPConfiguration.Invalid.self) {
            try OTLPConfiguration.from(
                ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"], version: "1")
        }
        #expect(throws: OTLPConfiguration.Invalid.self) {
            try OTLPConfiguration.from(
                ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_EXPORTER_OTLP_HEADERS": "novalue"], version: "1")
        }
    }
}
