import Model
import Synchronization

/// Where a run's time goes, by part, when a meter is installed for the task running it (`make bench` does);
/// without one, measuring is a task-local read and nothing else.
///
/// Parts can overlap (a tool call's events are stored while the next tool runs) and they do not cover everything
/// (bookkeeping between them), so a report shows each part beside the phase's own total.
public final class PhaseCostMeter: Sendable {
    /// A part of a phase's cost.
    public enum Part: String, Sendable, Hashable, CaseIterable, Codable {
        /// Write transactions, from the caller's side: the hop to the store's thread, the SQL, the commit.
        case storeWrite
        /// Read transactions, likewise.
        case storeRead
        /// Handing committed events to live subscribers.
        case eventDelivery
        /// A model call (the offline provider's turns when it runs).
        case agentTurn
        /// A tool call through the tool registry, argument checks included.
        case toolCall
        /// Snapshotting the workspace at the checkpoint.
        case snapshot
        /// Judging the policy's gates at the checkpoint.
        case gates
        /// Merging the agents' working copies.
        case merge
        /// Making an agent's working copy.
        case workingCopySetup
        /// Choosing and reading the documents of an agent's first message.
        case contextBuilding
        /// A whole phase attempt, start to checkpoint.
        case phase
    }

    /// The totals of one part.
    public struct Total: Sendable, Hashable, Codable {
        public var count: Int
        public var nanoseconds: UInt64
    }

    /// The meter of the task that measures, if any.
    @TaskLocal public static var current: PhaseCostMeter?
    /// The phase the measuring task works for (set by the run loop around each phase).
    @TaskLocal static var phase: Phase?

    private let totals = Mutex<[Phase?: [Part: Total]]>([:])

    public init() {}

    /// Every part measured so far, whichever phase it served.
    public var snapshot: [Part: Total] {
        totals.withLock { byPhase in
            var all: [Part: Total] = [:]
            for parts in byPhase.values {
                for (part, total) in parts {
                    var sum = all[part] ?? Total(count: 0, nanoseconds: 0)
                    sum.count += total.count
                    sum.nanoseconds += total.nanoseconds
                    all[part] = sum
                }
            }
            return all
        }
    }

    /// The parts measured for each phase (work outside any phase, such as creating the workflow, is left out).
    public var byPhase: [Phase: [Part: Total]] {
        totals.withLock { byPhase in
            var result: [Phase: [Part: Total]] = [:]
            for case let (phase?, parts) in byPhase { result[phase] = parts }
            return result
        }
    }

    /// Forgets everything measured.
    public func reset() { totals.withLock { $0.removeAll() } }

    func add(_ part: Part, nanoseconds: UInt64) {
        let phase = Self.phase
        totals.withLock { totals in
            var total = totals[phase]?[part] ?? Total(count: 0, nanoseconds: 0)
            total.count += 1
            total.nanoseconds += nanoseconds
            totals[phase, default: [:]][part] = total
        }
    }

    /// Times `body` as `part` when the task has a meter.
    static func measure<T, E: Error>(_ part: Part, _ body: () async throws(E) -> T) async throws(E) -> T {
        guard let meter = current else { return try await body() }
        let start = ContinuousClock.now
        defer { meter.add(part, nanoseconds: Self.nanoseconds(ContinuousClock.now - start)) }
        return try await body()
    }

    /// Times synchronous `body` as `part` when the task has a meter.
    static func measureNow<T, E: Error>(_ part: Part, _ body: () throws(E) -> T) throws(E) -> T {
        guard let meter = current else { return try body() }
        let start = ContinuousClock.now
        defer { meter.add(part, nanoseconds: Self.nanoseconds(ContinuousClock.now - start)) }
        return try body()
    }

    private static func nanoseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        return UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000)
    }
}
