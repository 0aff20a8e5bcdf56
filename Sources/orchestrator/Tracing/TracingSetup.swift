import Instrumentation
import Logging
import ServiceLifecycle

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// OpenTelemetry traces over OTLP/HTTP (protobuf), configured by the standard variables (`OTLPConfiguration`). Off
/// unless an endpoint is set: then no exporter, thread or socket exists and the engine's spans are
/// swift-distributed-tracing's no-ops.
enum TracingSetup {
    /// Whether the environment asks for traces.
    static func wanted(_ environment: [String: String]) -> Bool {
        (try? OTLPConfiguration.from(environment, version: "")) != nil
    }

    /// Bootstraps the tracer and returns the service that exports its spans (run it in the command's service group,
    /// shut down after the runs, so their last spans are sent); `nil` when traces are not asked for.
    static func start(logger: Logger) throws -> (any Service)? {
        let configuration: OTLPConfiguration?
        do {
            configuration = try OTLPConfiguration.from(
                ProcessInfo.processInfo.environment, version: OrchestratorVersion.current)
        } catch {
            throw CommandFailure.usage("cannot export traces: \(error.description)")
        }
        guard let configuration else { return nil }
        let exporter = OTLPExporter(configuration: configuration, logger: logger)
        InstrumentationSystem.bootstrap(OTLPTracer(sampler: configuration.sampler, exporter: exporter))
        return exporter
    }
}
