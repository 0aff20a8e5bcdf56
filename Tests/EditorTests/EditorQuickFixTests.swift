import Config
import Editor
import Model
import TestSupport
import Testing

@Suite("Editor quick fixes")
struct EditorQuickFixTests {
    @Test("a range touching a misspelt key gets the rename fix, and applying it fixes the file")
    func renameFix() throws {
        let marked = MarkedText("project:\n  name: Demo\n  1️⃣clent2️⃣: acme\nrequirements: [x]\nphases: [qa]\n")
        let document = ConfigDocument(text: marked.text)
        let fixes = document.quickFixes(overlapping: document.range(fromOffset: marked["2️⃣"], toOffset: marked["2️⃣"]))
        let fix = try #require(fixes.first)
        #expect(fixes.count == 1)
        #expect(fix.title == "Rename to 'client'")
        #expect(fix.diagnostic.code == DiagnosticCode.unknownKey)
        #expect(fix.edits.first?.range.start.offset == marked["1️⃣"])

        var buffer = TextBuffer(marked.text)
        for edit in fix.edits {
            buffer.apply(
                TextChange(
                    start: .init(line: edit.range.start.line, character: edit.range.start.utf16Column),
                    end: .init(line: edit.range.end.line, character: edit.range.end.utf16Column), text: edit.newText),
                encoding: .utf16)
        }
        #expect(!ConfigDocument(text: buffer.text).diagnostics.contains { $0.code == DiagnosticCode.unknownKey })
    }

    @Test("no rename is offered onto a key the mapping already has, which would create a duplicate-key error")
    func noRenameOntoAnExistingKey() throws {
        let marked = MarkedText("project:\n  name: Demo\nrequirements: [x]\n1️⃣requirments2️⃣: [y]\nphases: [qa]\n")
        let document = ConfigDocument(text: marked.text)
        let diagnostic = try #require(document.diagnostics.first { $0.code == DiagnosticCode.unknownKey })
        #expect(diagnostic.message.contains("did you mean 'requirements'? It is already set here"))
        #expect(diagnostic.fixIts.isEmpty)
        #expect(
            document.quickFixes(overlapping: document.range(fromOffset: marked["1️⃣"], toOffset: marked["2️⃣"])).isEmpty)
    }

    @Test("a range away from every diagnostic gets no fixes")
    func noFixElsewhere() {
        let marked = MarkedText("project:\n  1️⃣name: Demo\n  clent: acme\n")
        let document = ConfigDocument(text: marked.text)
        #expect(!document.diagnostics.isEmpty)
        #expect(
            document.quickFixes(overlapping: document.range(fromOffset: marked["1️⃣"], toOffset: marked["1️⃣"]))
                .isEmpty)
    }

    @Test("fixes come from the diagnostics given, in their order")
    func givenDiagnostics() {
        let range = SourceRange(
            start: SourcePosition(line: 0, column: 2, offset: 2), end: SourcePosition(line: 0, column: 5, offset: 5))
        let edit = FixIt.Edit(range: range, newText: "x")
        let diagnostics = [
            Diagnostic(range: range, code: "a", message: "a", fixIts: [FixIt(title: "first", edits: [edit])]),
            Diagnostic(range: .zero, code: "b", message: "b", fixIts: [FixIt(title: "elsewhere", edits: [edit])]),
            Diagnostic(range: range, code: "c", message: "c", fixIts: [FixIt(title: "second", edits: [edit])]),
        ]
        let inside = SourceRange(at: SourcePosition(line: 0, column: 3, offset: 3))
        #expect(ConfigQuickFix.fixes(for: diagnostics, overlapping: inside).map(\.title) == ["first", "second"])
    }
}
