/// A schema `pattern` from a small regular-expression subset, compiled to an NFA that matches without Foundation.
///
/// Matching a string with `Regex` or `NSRegularExpression` costs about a microsecond and several allocations
/// per call, which dominated validating a long list of strings. The patterns schemas use are simple (`\S`,
/// `^[a-z][a-z0-9_]*$`), so those are compiled here (see `PatternProgram+Parsing.swift` for the subset) and
/// matched over Unicode scalars with the states of the NFA held in one 64-bit mask: no allocation, linear time.
/// The semantics are ECMA-262's, which JSON Schema specifies, as Swift's `Regex` over Unicode scalars has them:
/// `$` matches only at the end of the text (not before a final newline, as ICU's does), and `\s` is Unicode
/// White_Space.
struct PatternProgram: Sendable {
    /// One step of the program.
    enum Instruction: Sendable {
        /// Consumes one scalar of the class, else the thread dies.
        case consume(ScalarClass)
        /// Continues at both targets.
        case split(Int, Int)
        /// Continues at the target.
        case jump(Int)
        /// The pattern has matched (the last instruction).
        case match
    }

    /// Whether the pattern starts with `^` (matches only at the start of the text).
    let anchoredStart: Bool
    /// Whether the pattern ends with `$` (matches only at the end of the text).
    let anchoredEnd: Bool
    /// The class of each instruction that consumes a scalar (nil for the others).
    private let classes: [ScalarClass?]
    /// For each consuming instruction, the states reached after it consumes a scalar.
    private let successors: [UInt64]
    /// The states a thread starts in.
    private let startStates: UInt64
    /// The bit of the `match` instruction.
    private let matchState: UInt64

    /// Most instructions a program may have: one bit of the state mask each.
    static let maxInstructions = 64

    /// Builds the program; nil when it has too many instructions for the state mask.
    init?(instructions: [Instruction], anchoredStart: Bool, anchoredEnd: Bool) {
        guard instructions.count <= Self.maxInstructions, case .match? = instructions.last else { return nil }
        self.anchoredStart = anchoredStart
        self.anchoredEnd = anchoredEnd
        var classes: [ScalarClass?] = []
        var successors: [UInt64] = []
        for (index, instruction) in instructions.enumerated() {
            if case .consume(let scalarClass) = instruction {
                classes.append(scalarClass)
                successors.append(Self.closure(of: index + 1, in: instructions))
            } else {
                classes.append(nil)
                successors.append(0)
            }
        }
        self.classes = classes
        self.successors = successors
        self.startStates = Self.closure(of: 0, in: instructions)
        self.matchState = 1 << UInt64(instructions.count - 1)
    }

    /// Whether the pattern matches anywhere in the text (JSON Schema patterns are not anchored).
    func matches(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        var states = startStates
        for scalar in scalars {
            if states & matchState != 0, !anchoredEnd { return true }
            var next: UInt64 = 0
            var pending = states & ~matchState
            while pending != 0 {
                let state = pending.trailingZeroBitCount
                pending &= pending - 1
                if let scalarClass = classes[state], scalarClass.contains(scalar) {
                    next |= successors[state]
                }
            }
            if !anchoredStart { next |= startStates }
            if next == 0 { return false }
            states = next
        }
        return states & matchState != 0
    }

    /// The consuming and `match` instructions reachable from `start` without consuming a scalar.
    private static func closure(of start: Int, in instructions: [Instruction]) -> UInt64 {
        var reached: UInt64 = 0
        var visited: UInt64 = 0
        var work = [start]
        while let index = work.popLast() {
            guard index < instructions.count, visited & (1 << UInt64(index)) == 0 else { continue }
            visited |= 1 << UInt64(index)
            switch instructions[index] {
            case .consume, .match: reached |= 1 << UInt64(index)
            case .split(let first, let second): work += [second, first]
            case .jump(let target): work.append(target)
            }
        }
        return reached
    }
}

/// The scalars one step of a pattern accepts: a set of ASCII characters, or (not) Unicode white space.
enum ScalarClass: Sendable, Hashable {
    /// ASCII scalars whose bits are set in the 128-bit mask `low | high << 64`; `negated` inverts the set,
    /// non-ASCII scalars included (`[^a-z]` accepts `é`).
    case ascii(low: UInt64, high: UInt64, negated: Bool)
    /// Unicode White_Space scalars (`\s`), or all others when negated (`\S`).
    case whitespace(negated: Bool)

    /// A class of one ASCII scalar.
    static func scalar(_ value: UInt8) -> ScalarClass {
        ScalarClass.ascii(low: 0, high: 0, negated: false).adding(value...value)
    }

    /// The class with an ASCII range added (for `ascii` classes; others are returned unchanged).
    func adding(_ range: ClosedRange<UInt8>) -> ScalarClass {
        guard case .ascii(var low, var high, let negated) = self else { return self }
        for value in range where value < 128 {
            if value < 64 { low |= 1 << UInt64(value) } else { high |= 1 << UInt64(value - 64) }
        }
        return .ascii(low: low, high: high, negated: negated)
    }

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        switch self {
        case .ascii(let low, let high, let negated):
            let value = scalar.value
            let member: Bool
            if value < 64 {
                member = low & (1 << UInt64(value)) != 0
            } else if value < 128 {
                member = high & (1 << UInt64(value - 64)) != 0
            } else {
                member = false
            }
            return member != negated
        case .whitespace(let negated):
            return Self.isWhitespace(scalar) != negated
        }
    }

    /// Unicode White_Space (what `\s` matches), with the ASCII cases answered without a table lookup.
    @inline(__always)
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value == 0x20 || (0x09...0x0D).contains(value) }
        return scalar.properties.isWhitespace
    }
}
