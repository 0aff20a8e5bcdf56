extension String {
    /// The string without leading and trailing whitespace (FoundationEssentials has no `trimmingCharacters`).
    func trimmingWhitespace() -> String {
        String(self.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
