/// The answer to "what does this model cost": a price, or a typed refusal the caller must flag.
///
/// There is deliberately no default price: several tools priced unknown models at $0 and so let spending run
/// unchecked (REFERENCE.md, "Anthropic Messages API").
public enum PriceLookup: Sendable, Hashable {
    /// The table prices the model with this entry.
    case priced(ModelPrice)
    /// No entry covers the model.
    case unpriced(model: String)

    /// The entry, when there is one.
    public var price: ModelPrice? {
        if case .priced(let price) = self { return price }
        return nil
    }
}
