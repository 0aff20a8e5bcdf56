import Config

/// Decides whether a higher layer's definition of a locked gate is at least as strict as the locked one.
///
/// Only comparisons with a clear order are allowed to change: thresholds in the failing direction,
/// severity warning → blocking, more phases, more files or sections, fewer allowed findings, fewer
/// header lines. Anything whose strictness cannot be judged (a different regex or command) must stay equal.
public enum PolicyLockedGateCheck {
    /// One way an override is weaker than the locked gate.
    public struct Violation: Sendable, Hashable {
        /// `locked-gate-removed` when the check itself is replaced, else `locked-gate-weakened`.
        public var code: String
        /// The gate key whose value weakens the gate (where the diagnostic points).
        public var key: String
        public var reason: String
    }

    public static let weakenedCode = "locked-gate-weakened"
    public static let removedCode = "locked-gate-removed"

    /// Every way `override` is weaker than `locked`; empty when the override is allowed.
    public static func violations(locked: GateConfig, override: GateConfig) -> [Violation] {
        func weakened(_ key: String, _ reason: String) -> Violation {
            Violation(code: weakenedCode, key: key, reason: reason)
        }
        func removed(_ key: String, _ reason: String) -> Violation {
            Violation(code: removedCode, key: key, reason: reason)
        }
        if locked.type != override.type {
            return [removed("type", "changes the gate type from \(locked.type.rawValue) to \(override.type.rawValue)")]
        }
        var found: [Violation] = []
        if override.locked == false {
            found.append(weakened("locked", "unlocks it"))
        }
        if locked.effectiveSeverity == .blocking, override.effectiveSeverity == .warning {
            found.append(weakened("severity", "lowers its severity from blocking to warning"))
        }
        let dropped = locked.phases.filter { !override.phases.contains($0) }
        if !dropped.isEmpty {
            found.append(weakened("phases", "drops phases \(dropped.map(\.rawValue).joined(separator: ", "))"))
        }
        switch locked.type {
        case .metric: found += metricViolations(locked, override, weakened, removed)
        case .tool: found += toolViolations(locked, override, weakened, removed)
        case .validator: found += validatorViolations(locked, override, weakened, removed)
        }
        return found
    }

    private typealias Make = (String, String) -> Violation

    private static func metricViolations(
        _ locked: GateConfig, _ override: GateConfig, _ weakened: Make, _ removed: Make
    ) -> [Violation] {
        if locked.metric != override.metric {
            return [removed("metric", "measures \(override.metric?.rawValue ?? "nothing") instead")]
        }
        var found: [Violation] = []
        if let lockedOperator = locked.operator, let lockedThreshold = locked.threshold {
            if let overrideOperator = override.operator, let overrideThreshold = override.threshold {
                if !isAtLeastAsStrict(
                    lockedOperator, lockedThreshold, overrideOperator, overrideThreshold)
                {
                    let key = lockedOperator == overrideOperator ? "threshold" : "operator"
                    found.append(
                        weakened(
                            key,
                            "relaxes \(lockedOperator.rawValue) \(format(lockedThreshold)) "
                                + "to \(overrideOperator.rawValue) \(format(overrideThreshold))"))
                }
            } else {
                found.append(weakened("operator", "drops the threshold"))
            }
        }
        if locked.newCodeOnly != true, override.newCodeOnly == true {
            found.append(weakened("new_code_only", "measures new code only"))
        }
        return found
    }

    private static func toolViolations(
        _ locked: GateConfig, _ override: GateConfig, _ weakened: Make, _ removed: Make
    ) -> [Violation] {
        if locked.command != override.command {
            return [removed("command", "runs a different command")]
        }
        var found: [Violation] = []
        if (override.maxFindings ?? 0) > (locked.maxFindings ?? 0) {
            found.append(weakened("max_findings", "allows more findings"))
        }
        if locked.passOnExitCode ?? true, override.passOnExitCode == false {
            found.append(weakened("pass_on_exit_code", "ignores the exit status"))
        }
        if (locked.output ?? GateConfig.Output.none) != (override.output ?? GateConfig.Output.none) {
            found.append(weakened("output", "reads findings differently"))
        }
        return found
    }

    private static func validatorViolations(
        _ locked: GateConfig, _ override: GateConfig, _ weakened: Make, _ removed: Make
    ) -> [Violation] {
        if locked.validator != override.validator {
            return [removed("validator", "runs validator \(override.validator?.rawValue ?? "none") instead")]
        }
        var found: [Violation] = []
        let lostFiles = (locked.files ?? []).filter { !(override.files ?? []).contains($0) }
        if !lostFiles.isEmpty {
            found.append(weakened("files", "no longer checks \(lostFiles.joined(separator: ", "))"))
        }
        if locked.pattern != override.pattern {
            found.append(weakened("pattern", "changes the pattern"))
        }
        if (override.minFiles ?? 0) < (locked.minFiles ?? 0) {
            found.append(weakened("min_files", "requires fewer matching files"))
        }
        if (override.lines ?? 10) > (locked.lines ?? 10) {
            found.append(weakened("lines", "searches more lines for the header"))
        }
        let lostSections = (locked.sections ?? []).filter { !(override.sections ?? []).contains($0) }
        if !lostSections.isEmpty {
            found.append(weakened("sections", "no longer requires \(lostSections.joined(separator: ", "))"))
        }
        let lostTerms = (locked.terms ?? [:]).filter { override.terms?[$0.key] != $0.value }
        if !lostTerms.isEmpty {
            found.append(weakened("terms", "drops or changes terms \(lostTerms.keys.sorted().joined(separator: ", "))"))
        }
        return found
    }

    /// Whether every value passing `new` also passes `old` (the new condition is at least as strict).
    static func isAtLeastAsStrict(
        _ old: GateConfig.Operator, _ oldThreshold: Double, _ new: GateConfig.Operator, _ newThreshold: Double
    ) -> Bool {
        switch (old, new) {
        case (.greaterOrEqual, .greaterOrEqual), (.greaterOrEqual, .greater), (.greater, .greater):
            newThreshold >= oldThreshold
        case (.greater, .greaterOrEqual):
            newThreshold > oldThreshold
        case (.lessOrEqual, .lessOrEqual), (.lessOrEqual, .less), (.less, .less):
            newThreshold <= oldThreshold
        case (.less, .lessOrEqual):
            newThreshold < oldThreshold
        case (.equal, .equal):
            newThreshold == oldThreshold
        case (.greaterOrEqual, .equal):
            newThreshold >= oldThreshold
        case (.greater, .equal):
            newThreshold > oldThreshold
        case (.lessOrEqual, .equal):
            newThreshold <= oldThreshold
        case (.less, .equal):
            newThreshold < oldThreshold
        case (.notEqual, .notEqual):
            newThreshold == oldThreshold
        case (.notEqual, .equal):
            newThreshold != oldThreshold
        default:
            false
        }
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
