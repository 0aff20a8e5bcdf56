import Model
import Testing

@testable import Config

/// `PatternProgram` must answer exactly as Swift's `Regex` over Unicode scalars (ECMA-262's semantics, which
/// JSON Schema specifies) does for every pattern it accepts.
struct PatternProgramTests {
    static let patterns = [
        "\\S", "\\s", "^[a-z0-9][a-z0-9-]*$", "^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$", "^[a-z][a-z0-9_]*$",
        "^[A-Za-z0-9_][A-Za-z0-9_.+-]*$", "^$", "^", "$", "^a$", "a$", "^a", "a*", "a+b?", "^[^a-z]*$", "^[-a]+$",
        "^(ab)+$", "(?:x)?y", "^\\S+$", "^a\\.b$", "^\\s*$", "^a[^b]$", "^(a*)*$", "x\\$", "^[a-c][^\\-]?$",
        "^[a\\]]+$",
    ]

    static let texts = [
        "", "a", "a\n", "a\r\n", "a\r", "a\n\n", "a\r\n\n", "a\n\r", "\n", "\r\n", "a\u{0B}", "a\u{0C}", "a\u{85}",
        "a\u{2028}", "a\u{2029}", " ", "\t", "\u{3000}", "\u{A0}", "\u{200B}", "é", "🚀", "acme-corp", "Acme",
        "developer.backend", "developer.", "x$", "ab", "abab", "aba", "a.b", "a-b", "]", "-a-", "a+b", "y", "xy",
        "a\rb", "a\r\r", "ab\r\n",
    ]

    /// Scalars random texts are made of: the pattern characters, line terminators and white space of every kind.
    static let alphabet = Array("aAbcxyz09_.-+$\\] \t\n\r\u{0B}\u{0C}\u{85}\u{A0}\u{2028}\u{3000}é🚀".unicodeScalars)

    static func regexMatches(_ pattern: String, _ text: String) throws -> Bool {
        text.contains(try Regex(pattern).matchingSemantics(.unicodeScalar))
    }

    @Test(
        "the patterns of the built-in schemas that are in the subset compile to a program",
        arguments: ConfigKind.allCases)
    func builtInPatterns(kind: ConfigKind) {
        guard let validator = SchemaCatalog.builtIn[kind] else {
            Issue.record("no schema for \(kind)")
            return
        }
        var pending = [validator.root] + Array(validator.root.definitions.values)
        while let schema = pending.popLast() {
            if let pattern = schema.pattern {
                let inSubset = PatternProgram(pattern: pattern.source) != nil
                if case .program = pattern.matcher {
                    #expect(inSubset)
                } else {
                    #expect(!inSubset)
                }
                // Only the semantic-version pattern (alternation, `\d`) is left to `Regex`.
                #expect(inSubset || pattern.source.contains("|"), "\(pattern.source)")
            }
            pending += Array(schema.properties.values) + schema.allOf + schema.anyOf + schema.oneOf
            pending += [schema.items, schema.ifSchema, schema.thenSchema, schema.elseSchema].compactMap { $0 }
        }
    }

    @Test("a program matches as Swift's Regex does", arguments: patterns)
    func agreesWithRegex(pattern: String) throws {
        let program = try #require(PatternProgram(pattern: pattern), "\(pattern) should be in the subset")
        var generator = SplitMix(seed: UInt64(pattern.utf8.count))
        var samples = Self.texts
        for _ in 0..<400 {
            var text = String.UnicodeScalarView()
            for _ in 0..<generator.next() % 6 {
                text.append(Self.alphabet[Int(generator.next() % UInt64(Self.alphabet.count))])
            }
            samples.append(String(text))
        }
        for text in samples {
            let expected = try Self.regexMatches(pattern, text)
            #expect(program.matches(text) == expected, "\(pattern) on \(Array(text.unicodeScalars))")
        }
    }

    @Test(
        "patterns outside the subset are left to Swift's Regex",
        arguments: [
            "a|b", ".", "a{2}", "\\d", "\\w", "a*?", "a++", "[[:alpha:]]", "[a&&b]", "(?i)a", "(?=a)", "é",
            "[a b]", "^(a$)", "\\p{L}", "[a-z-0]",
        ])
    func outsideSubset(pattern: String) {
        #expect(PatternProgram(pattern: pattern) == nil)
    }
}

extension PatternProgramTests {
    @Test("a pattern outside the subset matches as ECMA-262 does: `$` only at the very end")
    func regexFallback() throws {
        let semver = try SchemaPattern(source: #"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$"#)
        guard case .regex = semver.matcher else {
            Issue.record("expected the semantic-version pattern to be left to Regex")
            return
        }
        #expect(semver.matches("1.0.0"))
        #expect(semver.matches("10.2.3-rc.1"))
        #expect(!semver.matches("1.0.0\n"))
        #expect(!semver.matches("01.0.0"))
        #expect(!semver.matches("١.0.0"))
    }

    @Test("a pattern no engine compiles is refused when the schema loads")
    func invalidPattern() {
        #expect(throws: (any Error).self) { try SchemaPattern(source: "(unclosed") }
    }
}

/// A small deterministic generator, so a failure can be reproduced.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
