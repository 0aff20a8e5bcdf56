import Engine
import Logging
import ServiceLifecycle

/// A command's runs under a ``RunSupervisor`` in a service group that handles SIGINT and SIGTERM: the body
/// launches through the supervisor; when it returns, the group shuts down (runs still going are interrupted).
enum SupervisedRun {
    /// How long a run may take to reach its next safe point after a signal before the group stops waiting for it.
    static let gracefulShutdownLimit: Duration = .seconds(10)

    static func run<T: Sendable>(_ body: @escaping @Sendable (RunSupervisor) async throws -> T) async throws -> T {
        let logger = CommandLogging.logger(for: "run")
        // JSON logs carry the run's events (for collectors); plain logs leave them to the progress display.
        let supervisor = RunSupervisor(
            logger: logger, shutdownReason: "the command received a signal",
            logsEvents: LogSettings.current.format == .json)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: supervisor)]
        // First in the group, so shut down last: the run's spans are flushed after the run has ended.
        if let tracing = try TracingSetup.start(logger: logger) { services.insert(.init(service: tracing), at: 0) }
        var configuration = ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint],
            cancellationSignals: [], logger: logger)
        configuration.maximumGracefulShutdownDuration = gracefulShutdownLimit
        let group = ServiceGroup(configuration: configuration)
        return try await withThrowingTaskGroup(of: T?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            tasks.addTask {
                do {
                    let value = try await body(supervisor)
                    await group.triggerGracefulShutdown()
                    return value
                } catch {
                    await group.triggerGracefulShutdown()
                    throw error
                }
            }
            var result: T?
            for try await value in tasks where value != nil { result = value }
            guard let result else { throw CancellationError() }
            return result
        }
    }
}
