import Model

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The bounds the intake schema puts on `budget_tokens` and `budget_usd`, applied to a limit however it is given.
///
/// The intake's limits are checked by the schema walk; `budget set` and `budget/set` check theirs here, against the
/// same schema properties with the same wording (`JSONSchema.boundViolation`), so no path accepts a limit another
/// refuses. Only the subject differs: each face names the field its user typed.
public enum BudgetLimitCheck {
    /// Which limit.
    public enum Field: String, Sendable, CaseIterable {
        case tokens = "budget_tokens"
        case usd = "budget_usd"
    }

    /// What is wrong with a limit, worded as the schema walk words it.
    public struct Violation: Error, Sendable, Hashable {
        /// The limit at fault.
        public let field: Field
        /// What it must be ("greater than 0").
        public let requirement: String
        /// The value as given.
        public let found: String

        /// The message with the field named as the user gave it: "--max-tokens must be greater than 0; found 0".
        public func message(subject: String) -> String {
            "\(subject) must be \(self.requirement); found \(self.found)"
        }
    }

    /// The first limit that breaks the intake schema's bounds, or nil when both are valid (or absent).
    public static func violation(
        tokens: Int?, usd: Decimal?, catalog: SchemaCatalog = .builtIn
    ) -> Violation? {
        if let tokens, let problem = Self.violation(.tokens, Decimal(tokens), shown: "\(tokens)", catalog: catalog) {
            return problem
        }
        if let usd, let problem = Self.violation(.usd, usd, shown: "\(usd)", catalog: catalog) {
            return problem
        }
        return nil
    }

    /// Whether `value` meets the bounds of `field`'s schema property; a field the schema does not bound passes.
    public static func violation(
        _ field: Field, _ value: Decimal, shown: String, catalog: SchemaCatalog = .builtIn
    ) -> Violation? {
        guard let validator = catalog[.intake],
            let schema = validator.schema(at: [.key("constraints"), .key(field.rawValue)])
        else { return nil }
        // The schema's bounds are doubles; the decimal's own text converts exactly where it matters (near a bound).
        guard let number = Double("\(value)"), let requirement = schema.boundViolation(of: number) else { return nil }
        return Violation(field: field, requirement: requirement, found: shown)
    }
}
