import Config
import Model

/// Where an intake lists a phase: the line a gate result about no one file (a metric, a tool's exit code,
/// a missing required artifact) is shown on.
enum IntakePhaseLocator {
    /// The item of `phases` naming `phase`; else the `phases` key; else the start of the file (also when the
    /// text does not parse: the result must still be shown somewhere).
    static func range(of phase: String, in bytes: [UInt8], limits: YAMLLimits = .default) -> SourceRange {
        guard let root = YAMLParser.parse(bytes, limits: limits).documents.first?.root,
            let phases = root.entry("phases")
        else { return .zero }
        if let item = phases.value.items?.first(where: { $0.string == phase }) {
            return item.range
        }
        return phases.key.range
    }
}
