import Config
import Foundation
import Governance
import Model
import TestSupport

/// A policy of the given gates (YAML list items), allowed commands and waivers, merged as the only layer.
func gatePolicy(allowed: [String] = [], gates: String, waivers: String? = nil) throws -> EffectivePolicy {
    var text = "policy:\n  id: test\n  level: universal\n"
    if !allowed.isEmpty { text += "  allowed_commands: [\(allowed.joined(separator: ", "))]\n" }
    text += "  gates:\n" + indented(gates)
    if let waivers { text += "  waivers:\n" + indented(waivers) }
    let source = try PolicySource.parse(text, file: "test.policy.yaml")
    return PolicyStack(universal: source).effectivePolicy(client: nil)
}

private func indented(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "    " + $0 }
        .joined(separator: "\n") + "\n"
}

/// Noon UTC of a day, so the waiver day does not depend on the machine's time zone.
func gateDay(_ year: Int, _ month: Int, _ day: Int) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
    return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12)) ?? Date()
}

/// A workspace in a temporary folder holding `files`; removed by `remove()`.
struct GateWorkspace {
    let folder: TemporaryFolder
    let files: [String]

    init(_ contents: [String: String]) throws {
        folder = try TemporaryFolder(prefix: "gates")
        for (path, text) in contents {
            try folder.write(text, to: path)
        }
        files = contents.keys.sorted()
    }

    var path: String { folder.path }

    /// A context for `phase` over this workspace's files, judged on 2025-06-01.
    func context(
        _ phase: Phase = .qa, changedFiles: Set<String>? = nil, artifactCount: Int = 1, tokenSpend: Int64 = 0
    ) -> GateContext {
        GateContext(
            workspace: folder.path, phase: phase, files: files, changedFiles: changedFiles,
            artifactCount: artifactCount, tokenSpend: tokenSpend, date: gateDay(2025, 6, 1))
    }

    func remove() { folder.remove() }
}

/// An LCOV record of one file with `found` instrumented lines, the first `hit` of them run.
func lcovRecord(_ path: String, found: Int, hit: Int) -> String {
    var text = "TN:\nSF:\(path)\n"
    for line in 1...found {
        text += "DA:\(line),\(line <= hit ? 1 : 0)\n"
    }
    return text + "LF:\(found)\nLH:\(hit)\nend_of_record\n"
}

/// Evaluates the policy's gates of the context's phase.
func evaluateGates(_ policy: EffectivePolicy, _ context: GateContext) async -> [GateResult] {
    await GateEvaluator(policy: policy).evaluate(context)
}
