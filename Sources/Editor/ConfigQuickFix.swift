import Config
import Model

/// A quick fix offered for a range: one fix-it of a diagnostic that overlaps it.
public struct ConfigQuickFix: Sendable, Hashable {
    /// What the fix does, as a menu entry ("Rename to 'client'").
    public var title: String
    /// The edits that make the fix, applied together.
    public var edits: [FixIt.Edit]
    /// The diagnostic the fix resolves.
    public var diagnostic: Diagnostic

    /// A fix made of edits, for a diagnostic.
    public init(title: String, edits: [FixIt.Edit], diagnostic: Diagnostic) {
        self.title = title
        self.edits = edits
        self.diagnostic = diagnostic
    }

    /// The fixes of the diagnostics that overlap a range (touching counts, so a cursor at a
    /// diagnostic's edge still gets its fixes), in the diagnostics' order.
    public static func fixes(for diagnostics: [Diagnostic], overlapping range: SourceRange) -> [ConfigQuickFix] {
        diagnostics.filter { overlaps($0.range, range) }.flatMap { diagnostic in
            diagnostic.fixIts.map { ConfigQuickFix(title: $0.title, edits: $0.edits, diagnostic: diagnostic) }
        }
    }

    private static func overlaps(_ lhs: SourceRange, _ rhs: SourceRange) -> Bool {
        lhs.start.offset <= rhs.end.offset && rhs.start.offset <= lhs.end.offset
    }
}

extension ConfigDocument {
    /// The fixes of this document's own diagnostics that overlap a range.
    public func quickFixes(overlapping range: SourceRange) -> [ConfigQuickFix] {
        ConfigQuickFix.fixes(for: diagnostics, overlapping: range)
    }
}
