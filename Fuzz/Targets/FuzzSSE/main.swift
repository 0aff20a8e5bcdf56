import FuzzSupport

@testable import Providers

/// The server-sent-event parser of the anthropic provider, and the turn assembler it feeds. Property: the parser
/// is fed bytes as they arrive, split anywhere, so the input split in chunks gives the events it gives whole.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzSSE(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = FuzzInput(data, size)
    var whole = ServerSentEventParser()
    let events = whole.feed(input.bytes)
    var chunked = ServerSentEventParser()
    let pieces = input.chunks(count: 4)
    let split = pieces.flatMap { chunked.feed($0) }
    fuzzCheck(split == events, "split at \(pieces.map(\.count)) gives \(split), whole gives \(events)")
    var assembler = AnthropicTurnAssembler(requestID: nil)
    for event in events {
        guard (try? assembler.handle(event)) != nil else { break }
    }
    _ = try? assembler.turn()
    return 0
}

FuzzDriver.run(fuzzSSE)
