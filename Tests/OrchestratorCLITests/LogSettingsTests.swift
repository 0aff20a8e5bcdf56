import Logging
import Testing

@testable import orchestrator

@Suite("Log settings")
struct LogSettingsTests {
    @Test("the flags are read before or after the subcommand, in both spellings, and taken out of the arguments")
    func flagsAnywhere() throws {
        let (settings, arguments) = try LogSettings.extract(
            from: ["--log-format", "json", "run", "start", "--intake", "i.yaml", "--log-level=debug"], environment: [:])
        #expect(settings == LogSettings(format: .json, level: .debug, given: true))
        #expect(arguments == ["run", "start", "--intake", "i.yaml"])
    }

    @Test("the environment sets them, the flags win, and nothing is given by default")
    func environmentThenFlags() throws {
        let environment = ["ORCHESTRATOR_LOG_FORMAT": "JSON", "ORCHESTRATOR_LOG_LEVEL": "warn"]
        let fromEnvironment = try LogSettings.extract(from: ["version"], environment: environment).settings
        #expect(fromEnvironment == LogSettings(format: .json, level: .warning, given: true))
        let overridden = try LogSettings.extract(from: ["--log-format=text", "version"], environment: environment)
        #expect(overridden.settings.format == .text && overridden.settings.level == .warning)
        let plain = try LogSettings.extract(from: ["version"], environment: [:]).settings
        #expect(plain == LogSettings() && !plain.given && plain.childArguments.isEmpty)
        #expect(fromEnvironment.childArguments == ["--log-format", "json", "--log-level", "warning"])
    }

    @Test("nothing after -- is read as a log flag")
    func doubleDash() throws {
        let (settings, arguments) = try LogSettings.extract(
            from: ["rpc", "call", "--", "--log-level", "x"], environment: [:])
        #expect(settings == LogSettings())
        #expect(arguments == ["rpc", "call", "--", "--log-level", "x"])
    }

    @Test("an unknown value or a missing one is an error naming the flag or variable and what it expects")
    func invalid() {
        #expect(throws: LogSettings.Invalid(message: "--log-format: expected text or json, got 'xml'")) {
            try LogSettings.extract(from: ["--log-format", "xml"], environment: [:])
        }
        #expect(throws: LogSettings.Invalid(message: "--log-level needs a value")) {
            try LogSettings.extract(from: ["version", "--log-level"], environment: [:])
        }
        #expect(
            throws: LogSettings.Invalid(
                message:
                    "ORCHESTRATOR_LOG_LEVEL: expected one of trace, debug, info, notice, warning, error, critical, "
                    + "got 'loud'")
        ) {
            try LogSettings.extract(from: [], environment: ["ORCHESTRATOR_LOG_LEVEL": "loud"])
        }
    }
}
