import ArgumentParser
import Config
import SharedCache

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The `orchestrator` command: runs and checks multi-phase delivery workflows.
@main
struct Orchestrator: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orchestrator",
        abstract: "Run multi-phase software-delivery workflows with checkpoints, gates and budgets.",
        discussion: """
            Global options (before or after any subcommand):
              --log-format text|json  Log lines on stderr as text, or as JSON objects
                                      with time, level, message and the ids in scope
                                      (ORCHESTRATOR_LOG_FORMAT; default text).
              --log-level LEVEL       trace, debug, info, notice, warning, error or
                                      critical (ORCHESTRATOR_LOG_LEVEL; default info).
              --database URL          Keep workflow state in this PostgreSQL database
                                      (postgres://user:password@host:port/database;
                                      ORCHESTRATOR_DATABASE_URL) instead of the
                                      workspace's own SQLite file. Files and snapshot
                                      objects stay in the workspace.
            """, version: OrchestratorVersion.current,
        subcommands: [
            Init.self, Run.self, CheckpointCommand.self, Checkout.self, BudgetCommand.self, AgentsCommand.self,
            SkillsCommand.self,
            ToolsCommand.self, GovernanceCommand.self,
            Validate.self, Serve.self, RPCCommand.self, Version.self,
        ]
    )

    /// Exit codes: 0 success, 1 the command ran and found problems, 2 usage or I/O errors.
    static func main() async {
        let arguments: [String]
        do {
            let extracted = try LogSettings.extract(
                from: Array(CommandLine.arguments.dropFirst()), environment: LogSettings.processEnvironment)
            CommandLogging.bootstrap(extracted.settings)
            // By name, as the log settings read theirs: the whole environment as a dictionary costs every command.
            let databaseVariable = getenv(DatabaseSetting.variable).map { String(cString: $0) }
            let database = try DatabaseSetting.extract(
                from: extracted.arguments, environment: databaseVariable.map { [DatabaseSetting.variable: $0] } ?? [:])
            DatabaseSetting.install(database.setting)
            // A background run (run start --detach) inherits the database through the environment, so that a
            // password never stands on a command line `ps` shows.
            if let url = database.setting.url { setenv(DatabaseSetting.variable, url, 1) }
            arguments = database.arguments
        } catch let error as LogSettings.Invalid {
            StandardError.write("orchestrator: error: \(error.message)\n")
            terminate(2)
        } catch let error as DatabaseSetting.Invalid {
            StandardError.write("orchestrator: error: \(error.message)\n")
            terminate(2)
        } catch {
            StandardError.write("orchestrator: error: \(error)\n")
            terminate(2)
        }
        do throws(RedisURL.Invalid) {
            let url = getenv(SharedTierSetup.variable).map { String(cString: $0) }
            try SharedTierSetup.install(url: url, logger: CommandLogging.logger(for: "shared"))
        } catch {
            StandardError.write("orchestrator: error: \(error.description)\n")
            terminate(2)
        }
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let status as ExitStatus {
            terminate(status.code)
        } catch let failure as EngineFailure {
            StandardError.write(failure.text)
            terminate(failure.exitCode)
        } catch let failure as CommandFailure {
            StandardError.write("orchestrator: error: \(failure.message)\n")
            terminate(failure.exitCode)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                terminate(0)
            }
            if !message.isEmpty { StandardError.write(message + "\n") }
            // ArgumentParser's usage errors exit 64 (EX_USAGE); our contract is 2 for usage errors.
            terminate(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

/// A failure that ends a command with a message on stderr and a chosen exit code.
struct CommandFailure: Error {
    var message: String
    var exitCode: Int32

    /// Bad usage or unreadable input: exit 2.
    static func usage(_ message: String) -> CommandFailure { CommandFailure(message: message, exitCode: 2) }
}

/// Writes to the process's standard error.
enum StandardError {
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = systemWrite(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}

/// Ends the process (at file scope, where `exit` and `write` name the C functions, not command methods).
private func terminate(_ status: Int32) -> Never {
    exit(status)
}

private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
