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
