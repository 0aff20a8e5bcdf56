/// Cuts a byte stream into lines as reads arrive, keeping a line that spans reads until its newline comes.
///
/// A line longer than `maxLineBytes` is not buffered whole: it is dropped up to its newline and reported as
/// oversized, so a runaway line cannot exhaust memory.
struct StreamLineSplitter {
    /// What one cut yields.
    enum Piece: Equatable {
        case line([UInt8])
        /// A line dropped for its length (in bytes).
        case oversized(Int)
    }

    let maxLineBytes: Int
    private var pending: [UInt8] = []
    private var discarded: Int?

    init(maxLineBytes: Int = 64 << 20) {
        self.maxLineBytes = maxLineBytes
    }

    /// The lines completed by `bytes`, without their `\n` (or `\r\n`); empty lines are skipped.
    mutating func append(_ bytes: UnsafeRawBufferPointer) -> [Piece] {
        var pieces: [Piece] = []
        var start = 0
        while start < bytes.count {
            guard let newline = bytes[start...].firstIndex(of: 0x0A) else {
                take(bytes[start...])
                break
            }
            take(bytes[start..<newline])
            if let piece = cut() { pieces.append(piece) }
            start = newline + 1
        }
        return pieces
    }

    /// The last line, when the stream ended without a final newline.
    mutating func finish() -> Piece? { cut() }

    private mutating func take(_ slice: Slice<UnsafeRawBufferPointer>) {
        if let count = discarded {
            discarded = count + slice.count
        } else if pending.count + slice.count > maxLineBytes {
            discarded = pending.count + slice.count
            pending = []
        } else {
            pending.append(contentsOf: slice)
        }
    }

    private mutating func cut() -> Piece? {
        if let count = discarded {
            discarded = nil
            return .oversized(count)
        }
        if pending.last == 0x0D { pending.removeLast() }
        guard !pending.isEmpty else { return nil }
        let line = pending
        pending = []
        return .line(line)
    }
}
