import CoreMetrics
import Engine
import JSONRPC
import Prometheus

/// The swift-metrics backend of `serve --metrics-address`: swift-prometheus's registry, with each metric's `# HELP`
/// text from the module that emits it (swift-prometheus's own factory registers every metric without one, which
/// `promtool check metrics` reports as a problem).
struct PrometheusMetricsBackend: MetricsFactory {
    let registry: PrometheusCollectorRegistry
    let help: [String: String]

    /// Buckets for durations from a store transaction (sub-millisecond) to a phase (minutes).
    static let durationBuckets: [Duration] = [
        .microseconds(100), .microseconds(500), .milliseconds(1), .milliseconds(5), .milliseconds(25),
        .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5), .seconds(30), .seconds(120),
        .seconds(600), .seconds(1800),
    ]

    /// The backend over a new registry, knowing the help of every metric this program emits.
    static func make() -> PrometheusMetricsBackend {
        PrometheusMetricsBackend(
            registry: PrometheusCollectorRegistry(),
            help: EngineMetrics.help.merging(JSONRPCMetrics.help) { first, _ in first })
    }

    private func descriptor(_ label: String) -> MetricNameDescriptor {
        // The emitting modules name metrics in full (`orchestrator_…_total`), so the unit is already in the name.
        MetricNameDescriptor(metricName: label, unitName: "", helpText: help[label] ?? "")
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        registry.makeCounter(descriptor: descriptor(label), labels: dimensions)
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        registry.makeCounter(descriptor: descriptor(label), labels: dimensions)
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        guard aggregate else { return registry.makeGauge(descriptor: descriptor(label), labels: dimensions) }
        return registry.makeValueHistogram(
            descriptor: descriptor(label), labels: dimensions, buckets: [1, 10, 100, 1_000, 10_000, 100_000])
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        registry.makeGauge(descriptor: descriptor(label), labels: dimensions)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        registry.makeDurationHistogram(
            descriptor: descriptor(label), labels: dimensions, buckets: Self.durationBuckets)
    }

    // Series stay registered for the life of the process: the label sets are bounded, and a destroyed series
    // would make a counter go back to zero between scrapes.
    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyMeter(_ handler: any MeterHandler) {}
    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}
}
