import Config
import Model

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Decides which waivers cover a gate failure at a given day, phase and path.
public struct WaiverEvaluation: Sendable {
    /// What a waiver means for one failure.
    public enum Status: String, Sendable, Hashable, Codable {
        /// In scope and not expired: the failure passes by waiver.
        case active
        /// In scope but past its `expires` day: ignored, and reported.
        case expired
        /// For another gate, phase or path.
        case notApplicable = "not_applicable"
        /// Its `expires` is not a YYYY-MM-DD date: ignored, and reported.
        case invalidExpiry = "invalid_expiry"
    }

    /// One waiver's verdict.
    public struct Verdict: Sendable, Hashable {
        public var waiver: WaiverConfig
        public var status: Status
    }

    /// The verdicts for one failure: the waiver that applies, and those to report.
    public struct Outcome: Sendable, Hashable {
        public var verdicts: [Verdict]

        /// The first active waiver, if any: the failure becomes a pass-by-waiver.
        public var activeWaiver: WaiverConfig? { verdicts.first { $0.status == .active }?.waiver }
        /// In-scope waivers that no longer (or never validly) apply; to be reported.
        public var expired: [WaiverConfig] {
            verdicts.filter { $0.status == .expired || $0.status == .invalidExpiry }.map(\.waiver)
        }
    }

    public var waivers: [WaiverConfig]
    /// The calendar used to read "today"; waiver days are compared in it (UTC by default).
    public var timeZone: TimeZone

    public init(waivers: [WaiverConfig], timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current) {
        self.waivers = waivers
        self.timeZone = timeZone
    }

    /// Evaluates every waiver of `gate` for a failure at `phase` (and `path`, when the finding has one) on `date`.
    public func evaluate(gate: String, date: Date, phase: Phase?, path: String?) -> Outcome {
        let today = day(of: date)
        return Outcome(
            verdicts: waivers.map { waiver in
                Verdict(waiver: waiver, status: status(of: waiver, gate: gate, today: today, phase: phase, path: path))
            })
    }

    /// The status of one waiver; the expiry day itself is still covered.
    public func status(of waiver: WaiverConfig, gate: String, date: Date, phase: Phase?, path: String?) -> Status {
        status(of: waiver, gate: gate, today: day(of: date), phase: phase, path: path)
    }

    /// Whether a waiver is still in force on `date`, ignoring its gate and scope (`active`, `expired` or
    /// `invalidExpiry`): what a policy listing shows.
    public func expiryStatus(of waiver: WaiverConfig, date: Date) -> Status {
        guard let expires = WaiverDay(waiver.expires) else { return .invalidExpiry }
        return day(of: date) <= expires ? .active : .expired
    }

    private func status(
        of waiver: WaiverConfig, gate: String, today: WaiverDay, phase: Phase?, path: String?
    ) -> Status {
        guard waiver.gate == gate else { return .notApplicable }
        if let phases = waiver.scope?.phases {
            guard let phase, phases.contains(phase) else { return .notApplicable }
        }
        if let paths = waiver.scope?.paths {
            // A path-scoped waiver never covers a failure without a location (e.g. a metric).
            guard let path, paths.contains(where: { WaiverPathPattern($0).matches(path) }) else {
                return .notApplicable
            }
        }
        guard let expires = WaiverDay(waiver.expires) else { return .invalidExpiry }
        return today <= expires ? .active : .expired
    }

    private func day(of date: Date) -> WaiverDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return WaiverDay(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0)
    }
}

/// A calendar day, ordered, read from `YYYY-MM-DD`.
struct WaiverDay: Sendable, Hashable, Comparable {
    var year: Int
    var month: Int
    var day: Int

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    static func < (lhs: WaiverDay, rhs: WaiverDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}
