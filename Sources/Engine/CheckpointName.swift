/// Reads a checkpoint's name as users write it: `CP2`, `cp2` or `2`.
public enum CheckpointName {
    /// The checkpoint number 1…6, or nil when the text is not a checkpoint name.
    public static func number(_ text: String) -> Int? {
        var digits = Substring(text)
        if digits.lowercased().hasPrefix("cp") { digits = digits.dropFirst(2) }
        guard let number = Int(digits), (1...6).contains(number) else { return nil }
        return number
    }
}
