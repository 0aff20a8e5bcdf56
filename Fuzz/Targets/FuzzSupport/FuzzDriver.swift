import CLibFuzzer
import Glibc

/// Runs libFuzzer over a target's entry point (its `LLVMFuzzerTestOneInput`), with the process's arguments.
public enum FuzzDriver {
    /// The C shape of a fuzz target's entry point.
    public typealias Entry = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

    /// Hands `entry` to libFuzzer with this process's command line, and exits with libFuzzer's status.
    public static func run(_ entry: Entry) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, entry))
    }
}

/// One fuzz input, with the helpers targets use to derive choices from its bytes.
public struct FuzzInput {
    public let bytes: [UInt8]

    /// The bytes libFuzzer handed to the entry point.
    public init(_ data: UnsafePointer<UInt8>?, _ size: Int) {
        bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    }

    /// The input as text (invalid UTF-8 replaced, as a reader of files would).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Splits the input at positions derived from its own bytes, so a target can check that feeding it in chunks
    /// gives what feeding it whole gives.
    public func chunks(count: Int = 3) -> [ArraySlice<UInt8>] {
        guard bytes.count > 1, count > 1 else { return [bytes[...]] }
        // FNV-1a of the input, then a linear congruential generator: the same input is always cut the same way.
        var seed = bytes.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
        var cuts: [Int] = []
        for _ in 1..<count {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            cuts.append(Int(seed >> 33) % bytes.count)
        }
        var pieces: [ArraySlice<UInt8>] = []
        var start = 0
        for cut in cuts.sorted() where cut >= start {
            pieces.append(bytes[start..<cut])
            start = cut
        }
        pieces.append(bytes[start...])
        return pieces
    }
}

/// A property a target checks broke: a bug that does not crash by itself. Traps, so libFuzzer keeps the input.
public func fuzzCheck(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition {
        let line = Array("fuzz check failed: \(message())\n".utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        abort()
    }
}
