import JSON
import Logging
import Testing

@testable import orchestrator

@Suite("JSON log lines")
struct JSONLogHandlerTests {
    private func line(
        _ message: String, level: Logger.Level = .info, metadata: Logger.Metadata? = nil,
        handlerMetadata: Logger.Metadata = [:]
    ) throws -> [String: JSONValue] {
        var handler = JSONLogHandler(
            label: "orchestrator.serve", level: .trace,
            redactor: LogRedactor(environment: ["ANTHROPIC_API_KEY": "sk-ant-secret-1234"]))
        handler.metadata = handlerMetadata
        let event = LogEvent(
            level: level, message: "\(message)", metadata: metadata, source: nil, file: "Sources/X/Y.swift",
            function: "f()", line: 12)
        let text = handler.line(for: event, milliseconds: 1_764_642_600_123)
        #expect(text.hasSuffix("}\n") && text.filter { $0 == "\n" }.count == 1)
        return try #require(try JSONValue(parsing: text).objectValue)
    }

    @Test("one object on one line: time, level, logger, message, then the metadata in scope with its types")
    func shape() throws {
        let object = try line(
            "phase started\nsecond line", metadata: ["workflow_id": "wf-1", "attempt": .stringConvertible(2)],
            handlerMetadata: ["connection": "socket#3"])
        #expect(object["time"] == "2025-12-02T02:30:00.123Z")
        #expect(object["level"] == "info" && object["logger"] == "orchestrator.serve")
        #expect(object["message"] == "phase started\nsecond line")
        #expect(object["workflow_id"] == "wf-1" && object["attempt"] == 2 && object["connection"] == "socket#3")
        #expect(object["source"] == nil)
    }

    @Test("warnings and worse name their source line; metadata named like a field is kept under a prefix")
    func sourceAndReserved() throws {
        let object = try line("careful", level: .warning, metadata: ["message": "shadow", "level": "x"])
        #expect(object["source"] == "Sources/X/Y.swift:12")
        #expect(
            object["message"] == "careful" && object["metadata_message"] == "shadow" && object["metadata_level"] == "x")
    }

    @Test("secrets are redacted in the message, in values and under secret keys, nested too")
    func redaction() throws {
        let object = try line(
            "sending sk-ant-secret-1234 with Authorization: Bearer abc",
            metadata: [
                "x-api-key": "anything", "request": .dictionary(["api_key": "k", "body": "has sk-ant-secret-1234"]),
                "input_tokens": .stringConvertible(12),
            ])
        #expect(object["message"] == "sending [REDACTED] with Authorization: Bearer [REDACTED]")
        #expect(object["x-api-key"] == "[REDACTED]")
        #expect(object["request"] == ["api_key": "[REDACTED]", "body": "has [REDACTED]"])
        #expect(object["input_tokens"] == 12)
    }
}
