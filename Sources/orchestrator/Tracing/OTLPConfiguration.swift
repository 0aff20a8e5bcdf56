import Model
import Tracing

/// Where and how traces are exported, from OpenTelemetry's standard variables: the endpoint
/// (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, or `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`), `…_HEADERS`,
/// `…_TIMEOUT`, `…_PROTOCOL` (http/protobuf), `OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`, `OTEL_TRACES_SAMPLER`
/// and its argument, `OTEL_BSP_SCHEDULE_DELAY`.
struct OTLPConfiguration: Sendable {
    var endpoint: String
    var headers: [(name: String, value: String)]
    var timeout: Duration
    var sampler: OTLPSampler
    var resource: [(String, SpanAttribute)]
    var scheduleDelay: Duration

    /// A variable whose value cannot be used, named with what it expects.
    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    /// The configuration the environment asks for; `nil` when it asks for no traces.
    static func from(_ environment: [String: String], version: String) throws(Invalid) -> OTLPConfiguration? {
        func value(_ name: String) -> String? {
            environment[name].flatMap { $0.isEmpty ? nil : $0 }
        }
        if value("OTEL_SDK_DISABLED")?.lowercased() == "true" { return nil }
        if value("OTEL_TRACES_EXPORTER")?.lowercased() == "none" { return nil }
        let endpoint: String
        if let traces = value("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") {
            endpoint = traces
        } else if let base = value("OTEL_EXPORTER_OTLP_ENDPOINT") {
            endpoint = base.hasSuffix("/") ? base + "v1/traces" : base + "/v1/traces"
        } else {
            return nil
        }
        let wire =
            value("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") ?? value("OTEL_EXPORTER_OTLP_PROTOCOL") ?? "http/protobuf"
        guard wire == "http/protobuf" else {
            throw Invalid(description: "OTEL_EXPORTER_OTLP_PROTOCOL=\(wire): only http/protobuf is supported")
        }
        let headers = try pairs(
            value("OTEL_EXPORTER_OTLP_TRACES_HEADERS") ?? value("OTEL_EXPORTER_OTLP_HEADERS"),
            variable: "OTEL_EXPORTER_OTLP_HEADERS")
        let timeout = try milliseconds(
            value("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT") ?? value("OTEL_EXPORTER_OTLP_TIMEOUT"), default: 10_000,
            variable: "OTEL_EXPORTER_OTLP_TIMEOUT")
        guard let sampler = OTLPSampler(name: value("OTEL_TRACES_SAMPLER"), argument: value("OTEL_TRACES_SAMPLER_ARG"))
        else {
            throw Invalid(
                description:
                    "OTEL_TRACES_SAMPLER=\(value("OTEL_TRACES_SAMPLER") ?? ""): expected always_on, always_off, "
                    + "traceidratio, parentbased_always_on, parentbased_always_off or parentbased_traceidratio")
        }
        var attributes = try pairs(value("OTEL_RESOURCE_ATTRIBUTES"), variable: "OTEL_RESOURCE_ATTRIBUTES")
        let serviceName =
            value("OTEL_SERVICE_NAME") ?? attributes.first { $0.name == "service.name" }?.value ?? "orchestrator"
        attributes.removeAll { $0.name == "service.name" }
        var resource: [(String, SpanAttribute)] = [
            ("service.name", .string(serviceName)), ("service.version", .string(version)),
            ("telemetry.sdk.name", .string("orchestrator")), ("telemetry.sdk.language", .string("swift")),
        ]
        resource += attributes.map { ($0.name, .string($0.value)) }
        return OTLPConfiguration(
            endpoint: endpoint, headers: headers, timeout: timeout, sampler: sampler, resource: resource,
            scheduleDelay: try milliseconds(
                value("OTEL_BSP_SCHEDULE_DELAY"), default: 5_000, variable: "OTEL_BSP_SCHEDULE_DELAY"))
    }

    /// `key=value,key=value`, each side percent-decoded (W3C Baggage's format, which both variables use).
    static func pairs(_ text: String?, variable: String) throws(Invalid) -> [(name: String, value: String)] {
        guard let text else { return [] }
        var result: [(name: String, value: String)] = []
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw Invalid(description: "\(variable): '\(item)' is not key=value")
            }
            result.append(
                (
                    PercentDecoding.decoded(parts[0]).trimmedWhitespace,
                    PercentDecoding.decoded(parts[1]).trimmedWhitespace
                ))
        }
        return result
    }

    private static func milliseconds(
        _ text: String?, default fallback: Int, variable: String
    ) throws(Invalid)
        -> Duration
    {
        guard let text else { return .milliseconds(fallback) }
        guard let value = Int(text), value > 0 else {
            throw Invalid(description: "\(variable)=\(text): expected a number of milliseconds above 0")
        }
        return .milliseconds(value)
    }
}
