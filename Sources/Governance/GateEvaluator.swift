import Config
import Glob
import Model
import Snapshots

/// Evaluates the effective policy's gates at one phase's checkpoint.
///
/// It never throws: a gate that cannot be evaluated (a missing report, a regex that does not compile, a
/// command that is not allowed or times out) becomes a result with status `error` for that gate, and the
/// other gates are still evaluated. Gates run one at a time, in policy order, so tool gates never compete
/// for the machine and results come out in a stable order.
public struct GateEvaluator: Sendable {
    /// The policy whose gates and waivers are applied.
    public let policy: EffectivePolicy
    let waivers: WaiverEvaluation

    /// Bytes kept of a tool gate's stdout and stderr; more output with `sarif` or `lines` is an error.
    public static let toolOutputCap = 8 * 1024 * 1024
    /// Coverage reports larger than this (64 MiB) are not read.
    public static let maximumReportSize = 64 * 1024 * 1024

    /// An evaluator of `policy`'s gates.
    public init(policy: EffectivePolicy) {
        self.policy = policy
        self.waivers = WaiverEvaluation(waivers: policy.waivers.map(\.waiver))
    }

    /// The gates evaluated at `phase`'s checkpoint, in policy order.
    public func gates(for phase: Phase) -> [EffectiveGate] {
        policy.gates.filter { $0.gate.phases.contains(phase) }
    }

    /// Evaluates every gate of the context's phase, in policy order; gates of other phases are not evaluated.
    public func evaluate(_ context: GateContext) async -> [GateResult] {
        var results: [GateResult] = []
        for gate in gates(for: context.phase) {
            results.append(await evaluate(gate.gate, in: context))
        }
        return results
    }

    /// Evaluates one gate, whatever its phases, and applies the policy's waivers to its failures.
    public func evaluate(_ gate: GateConfig, in context: GateContext) async -> GateResult {
        let clock = ContinuousClock()
        let start = clock.now
        let outcome: GateOutcome
        switch gate.type {
        case .metric: outcome = evaluateMetric(gate, in: context)
        case .tool: outcome = await evaluateTool(gate, in: context)
        case .validator: outcome = evaluateValidator(gate, in: context)
        }
        var result = applyWaivers(to: outcome, of: gate, in: context)
        result.durationMs = Self.milliseconds(clock.now - start)
        return result
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }

    /// The gate's `files` globs compiled, nil when it has none; a glob that does not compile is named.
    static func globs(_ gate: GateConfig) throws(GateEvaluationError) -> [GlobPattern]? {
        guard let texts = gate.files, !texts.isEmpty else { return nil }
        return try texts.map { text throws(GateEvaluationError) in try glob(text, key: "files") }
    }

    /// One glob compiled; `key` names the setting it came from in the error.
    static func glob(_ text: String, key: String) throws(GateEvaluationError) -> GlobPattern {
        do {
            return try GlobPattern(text)
        } catch {
            throw GateEvaluationError("the `\(key)` glob '\(text)' is not valid: \(error.message)")
        }
    }
}
