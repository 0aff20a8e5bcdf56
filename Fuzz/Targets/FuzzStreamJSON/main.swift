import FuzzSupport

@testable import Providers

/// The claude-code provider's stream-json reading: lines cut from reads split anywhere (property: the same lines as
/// reading it whole), each parsed into an event, every event taken in by the accumulator that builds the turn.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzStreamJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = FuzzInput(data, size)
    func lines(_ pieces: [ArraySlice<UInt8>]) -> [StreamLineSplitter.Piece] {
        var splitter = StreamLineSplitter(maxLineBytes: 2048)
        var found: [StreamLineSplitter.Piece] = []
        for piece in pieces {
            found += Array(piece).withUnsafeBytes { splitter.append($0) }
        }
        if let last = splitter.finish() { found.append(last) }
        return found
    }
    let whole = lines([input.bytes[...]])
    let pieces = input.chunks(count: 4)
    fuzzCheck(lines(pieces) == whole, "split at \(pieces.map(\.count)) cuts other lines than whole")
    var accumulator = ClaudeStreamAccumulator()
    for piece in whole {
        guard case .line(let line) = piece, let event = try? ClaudeStreamEvent(line: line) else {
            accumulator.noteUnreadableLine()
            continue
        }
        _ = accumulator.consume(event)
    }
    _ = accumulator.completedTurn()
    _ = accumulator.failedTurn(status: "exit 1", stderr: "")
    return 0
}

FuzzDriver.run(fuzzStreamJSON)
