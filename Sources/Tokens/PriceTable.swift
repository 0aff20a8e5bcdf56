/// Per-model token prices: the built-in list, optionally merged with a workspace's overrides.
///
/// A model id is matched in two steps:
/// 1. **Exact**: an entry lists the id itself (`claude-sonnet-4-5`).
/// 2. **Longest listed prefix**: the longest listed id that the model id starts with, followed by `-` or `@`,
///    as long as what follows is not a version number (an all-digit part shorter than four digits). So dated
///    snapshots and aliases inherit their family's price (`claude-sonnet-4-5-20250929`, `claude-sonnet-4-5@20250929`,
///    `claude-3-7-sonnet-latest`), while `claude-opus-4-7` does **not** inherit `claude-opus-4`'s price: a new
///    model version is unpriced until the table lists it, rather than silently priced as an older one.
///
/// Anything else is `.unpriced`.
public struct PriceTable: Sendable, Hashable {
    /// The entries, sorted by id.
    public private(set) var entries: [ModelPrice]
    /// Listed model id → index in `entries`.
    private var modelIndex: [String: Int]

    /// A table of these entries; of two with one id the later is kept, and of two listing one model id the later
    /// prices it.
    public init(entries: [ModelPrice]) {
        // One entry per id (the later one), so `entries` never shows a price that cannot be looked up.
        let byID = Dictionary(entries.map { ($0.id, $0) }, uniquingKeysWith: { _, later in later })
        self.entries = byID.values.sorted { $0.id < $1.id }
        let positions = Dictionary(uniqueKeysWithValues: self.entries.enumerated().map { ($1.id, $0) })
        var index: [String: Int] = [:]
        for entry in entries where byID[entry.id] == entry {
            guard let position = positions[entry.id] else { continue }
            for model in entry.models { index[model] = position }
        }
        self.modelIndex = index
    }

    /// The entry pricing `model`, by the matching rule above, or `.unpriced`.
    public func lookup(model: String) -> PriceLookup {
        if let position = self.modelIndex[model] { return .priced(self.entries[position]) }
        var end = model.endIndex
        while let separator = model[..<end].lastIndex(where: { $0 == "-" || $0 == "@" }) {
            end = separator
            guard let position = self.modelIndex[String(model[..<separator])] else { continue }
            let rest = model[model.index(after: separator)...]
            if !Self.startsWithVersionNumber(rest) { return .priced(self.entries[position]) }
        }
        return .unpriced(model: model)
    }

    /// The entry with this id, if any.
    public func entry(id: String) -> ModelPrice? {
        self.entries.first { $0.id == id }
    }

    /// Whether `rest` continues a version (`7` in `claude-opus-4-7`) rather than naming a snapshot or alias.
    private static func startsWithVersionNumber(_ rest: Substring) -> Bool {
        let part = rest.prefix { $0 != "-" && $0 != "@" && $0 != ":" }
        return !part.isEmpty && part.count < 4 && part.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
