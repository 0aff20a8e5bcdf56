import Model

/// A policy's gates: ids unique within the policy (layers merge by gate id, so a repeat would be ambiguous).
enum PolicyRules {
    static func check(_ root: YAMLNode) -> [Diagnostic] {
        guard let gates = root["policy"]?["gates"]?.items else { return [] }
        return ConfigRules.duplicates(gates.compactMap { $0["id"] }, code: DiagnosticCode.duplicateGate) {
            "gate id '\($0)' is used more than once in this policy; layers merge gates by id, so each must be unique"
        }
    }
}
