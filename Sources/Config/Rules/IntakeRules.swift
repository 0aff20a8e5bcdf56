import Model

/// An intake's phases: valid names (the schema), each once (the schema), in canonical order, none required left out.
enum IntakeRules {
    static func check(_ root: YAMLNode) -> [Diagnostic] {
        guard let entry = root.entry("phases"), let items = entry.value.items else { return [] }
        var diagnostics: [Diagnostic] = []
        var listed: [Phase] = []
        var latest: (phase: Phase, range: SourceRange)?
        for item in items {
            guard let name = item.string, let phase = Phase(rawValue: name), !listed.contains(phase) else { continue }
            listed.append(phase)
            if let latest, phase < latest.phase {
                diagnostics.append(
                    Diagnostic(
                        range: item.range, code: DiagnosticCode.phaseOrder,
                        message: "phase '\(phase.rawValue)' must come before '\(latest.phase.rawValue)'; phases run in "
                            + "the order \(canonicalOrder)",
                        related: [.init(range: latest.range, message: "'\(latest.phase.rawValue)' is listed here")]))
            } else {
                latest = (phase, item.range)
            }
        }
        let allNamesValid = items.allSatisfy { $0.string.flatMap(Phase.init(rawValue:)) != nil }
        let missing = Phase.allCases.filter { !$0.isOptional && !listed.contains($0) }
        if allNamesValid, !missing.isEmpty {
            let names = missing.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            diagnostics.append(
                Diagnostic(
                    range: entry.key.range, code: DiagnosticCode.missingPhase,
                    message: "phases must include \(names); every workflow runs planning, architecture, development, "
                        + "qa and documentation (data is optional)"))
        }
        return diagnostics
    }

    static let canonicalOrder = Phase.allCases.map(\.rawValue).joined(separator: ", ")
}
