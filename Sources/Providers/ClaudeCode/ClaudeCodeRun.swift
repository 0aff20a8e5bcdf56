import Processes
import Subprocess

/// One `claude -p` process: started in the working copy, its stdout parsed line by line as it arrives, its
/// stderr tail kept, and stopped (with everything it started) on timeout or cancellation.
struct ClaudeCodeRun: Sendable {
    /// What a finished process left behind.
    struct Outcome: Sendable {
        var accumulator: ClaudeStreamAccumulator
        var stderr: String
        var timedOut: Bool
        var status: TerminationStatus
    }

    var executable: String
    var invocation: ClaudeCodeInvocation
    var workingDirectory: String
    var configuration: ClaudeCodeConfiguration

    /// Runs the process to its end; throws only when it cannot be started (a `SubprocessError`) or the task is
    /// cancelled while starting.
    func run(events: @escaping @Sendable (ModelStreamEvent) async -> Void) async throws -> Outcome {
        var options = PlatformOptions()
        // Its own session and process group: stopping the run also stops the shells and tools Claude Code started.
        options.createSession = true
        options.teardownSequence = teardown
        var variables: [Environment.Key: String?] = [:]
        // The current span's context first, so Claude Code's own tracing continues the run's trace.
        for (name, value) in TraceContextEnvironment.current().merging(
            configuration.environment, uniquingKeysWith: { $1 })
        {
            if let key = Environment.Key(rawValue: name) { variables[key] = value }
        }
        let environment = Environment.inherit.updating(variables)
        if let prompt = invocation.standardInput {
            let descriptor = try PromptFile.descriptor(holding: prompt)
            return try await run(
                .fileDescriptor(.init(rawValue: descriptor), closeAfterSpawningProcess: true), options: options,
                environment: environment, events: events)
        }
        return try await run(.none, options: options, environment: environment, events: events)
    }

    private var teardown: [TeardownStep] {
        [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: configuration.terminationGracePeriod)]
    }

    private func run<Input: InputProtocol>(
        _ input: Input, options: PlatformOptions, environment: Environment,
        events: @escaping @Sendable (ModelStreamEvent) async -> Void
    ) async throws -> Outcome {
        let timeout = configuration.runTimeout
        let teardown = self.teardown
        let subagents = invocation.agents.idsByName
        let result = try await Subprocess.run(
            .path(.init(executable)), arguments: Arguments(invocation.arguments), environment: environment,
            workingDirectory: .init(workingDirectory), platformOptions: options, input: input, output: .sequence,
            error: .sequence
        ) { execution in
            await Self.collect(
                execution, timeout: timeout, teardown: teardown, subagents: subagents, events: events)
        }
        var outcome = result.closureResult
        outcome.status = result.terminationStatus
        return outcome
    }

    private enum Part: Sendable {
        case stdout(ClaudeStreamAccumulator)
        case stderr(String)
        case timedOut
        case timerStopped
    }

    /// Reads both streams to their end while a timer waits to stop the process; the status is filled in later.
    private static func collect<Input: InputProtocol>(
        _ execution: Execution<Input, SequenceOutput, SequenceOutput>, timeout: Duration?, teardown: [TeardownStep],
        subagents: [String: String], events: @escaping @Sendable (ModelStreamEvent) async -> Void
    ) async -> Outcome {
        await withTaskGroup(of: Part.self) { group in
            group.addTask {
                .stdout(await readEvents(execution.standardOutput, subagents: subagents, events: events))
            }
            group.addTask { .stderr(await readTail(execution.standardError)) }
            if let timeout {
                group.addTask {
                    do {
                        try await Task.sleep(for: timeout)
                    } catch {
                        return .timerStopped
                    }
                    await execution.teardown(using: teardown)
                    return .timedOut
                }
            }
            var outcome = Outcome(
                accumulator: ClaudeStreamAccumulator(subagentIDs: subagents), stderr: "", timedOut: false,
                status: .exited(0))
            var openStreams = 2
            while let part = await group.next() {
                switch part {
                case .stdout(let accumulator):
                    outcome.accumulator = accumulator
                    openStreams -= 1
                case .stderr(let tail):
                    outcome.stderr = tail
                    openStreams -= 1
                case .timedOut:
                    outcome.timedOut = true
                case .timerStopped:
                    break
                }
                // Both streams ended: the process is gone (or has let go of them), so the timer has nothing to stop.
                if openStreams == 0 { group.cancelAll() }
            }
            return outcome
        }
    }

    /// Parses stdout line by line as reads arrive, reporting each event; a read error ends the stream like EOF.
    private static func readEvents(
        _ stream: SubprocessOutputSequence, subagents: [String: String],
        events: @escaping @Sendable (ModelStreamEvent) async -> Void
    ) async -> ClaudeStreamAccumulator {
        var accumulator = ClaudeStreamAccumulator(subagentIDs: subagents)
        var splitter = StreamLineSplitter()
        func handle(_ piece: StreamLineSplitter.Piece) async {
            guard case .line(let line) = piece else {
                accumulator.noteUnreadableLine()
                return
            }
            do {
                let event = try ClaudeStreamEvent(line: line)
                for reported in accumulator.consume(event) { await events(reported) }
            } catch {
                accumulator.noteUnreadableLine()
            }
        }
        do {
            for try await buffer in stream {
                let pieces = buffer.withUnsafeBytes { splitter.append($0) }
                for piece in pieces { await handle(piece) }
            }
        } catch {
            // The process is gone or the run was cancelled; what was read so far still counts.
        }
        if let last = splitter.finish() { await handle(last) }
        return accumulator
    }

    private static func readTail(_ stream: SubprocessOutputSequence) async -> String {
        var tail = StreamTail()
        do {
            for try await buffer in stream {
                buffer.withUnsafeBytes { tail.append($0) }
            }
        } catch {
            // As for stdout: a read error ends the tail, it does not fail the run.
        }
        return tail.text
    }
}
