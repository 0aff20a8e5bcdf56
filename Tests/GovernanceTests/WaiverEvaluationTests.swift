import Governance
import Model
import Testing

@testable import Config

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

private func day(_ year: Int, _ month: Int, _ day: Int, hour: Int = 12) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
    return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour)) ?? Date()
}

private let policyText = """
    policy:
      id: acme-corp
      level: client
      client: acme-corp
      gates:
        - id: license-header
          type: validator
          phases: [development, qa]
          validator: license_header
          files: ["src/**/*.py"]
          pattern: '^# Copyright'
      waivers:
        - gate: license-header
          reason: Vendored helpers keep their upstream MIT header.
          approver: jane.doe@acme-corp.example
          expires: 2025-12-31
          scope:
            paths: ["src/vendor/**"]
            phases: [qa]

    """

@Suite("Waiver evaluation")
struct WaiverEvaluationTests {
    private func evaluation() throws -> WaiverEvaluation {
        let source = try PolicySource.parse(policyText, file: "acme-corp.yaml")
        return WaiverEvaluation(waivers: source.policy.waivers ?? [])
    }

    @Test(
        "a waiver is active, expired or out of scope",
        arguments: [
            ("license-header", day(2025, 6, 1), Phase.qa, "src/vendor/a/b.py", WaiverEvaluation.Status.active),
            ("license-header", day(2025, 12, 31, hour: 23), .qa, "src/vendor/x.py", .active),
            ("license-header", day(2026, 1, 1, hour: 0), .qa, "src/vendor/x.py", .expired),
            ("license-header", day(2025, 6, 1), .development, "src/vendor/x.py", .notApplicable),
            ("license-header", day(2025, 6, 1), .qa, "src/app/main.py", .notApplicable),
            ("coverage.min", day(2025, 6, 1), .qa, "src/vendor/x.py", .notApplicable),
        ] as [(String, Date, Phase, String, WaiverEvaluation.Status)])
    func status(gate: String, date: Date, phase: Phase, path: String, expected: WaiverEvaluation.Status) throws {
        let outcome = try evaluation().evaluate(gate: gate, date: date, phase: phase, path: path)
        #expect(outcome.verdicts.map(\.status) == [expected])
        #expect((outcome.activeWaiver != nil) == (expected == .active))
        #expect(outcome.expired.count == (expected == .expired ? 1 : 0))
    }

    @Test("a path-scoped waiver does not cover a failure without a location")
    func pathScopeNeedsPath() throws {
        let outcome = try evaluation().evaluate(gate: "license-header", date: day(2025, 6, 1), phase: .qa, path: nil)
        #expect(outcome.activeWaiver == nil)
    }

    @Test("an unscoped waiver applies anywhere until it expires; a malformed expiry is reported")
    func unscoped() throws {
        let valid = WaiverConfig(gate: "g", reason: "r", approver: "a", expires: "2025-03-01", scope: nil)
        let broken = WaiverConfig(gate: "g", reason: "r", approver: "a", expires: "next week", scope: nil)
        let evaluation = WaiverEvaluation(waivers: [valid, broken])
        let before = evaluation.evaluate(gate: "g", date: day(2025, 3, 1), phase: nil, path: nil)
        #expect(before.verdicts.map(\.status) == [.active, .invalidExpiry])
        #expect(before.expired == [broken])
        let after = evaluation.evaluate(gate: "g", date: day(2025, 3, 2), phase: .planning, path: "x")
        #expect(after.activeWaiver == nil)
        #expect(after.expired == [valid, broken])
    }

    @Test(
        "path patterns",
        arguments: [
            ("src/**", "src/a/b/c.py", true),
            ("src/**/*.py", "src/main.py", true),
            ("src/**/*.py", "src/a/b/main.py", true),
            ("src/**/*.py", "src/a/b/main.js", false),
            ("src/*.py", "src/a/main.py", false),
            ("src/?.py", "src/a.py", true),
            ("src/?.py", "src/ab.py", false),
            ("docs/[a-c]*.md", "docs/api.md", true),
            ("docs/[!a-c]*.md", "docs/api.md", false),
            ("**", "anything/at/all", true),
            ("src/vendor/**", "./src/vendor/x.py", true),
            ("src/vendor/**", "src/vendored/x.py", false),
        ])
    func pathPattern(pattern: String, path: String, expected: Bool) {
        let waiver = WaiverConfig(
            gate: "g", reason: "r", approver: "a", expires: "2099-01-01", scope: .init(paths: [pattern], phases: nil))
        let status = WaiverEvaluation(waivers: [waiver]).status(
            of: waiver, gate: "g", date: day(2025, 1, 1), phase: .qa, path: path)
        #expect(status == (expected ? .active : .notApplicable))
    }

    @Test("a scope path that is not a valid glob covers nothing and is reported, by the gate and by a listing")
    func invalidScopePath() {
        let waiver = WaiverConfig(
            gate: "g", reason: "r", approver: "a", expires: "2099-01-01",
            scope: .init(paths: ["src/[vendor"], phases: nil))
        let evaluation = WaiverEvaluation(waivers: [waiver])
        let outcome = evaluation.evaluate(gate: "g", date: day(2025, 1, 1), phase: .qa, path: "src/[vendor")
        #expect(outcome.verdicts.map(\.status) == [.invalidScope])
        #expect(outcome.activeWaiver == nil)
        #expect(outcome.expired == [waiver])
        #expect(evaluation.expiryStatus(of: waiver, date: day(2025, 1, 1)) == .invalidScope)
        #expect(
            evaluation.evaluate(gate: "other", date: day(2025, 1, 1), phase: .qa, path: "x").verdicts.map(\.status) == [
                .notApplicable
            ])
    }
}
