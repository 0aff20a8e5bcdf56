import Config
import Glob
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
        /// One of its scope `paths` is not a valid glob (docs/globs.md): ignored, and reported.
        case invalidScope = "invalid_scope"
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
            verdicts.filter { [.expired, .invalidExpiry, .invalidScope].contains($0.status) }.map(\.waiver)
        }
    }

    public var waivers: [WaiverConfig] {
        didSet { self.scopes = self.waivers.map(Self.compiledScope) }
    }
    /// The calendar used to read "today"; waiver days are compared in it (UTC by default).
    public var timeZone: TimeZone
    /// Each waiver's scope `paths` compiled once, in the order of `waivers`; nil for a waiver without paths.
    private var scopes: [Result<[GlobPattern], GlobPatternError>?]

    public init(waivers: [WaiverConfig], timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current) {
        self.waivers = waivers
        self.timeZone = timeZone
        self.scopes = waivers.map(Self.compiledScope)
    }

    /// The waiver's scope paths as globs; nil when it has none.
    static func compiledScope(of waiver: WaiverConfig) -> Result<[GlobPattern], GlobPatternError>? {
        guard let paths = waiver.scope?.paths else { return nil }
        return Result { () throws(GlobPatternError) in
            try paths.map { text throws(GlobPatternError) in try GlobPattern(text) }
        }
    }

    /// Evaluates every waiver of `gate` for a failure at `phase` (and `path`, when the finding has one) on `date`.
    public func evaluate(gate: String, date: Date, phase: Phase?, path: String?) -> Outcome {
        let today = day(of: date)
        return Outcome(
            verdicts: zip(waivers, scopes).map { waiver, scope in
                Verdict(
                    waiver: waiver,
                    status: status(of: waiver, scope: scope, gate: gate, today: today, phase: phase, path: path))
            })
    }

    /// The status of one waiver; the expiry day itself is still covered.
    public func status(of waiver: WaiverConfig, gate: String, date: Date, phase: Phase?, path: String?) -> Status {
        status(
            of: waiver, scope: Self.compiledScope(of: waiver), gate: gate, today: day(of: date), phase: phase,
            path: path)
    }

    /// Whether a waiver is still in force on `date`, ignoring its gate and where it applies (`active`,
    /// `expired`, `invalidExpiry`, or `invalidScope` when a scope path is not a valid glob): what a policy
    /// listing shows.
    public func expiryStatus(of waiver: WaiverConfig, date: Date) -> Status {
        if case .failure? = Self.compiledScope(of: waiver) { return .invalidScope }
        guard let expires = WaiverDay(waiver.expires) else { return .invalidExpiry }
        return day(of: date) <= expires ? .active : .expired
    }

    private func status(
        of waiver: WaiverConfig, scope: Result<[GlobPattern], GlobPatternError>?, gate: String, today: WaiverDay,
        phase: Phase?, path: String?
    ) -> Status {
        guard waiver.gate == gate else { return .notApplicable }
        if let phases = waiver.scope?.phases {
            guard let phase, phases.contains(phase) else { return .notApplicable }
        }
        switch scope {
        case nil:
            break
        case .failure:
            // A scope that cannot be read covers nothing; it is reported rather than guessed at.
            return .invalidScope
        case .success(let patterns):
            // A path-scoped waiver never covers a failure without a location (e.g. a metric).
            guard let path, patterns.contains(where: { $0.matches(path) }) else { return .notApplicable }
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
