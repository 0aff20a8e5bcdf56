import Config

/// Metric gates: a measured number compared with the gate's threshold.
extension GateEvaluator {
    func evaluateMetric(_ gate: GateConfig, in context: GateContext) -> GateOutcome {
        guard let metric = gate.metric else { return .error("the metric gate has no `metric`") }
        guard let comparison = gate.operator else { return .error("the metric gate has no `operator`") }
        guard let threshold = gate.threshold else { return .error("the metric gate has no `threshold`") }
        let condition = GateCondition(comparison: comparison, threshold: threshold)
        var outcome: GateOutcome
        switch metric {
        case .coverage:
            outcome = evaluateCoverage(gate, condition: condition, in: context)
        case .complexityMax, .complexityMean:
            outcome = evaluateComplexity(gate, metric: metric, condition: condition, in: context)
        case .artifactCount:
            outcome = Self.compare(
                Double(context.artifactCount), label: "artifact count", shown: String(context.artifactCount),
                condition: condition)
        case .tokenSpend:
            outcome = Self.compare(
                Double(context.tokenSpend), label: "token spend", shown: String(context.tokenSpend),
                condition: condition)
        }
        outcome.threshold = threshold
        outcome.comparison = comparison.rawValue
        return outcome
    }

    /// `<label> <shown> meets the threshold: >= 1`, or why it does not; passed exactly when the condition holds.
    static func compare(_ value: Double, label: String, shown: String, condition: GateCondition) -> GateOutcome {
        GateOutcome(
            verdict: condition.holds(value) ? .passed : .failed,
            message: "\(label) \(shown) \(condition.verdict(for: value))", measured: value)
    }
}
