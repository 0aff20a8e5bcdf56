import JSON
import Model
import Testing

@testable import Providers

@Suite("Anthropic provider: event-stream parsing and turn assembly")
struct AnthropicStreamParsingTests {
    private func parse(_ chunks: [[UInt8]]) -> [ServerSentEvent] {
        var parser = ServerSentEventParser()
        return chunks.flatMap { parser.feed($0) }
    }

    private func parse(_ text: String) -> [ServerSentEvent] { parse([Array(text.utf8)]) }

    @Test("LF, CR LF and CR all end lines, also when CR and LF arrive in different chunks")
    func lineEndings() {
        let expected = [ServerSentEvent(name: "a", data: "1"), ServerSentEvent(name: "b", data: "2")]
        #expect(parse("event: a\ndata: 1\n\nevent: b\ndata: 2\n\n") == expected)
        #expect(parse("event: a\r\ndata: 1\r\n\r\nevent: b\r\ndata: 2\r\n\r\n") == expected)
        #expect(parse("event: a\rdata: 1\r\revent: b\rdata: 2\r\r") == expected)
        let split = ["event: a\r", "\ndata: 1\r", "\n\r", "\nevent: b\r\ndata: 2\r\n\r", "\n"].map { Array($0.utf8) }
        #expect(parse(split) == expected)
    }

    @Test("multi-line data joins with LF; comments, id, retry and unknown fields are ignored; no data, no event")
    func fields() {
        let text = """
            : a comment
            id: 7
            retry: 1000
            colour: blue
            event: multi
            data: first
            data:second
            data

            event: empty


            data: {"plain":true}


            """
        #expect(
            parse(text) == [
                ServerSentEvent(name: "multi", data: "first\nsecond\n"),
                ServerSentEvent(name: "message", data: #"{"plain":true}"#),
            ])
    }

    @Test("a byte-order mark at the start is skipped even when split; an unfinished event at the end is not sent")
    func byteOrderMarkAndUnfinished() {
        let bytes: [UInt8] = [0xEF, 0xBB] + [0xBF] + Array("data: x\n\ndata: never dispatched\n".utf8)
        #expect(
            parse([Array(bytes[0..<1]), Array(bytes[1..<4]), Array(bytes[4...])]) == [
                ServerSentEvent(name: "message", data: "x")
            ])
    }

    @Test("the tool-use stream gives the same turn however its bytes are split in two")
    func everySplitPoint() throws {
        let bytes = AnthropicToolUseStream.bytes
        let whole = try assemble([bytes])
        #expect(whole.toolUses.first?.input == AnthropicToolUseStream.input)
        #expect(whole.text == "Let me look — ✓")
        for cut in 1..<bytes.count {
            let split = try assemble([Array(bytes[..<cut]), Array(bytes[cut...])])
            #expect(split == whole, "split at byte \(cut)")
        }
        #expect(try assemble(bytes.map { [$0] }) == whole)
    }

    @Test("a tool call that streams no input gets an empty object")
    func emptyToolInput() throws {
        typealias F = AnthropicFixture
        let events = [
            F.messageStart(), F.toolStart(0, id: "toolu_9", name: "clock__now"), F.blockStop(0),
            F.messageDelta(stopReason: "tool_use", output: 3), F.messageStop,
        ]
        let turn = try assemble([Array(events.joined().utf8)])
        #expect(turn.content == [.toolUse(id: "toolu_9", name: "clock__now", input: [:])])
    }

    @Test("thinking blocks and their deltas are left out of the turn")
    func thinkingIgnored() throws {
        typealias F = AnthropicFixture
        let events = [
            F.messageStart(),
            F.event(
                "content_block_start",
                #"{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}"#),
            F.event(
                "content_block_delta",
                #"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"hmm"}}"#),
            F.event(
                "content_block_delta",
                #"{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"abc"}}"#),
            F.blockStop(0), F.textStart(1), F.textDelta(1, "answer"), F.blockStop(1),
            F.messageDelta(stopReason: "end_turn", output: 8), F.messageStop,
        ]
        let turn = try assemble([Array(events.joined().utf8)])
        #expect(turn.content == [.text("answer")])
    }

    @Test("a stream without message_stop is incomplete")
    func incomplete() throws {
        typealias F = AnthropicFixture
        var parser = ServerSentEventParser()
        var assembler = AnthropicTurnAssembler(requestID: nil)
        for event in parser.feed(Array((F.messageStart() + F.textStart(0) + F.textDelta(0, "half")).utf8)) {
            _ = try assembler.handle(event)
        }
        #expect(!assembler.isComplete)
    }

    private func assemble(_ chunks: [[UInt8]]) throws -> ModelTurn {
        var parser = ServerSentEventParser()
        var assembler = AnthropicTurnAssembler(requestID: nil)
        for chunk in chunks {
            for event in parser.feed(chunk) { _ = try assembler.handle(event) }
        }
        try #require(assembler.isComplete)
        return try assembler.turn()
    }
}
