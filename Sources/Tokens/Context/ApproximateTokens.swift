/// The context optimiser's own rough token count, used when the caller passes no better estimate.
///
/// One token per four UTF-8 bytes, rounded up: close enough to rank and fit documents. The engine passes the
/// shared estimator (or the provider's `count_tokens` figures) through the `estimate` parameters instead.
public enum ApproximateTokens {
    /// Tokens in `text`: its UTF-8 byte count divided by four, rounded up (0 for empty text).
    public static func count(_ text: String) -> Int { (text.utf8.count + 3) / 4 }
}
