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

/// Facts about the terminal the process writes to.
enum Terminal {
    /// Color only on a terminal, and never when `NO_COLOR` is set (no-color.org).
    static var stdoutSupportsColor: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// The number of terminal columns a character takes (East Asian wide and emoji take two).
    static func displayWidth(of scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F:
            return 0
        default:
            return 1
        }
    }
}

/// Flushes buffered standard output (all C streams: naming `stdout` is not concurrency-safe in Swift 6).
func fflushStandardOutput() {
    fflush(nil)
}

extension Terminal {
    /// Whether standard output is a terminal that can take a live display (not `TERM=dumb`).
    static var stdoutIsLive: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }
}
