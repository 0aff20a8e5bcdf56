import Model

/// A policy's gates: ids unique within the policy (layers merge by gate id, so a repeat would be ambiguous), and
/// every `pattern` a regular expression that compiles (else the gate could only fail when it runs, at a checkpoint).
enum PolicyRules {
    static func check(_ root: YAMLNode) -> [Diagnostic] {
        guard let gates = root["policy"]?["gates"]?.items else { return [] }
        var diagnostics = ConfigRules.duplicates(gates.compactMap { $0["id"] }, code: DiagnosticCode.duplicateGate) {
            "gate id '\($0)' is used more than once in this policy; layers merge gates by id, so each must be unique"
        }
        for node in gates.compactMap({ $0["pattern"] }) {
            guard let pattern = node.string, !pattern.isEmpty, let problem = RegexCheck.problem(in: pattern) else {
                continue
            }
            diagnostics.append(
                Diagnostic(
                    range: node.range, code: DiagnosticCode.invalidRegex,
                    message: "the pattern '\(pattern)' is not a valid regular expression: \(problem)"))
        }
        return diagnostics
    }
}
