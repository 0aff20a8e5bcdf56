#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Line coverage read from a test coverage report (LCOV or Cobertura XML).
public struct CoverageReport: Sendable, Hashable {
    /// Line coverage of one source file.
    public struct File: Sendable, Hashable {
        /// The file as the report names it.
        public var path: String
        /// Instrumented lines.
        public var linesFound: Int
        /// Instrumented lines run at least once.
        public var linesHit: Int

        /// Creates a file's numbers.
        public init(path: String, linesFound: Int, linesHit: Int) {
            self.path = path
            self.linesFound = linesFound
            self.linesHit = linesHit
        }

        /// Percentage of lines covered (0–100), or nil when the file has no instrumented lines.
        public var percent: Decimal? {
            linesFound == 0 ? nil : Decimal(linesHit) * 100 / Decimal(linesFound)
        }
    }

    /// The format of a report.
    public enum Format: String, Sendable, Hashable, Codable, CaseIterable {
        case lcov, cobertura

        /// Cobertura when the report's first non-blank character is `<`, else LCOV.
        public static func detect(_ text: String) -> Format {
            text.unicodeScalars.first { !$0.properties.isWhitespace && $0 != "\u{FEFF}" } == "<" ? .cobertura : .lcov
        }
    }

    /// Percentage of lines covered over the whole report (0–100).
    public var percent: Decimal
    /// Per-file numbers, in the order the report lists the files.
    public var files: [File]

    /// Creates a report.
    public init(percent: Decimal, files: [File]) {
        self.percent = percent
        self.files = files
    }

    /// Reads a report in the given format (detected from its text when nil).
    public static func parse(_ text: String, format: Format? = nil) throws(CoverageError) -> CoverageReport {
        switch format ?? Format.detect(text) {
        case .lcov: try parseLCOV(text)
        case .cobertura: try parseCobertura(text)
        }
    }

    /// Percent from totals, or nil when nothing is instrumented.
    static func percent(hit: Int, found: Int) -> Decimal? {
        found == 0 ? nil : Decimal(hit) * 100 / Decimal(found)
    }
}
