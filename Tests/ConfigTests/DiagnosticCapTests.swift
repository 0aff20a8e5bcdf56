import Config
import Model
import TestSupport
import Testing

/// A file with a great many problems gets the first ones and one diagnostic counting the rest, as compilers do.
@Suite("Diagnostics per file")
struct DiagnosticCapTests {
    static func intake(duplicates: Int, first: String = "planning") -> String {
        "project:\n  name: x\nrequirements: [\"a\"]\nphases: [" + first + ","
            + Array(repeating: "planning", count: duplicates).joined(separator: ",")
            + ", architecture, development, qa, documentation]\n"
    }

    @Test("100,000 duplicate phases give at most the cap + 1 diagnostics, the last counting the rest")
    func duplicatesAreCapped() throws {
        let cap = ConfigValidator.defaultMaxDiagnostics
        let result = ConfigValidator().validate(text: Self.intake(duplicates: 100_000))
        #expect(result.diagnostics.count == cap + 1)
        #expect(result.diagnostics.dropLast().allSatisfy { $0.code == DiagnosticCode.duplicateItem })
        let summary = try #require(result.diagnostics.last)
        #expect(summary.code == DiagnosticCode.tooManyDiagnostics)
        #expect(summary.severity == .error)
        #expect(summary.message.contains("\(100_000 - cap) more problems"), "\(summary.message)")
        #expect(summary.message.contains("\(100_000 - cap) errors"))
        // At the first problem left out: the 101st duplicate.
        #expect(summary.range.start.offset > result.diagnostics[cap - 1].range.start.offset)
        #expect(result.hasErrors)
    }

    @Test("the summary takes the severity of the worst problem left out, and a file at the cap + 1 is not cut")
    func summarySeverity() throws {
        let validator = ConfigValidator(maxDiagnostics: 2)
        let cut = validator.validate(text: Self.intake(duplicates: 5))
        #expect(cut.diagnostics.map(\.code) == ["duplicate-item", "duplicate-item", "too-many-diagnostics"])
        #expect(cut.diagnostics.last?.message.contains("3 more problems in this file are not shown (3 errors)") == true)
        let whole = validator.validate(text: Self.intake(duplicates: 3))
        #expect(whole.diagnostics.map(\.code) == ["duplicate-item", "duplicate-item", "duplicate-item"])
    }

    @Test("the fix removing a duplicate after a wide character has exact columns in every unit")
    func removeDuplicateFixColumns() throws {
        // `phases: [🚀,planning,planning` — the second `planning` is the duplicate; the fix removes `,planning`.
        let text = Self.intake(duplicates: 2, first: "\"🚀\"").replacing("[\"🚀\",planning,", with: "[\"🚀\", planning,")
        let result = ConfigValidator().validate(text: text)
        let duplicate = try #require(result.diagnostics.first { $0.code == DiagnosticCode.duplicateItem })
        let edit = try #require(duplicate.fixIts.first?.edits.first)
        let expected = SourceText(text).range(fromOffset: edit.range.start.offset, toOffset: edit.range.end.offset)
        #expect(edit.range == expected)
        #expect(edit.range.end == duplicate.range.end)
        #expect(Array(text.utf8)[edit.range.start.offset] == UInt8(ascii: ","))
    }
}
