extension PriceTable {
    /// The prices the binary ships with: Anthropic's list prices (REFERENCE.md) and the offline model at zero.
    ///
    /// Should the text ever fail to parse this is an empty table, so every model is unpriced (and flagged) rather
    /// than free; a test parses it, so that cannot ship.
    public static let builtin: PriceTable =
        (try? PriceTable(parsing: PriceTable.builtinJSON)) ?? PriceTable(entries: [])

    /// The built-in table as JSON, in the same shape as a workspace override file.
    ///
    /// This literal is the single source of truth (no copy elsewhere to drift from). Rates are US dollars per
    /// million tokens; `effective_date` is the day the rates were read off the pricing page.
    public static let builtinJSON = #"""
        {
          "currency": "USD",
          "note": "List prices, USD per million tokens, from https://www.anthropic.com/pricing as of early 2026. Batch calls cost half; not modelled.",
          "prices": {
            "claude-opus-4.5-4.6": {
              "name": "Claude Opus 4.5–4.6",
              "effective_date": "2026-02-01",
              "models": ["claude-opus-4-6", "claude-opus-4-5"],
              "input": 5,
              "cache_write_5m": 6.25,
              "cache_write_1h": 10,
              "cache_read": 0.50,
              "output": 25
            },
            "claude-opus-4-4.1": {
              "name": "Claude Opus 4–4.1",
              "effective_date": "2026-02-01",
              "models": ["claude-opus-4-1", "claude-opus-4-0", "claude-opus-4"],
              "input": 15,
              "cache_write_5m": 18.75,
              "cache_write_1h": 30,
              "cache_read": 1.50,
              "output": 75
            },
            "claude-sonnet-3.7-4.6": {
              "name": "Claude Sonnet 3.7–4.6",
              "effective_date": "2026-02-01",
              "models": ["claude-sonnet-4-6", "claude-sonnet-4-5", "claude-sonnet-4-0", "claude-sonnet-4", "claude-3-7-sonnet"],
              "input": 3,
              "cache_write_5m": 3.75,
              "cache_write_1h": 6,
              "cache_read": 0.30,
              "output": 15,
              "note": "Prompts over 200k tokens (the 1M-token context) are billed at higher rates; not modelled."
            },
            "claude-haiku-4.5": {
              "name": "Claude Haiku 4.5",
              "effective_date": "2026-02-01",
              "models": ["claude-haiku-4-5"],
              "input": 1,
              "cache_write_5m": 1.25,
              "cache_write_1h": 2,
              "cache_read": 0.10,
              "output": 5
            },
            "claude-haiku-3.5": {
              "name": "Claude Haiku 3.5",
              "effective_date": "2026-02-01",
              "models": ["claude-3-5-haiku"],
              "input": 0.80,
              "cache_write_5m": 1,
              "cache_write_1h": 1.6,
              "cache_read": 0.08,
              "output": 4
            },
            "offline-deterministic": {
              "name": "Offline provider",
              "effective_date": "2026-02-01",
              "models": ["offline-deterministic"],
              "input": 0,
              "cache_write_5m": 0,
              "cache_write_1h": 0,
              "cache_read": 0,
              "output": 0,
              "note": "The offline provider calls no model: its token counts are local estimates and cost nothing."
            }
          }
        }
        """#
}
