import Engine
import Model

/// Shows a run as it happens: on a terminal, one live line per phase with a spinner and the current agent or tool
/// activity beneath; elsewhere, one plain line per event (no escape codes), so logs and pipes stay readable.
actor RunProgressDisplay {
    private struct Row {
        var phase: Phase
        var status: PhaseStatus = .pending
        var started: UInt64?
        var elapsedMs: Double?
        var activity: String?
    }

    private let live: Bool
    private let title: String
    private let clock = SystemClock()
    private let began: UInt64
    private var rows: [Row]
    private var linesDrawn = 0
    private var frame = 0
    private static let spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    init(title: String, phases: [Phase], live: Bool) {
        self.live = live
        self.title = title
        self.rows = phases.map { Row(phase: $0) }
        self.began = SystemClock().monotonicNanoseconds()
    }

    func handle(_ event: WorkflowEvent) {
        // A resume that adopted an edited intake may run a phase the display was not told of.
        if event.kind == .phaseStarted, let phase = event.phase, !rows.contains(where: { $0.phase == phase }) {
            rows.insert(Row(phase: phase), at: rows.firstIndex { $0.phase > phase } ?? rows.endIndex)
        }
        if let index = rows.firstIndex(where: { $0.phase == event.phase }) {
            switch event.kind {
            case .phaseStarted:
                rows[index].status = .running
                rows[index].started = clock.monotonicNanoseconds()
                rows[index].activity = nil
            case .agentStep, .toolCall, .artifactWritten, .delegationStarted, .delegationEnded, .reviewRound,
                .reviewAnswered, .stepEvaluated:
                rows[index].activity = event.summary
            case .checkpointSaved:
                rows[index].elapsedMs = event.durationMs
                switch event.verdict?.outcome {
                case .passed?: rows[index].status = .passed
                case .blocked?: rows[index].status = .blocked
                case .failed?, nil: rows[index].status = .failed
                }
                rows[index].activity = nil
            case .blocked: rows[index].status = .blocked
            case .failed: rows[index].status = .failed
            case .cancelled: rows[index].status = .cancelled
            case .interrupted: rows[index].status = .interrupted
            default: break
            }
        }
        if live {
            redraw()
        } else {
            let seconds = clock.milliseconds(since: began) / 1000
            let stamp = "[\(String(Double(Int(seconds * 100)) / 100))s]".padding(toLength: 9)
            write("\(stamp) \(event.summary)\n")
        }
    }

    func tick() {
        guard live else { return }
        frame = (frame + 1) % Self.spinner.count
        redraw()
    }

    private func redraw() {
        var lines = ["\(title) · \(Human.duration(clock.milliseconds(since: began)))"]
        for row in rows {
            let icon: String
            switch row.status {
            case .pending: icon = "·"
            case .running: icon = Self.spinner[frame]
            case .passed: icon = "✓"
            case .blocked: icon = "!"
            case .failed: icon = "✗"
            case .cancelled: icon = "-"
            case .interrupted: icon = "‖"
            case .rolledBack: icon = "↺"
            }
            var elapsed = row.elapsedMs
            if row.status == .running, let started = row.started { elapsed = clock.milliseconds(since: started) }
            let time = elapsed.map { Human.duration($0) } ?? ""
            lines.append(
                "\(icon) CP\(row.phase.checkpointNumber) \(row.phase.rawValue.padding(toLength: 14)) "
                    + "\(row.status.rawValue.padding(toLength: 9)) \(time)")
            if row.status == .running, let activity = row.activity {
                lines.append("    └ " + String(activity.prefix(100)))
            }
        }
        var output = linesDrawn > 0 ? "\u{1B}[\(linesDrawn)A\r\u{1B}[J" : ""
        output += lines.joined(separator: "\n") + "\n"
        linesDrawn = lines.count
        write(output)
    }

    private func write(_ text: String) {
        print(text, terminator: "")
        fflushStandardOutput()
    }
}

/// Follows a run: feeds the display every event of the subscription, in order, and animates the spinner.
struct RunFollower: Sendable {
    private let consumer: Task<Void, Never>
    /// Animates the spinner; only on a terminal, where there is one to animate.
    private let ticker: Task<Void, Never>?

    init(title: String, phases: [Phase], live: Bool, events: AsyncStream<WorkflowEvent>) {
        let display = RunProgressDisplay(title: title, phases: phases, live: live)
        consumer = Task {
            for await event in events { await display.handle(event) }
        }
        ticker =
            !live
            ? nil
            : Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(100))
                    await display.tick()
                }
            }
    }

    /// Waits until every event was shown (the subscription has been ended), then stops the spinner.
    func finish() async {
        await consumer.value
        ticker?.cancel()
        await ticker?.value
    }
}
