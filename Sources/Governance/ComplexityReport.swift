#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Cyclomatic complexity of source files, per function, with max and mean per file and overall.
///
/// Method (a token count, not a full parse, so it is fast, total and language-light):
/// - A function's complexity is **1 + its decision points**: `if` (so `else if`/`elif`
///   count once each), `for`, `while`, `case`, `catch`/`except`, `&&`/`||`/`and`/`or`, and a
///   ternary `?` (Python's conditional expression is its `if`). Swift's `guard` counts as an
///   `if`. `else`, `default`, `??` and `finally` do not count. In Swift, the `case` of
///   `if case`, `guard case`, `for case`, `while case` and `, case` is part of its condition
///   and does not count again; a ternary `?` is one with whitespace before it (else it is an
///   optional). In JS/TS, `?.`, `??` and the TypeScript optional marker (`x?:`, `f?(`) are not
///   ternaries.
/// - Strings (with their interpolations) and comments are skipped; so are JS regex literals.
/// - Function boundaries: Python by indentation (`def` to the next line indented no deeper);
///   Swift (`func`, `init`, `deinit`, `subscript`) and JS/TS (`function`, methods `name(…) {`,
///   arrow functions with a block body) by braces. A nested function's decisions are its own;
///   closures, lambdas and expression-bodied arrows count toward the enclosing function.
///   Code outside any function is not measured.
public struct ComplexityReport: Sendable, Hashable {
    /// The complexity of one function.
    public struct Function: Sendable, Hashable {
        /// The function's name (`<arrow>` for an unnamed arrow function).
        public var name: String
        /// Zero-based line of its declaration.
        public var line: Int
        /// 1 + its decision points.
        public var complexity: Int

        /// Creates a function's numbers.
        public init(name: String, line: Int, complexity: Int) {
            self.name = name
            self.line = line
            self.complexity = complexity
        }
    }

    /// The functions of one file and their max and mean.
    public struct File: Sendable, Hashable {
        /// Workspace-relative path.
        public var path: String
        /// The language the file was measured as.
        public var language: ComplexityLanguage
        /// Its functions in order of declaration.
        public var functions: [Function]

        /// Creates a file's numbers.
        public init(path: String, language: ComplexityLanguage, functions: [Function]) {
            self.path = path
            self.language = language
            self.functions = functions
        }

        /// The highest complexity of its functions, 0 when it has none.
        public var max: Int { functions.map(\.complexity).max() ?? 0 }
        /// The mean complexity of its functions, nil when it has none.
        public var mean: Decimal? { ComplexityReport.mean(functions) }
    }

    /// The measured files (files of unknown languages are left out).
    public var files: [File]

    /// Creates a report.
    public init(files: [File]) {
        self.files = files
    }

    /// The highest complexity of any function, 0 when there are none.
    public var max: Int { files.map(\.max).max() ?? 0 }
    /// The mean over all functions of all files, nil when there are none.
    public var mean: Decimal? { Self.mean(files.flatMap(\.functions)) }

    /// Measures files whose language is known from their extension; others are left out.
    public static func measure(_ files: [(path: String, text: String)]) -> ComplexityReport {
        ComplexityReport(files: files.compactMap { measure(path: $0.path, text: $0.text) })
    }

    /// Measures one file, or nil when its extension names no supported language.
    public static func measure(path: String, text: String) -> File? {
        guard let language = ComplexityLanguage(path: path) else { return nil }
        return measure(path: path, text: text, language: language)
    }

    /// Measures one file as the given language.
    public static func measure(path: String, text: String, language: ComplexityLanguage) -> File {
        let functions =
            switch language {
            case .python: ComplexityPython.functions(in: text)
            case .swift, .javascript: ComplexityBraces.functions(in: text, language: language)
            }
        return File(path: path, language: language, functions: functions)
    }

    static func mean(_ functions: [Function]) -> Decimal? {
        guard !functions.isEmpty else { return nil }
        return Decimal(functions.reduce(0) { $0 + $1.complexity }) / Decimal(functions.count)
    }
}

/// A language whose complexity can be measured.
public enum ComplexityLanguage: String, Sendable, Hashable, Codable, CaseIterable {
    case python, swift
    /// JavaScript and TypeScript (including JSX/TSX).
    case javascript

    /// The language of a path's extension, or nil.
    public init?(path: String) {
        let name = path.split(separator: "/").last ?? Substring(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "py", "pyw": self = .python
        case "swift": self = .swift
        case "js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts": self = .javascript
        default: return nil
        }
    }
}
