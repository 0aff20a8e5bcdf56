import Instrumentation
import Logging
import OTel
import ServiceLifecycle

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// OpenTelemetry traces over OTLP/HTTP (protobuf by default), configured by the standard variables
/// (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, `OTEL_SERVICE_NAME`,
/// `OTEL_RESOURCE_ATTRIBUTES`, `OTEL_TRACES_SAMPLER`…). Off unless an endpoint is set: then no exporter, thread or
/// socket exists and the engine's spans are swift-distributed-tracing's no-ops.
enum TracingSetup {
    /// Whether the environment asks for traces.
    static func wanted(_ environment: [String: String]) -> Bool {
        if environment["OTEL_SDK_DISABLED"]?.lowercased() == "true" { return false }
        if environment["OTEL_TRACES_EXPORTER"]?.lowercased() == "none" { return false }
        return ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"].contains {
            !(environment[$0] ?? "").isEmpty
        }
    }

    /// Bootstraps the tracer and returns the service that exports its spans (run it in the command's service group,
    /// shut down after the runs, so their last spans are flushed); `nil` when traces are not asked for.
    static func start(logger: Logger) throws -> (any Service)? {
        guard wanted(ProcessInfo.processInfo.environment) else { return nil }
        var configuration = OTel.Configuration.default
        configuration.serviceName = "orchestrator"
        configuration.logs.enabled = false
        configuration.metrics.enabled = false
        configuration.traces.exporter = .otlp
        // The exporter's own complaints (an endpoint that refuses) go to this process's log, in its format.
        configuration.diagnosticLogger = .custom(logger)
        let backend = try OTel.makeTracingBackend(configuration: configuration)
        InstrumentationSystem.bootstrap(backend.factory)
        return backend.service
    }
}
