/// Compiles the pattern subset `PatternProgram` runs; anything outside it is left to Swift's `Regex`.
///
/// The subset, chosen so that its meaning is the same in ECMA-262 and Swift's `Regex` (and ICU's but for `$`):
/// - `^` as the first character and `$` as the last;
/// - literal ASCII letters, digits and `-_/:@,=`, and backslash-escaped ASCII punctuation (`\.`);
/// - `\s` and `\S`;
/// - classes `[…]` and `[^…]` of the same literals, ASCII ranges (`a-z`) and escaped punctuation, with a
///   literal `-` only first or last;
/// - groups `(…)` and `(?:…)`, and the greedy quantifiers `*`, `+` and `?`.
///
/// Alternation, `.`, counted repetition, other escapes, lazy or possessive quantifiers, nested sets and flags
/// are outside it. A matcher only answers whether a match exists, so capturing and greediness do not matter.
extension PatternProgram {
    /// The program for a pattern, or nil when the pattern is outside the subset.
    init?(pattern: String) {
        var parser = PatternParser(Array(pattern.unicodeScalars))
        guard let (instructions, anchoredStart, anchoredEnd) = parser.compile() else { return nil }
        self.init(instructions: instructions, anchoredStart: anchoredStart, anchoredEnd: anchoredEnd)
    }
}

/// A recursive-descent reader of the subset that emits Thompson-construction instructions as it goes.
private struct PatternParser {
    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var end: Int
    private var instructions: [PatternProgram.Instruction] = []

    init(_ scalars: [Unicode.Scalar]) {
        self.scalars = scalars
        self.end = scalars.count
    }

    /// Punctuation that a backslash turns into a literal, in and out of classes.
    private static let escapable = Set("\\^$.|?*+()[]{}-/".unicodeScalars)
    /// Literal characters outside classes besides letters and digits.
    private static let plainLiterals = Set("-_/:@,=".unicodeScalars)
    /// Literal characters inside classes besides letters, digits and `-`.
    private static let classLiterals = Set("_./+:@,=".unicodeScalars)

    mutating func compile() -> (instructions: [PatternProgram.Instruction], anchoredStart: Bool, anchoredEnd: Bool)? {
        let anchoredStart = scalars.first == "^"
        if anchoredStart { position = 1 }
        var anchoredEnd = false
        if end > position, scalars[end - 1] == "$", !isEscaped(end - 1) {
            anchoredEnd = true
            end -= 1
        }
        guard sequence(), position == end else { return nil }
        instructions.append(.match)
        return (instructions, anchoredStart, anchoredEnd)
    }

    /// Whether the scalar at `index` follows an odd run of backslashes.
    private func isEscaped(_ index: Int) -> Bool {
        var backslashes = 0
        var cursor = index - 1
        while cursor >= 0, scalars[cursor] == "\\" {
            backslashes += 1
            cursor -= 1
        }
        return backslashes % 2 == 1
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        position + offset < end ? scalars[position + offset] : nil
    }

    /// Items up to the end or a closing parenthesis, each an atom with an optional quantifier.
    private mutating func sequence() -> Bool {
        while let next = peek(), next != ")" {
            let start = instructions.count
            guard atom() else { return false }
            guard quantifier(from: start) else { return false }
        }
        return true
    }

    private mutating func atom() -> Bool {
        guard let next = peek() else { return false }
        switch next {
        case "(":
            position += 1
            if peek() == "?" {
                guard peek(1) == ":" else { return false }
                position += 2
            }
            guard sequence(), peek() == ")" else { return false }
            position += 1
            return true
        case "[":
            position += 1
            guard let scalarClass = characterClass() else { return false }
            instructions.append(.consume(scalarClass))
            return true
        case "\\":
            guard let escaped = peek(1) else { return false }
            position += 2
            switch escaped {
            case "s": instructions.append(.consume(.whitespace(negated: false)))
            case "S": instructions.append(.consume(.whitespace(negated: true)))
            default:
                guard Self.escapable.contains(escaped) else { return false }
                instructions.append(.consume(.scalar(UInt8(escaped.value))))
            }
            return true
        default:
            guard Self.isAlphanumeric(next) || Self.plainLiterals.contains(next) else { return false }
            position += 1
            instructions.append(.consume(.scalar(UInt8(next.value))))
            return true
        }
    }

    /// Wraps the instructions emitted since `start` in the loop a quantifier asks for.
    private mutating func quantifier(from start: Int) -> Bool {
        guard let next = peek(), next == "*" || next == "+" || next == "?" else { return true }
        position += 1
        // Lazy (`*?`), possessive (`*+`) and stacked quantifiers are outside the subset.
        if let following = peek(), following == "*" || following == "+" || following == "?" || following == "{" {
            return false
        }
        let body = Array(instructions[start...])
        instructions.removeSubrange(start...)
        switch next {
        case "*":
            // start: split(body, after); body…; jump start; after:
            instructions.append(.split(start + 1, start + body.count + 2))
            append(body, shiftedBy: 1)
            instructions.append(.jump(start))
        case "+":
            // start: body…; split(start, after); after:
            append(body, shiftedBy: 0)
            instructions.append(.split(start, start + body.count + 1))
        default:
            // start: split(body, after); body…; after:
            instructions.append(.split(start + 1, start + body.count + 1))
            append(body, shiftedBy: 1)
        }
        return true
    }

    /// Appends instructions moved `shift` places later, adjusting their jump targets.
    private mutating func append(_ body: [PatternProgram.Instruction], shiftedBy shift: Int) {
        for instruction in body {
            switch instruction {
            case .split(let first, let second): instructions.append(.split(first + shift, second + shift))
            case .jump(let target): instructions.append(.jump(target + shift))
            case .consume, .match: instructions.append(instruction)
            }
        }
    }

    /// The class after a `[`, through its `]`.
    private mutating func characterClass() -> ScalarClass? {
        var negated = false
        if peek() == "^" {
            negated = true
            position += 1
        }
        var result = ScalarClass.ascii(low: 0, high: 0, negated: negated)
        var isFirst = true
        while let next = peek(), next != "]" {
            if next == "-" {
                // A literal `-` only first or last; elsewhere regex dialects give it other meanings.
                guard isFirst || peek(1) == "]" else { return nil }
                position += 1
                result = result.adding(0x2D...0x2D)
                isFirst = false
                continue
            }
            guard let low = classMember() else { return nil }
            if peek() == "-", let afterDash = peek(1), afterDash != "]" {
                position += 1
                guard let high = classMember(), low <= high else { return nil }
                result = result.adding(low...high)
            } else {
                result = result.adding(low...low)
            }
            isFirst = false
        }
        guard !isFirst, peek() == "]" else { return nil }
        position += 1
        return result
    }

    /// One literal member of a class (a letter, digit, listed punctuation or escaped punctuation).
    private mutating func classMember() -> UInt8? {
        guard let next = peek() else { return nil }
        if next == "\\" {
            guard let escaped = peek(1), Self.escapable.contains(escaped) else { return nil }
            position += 2
            return UInt8(escaped.value)
        }
        guard Self.isAlphanumeric(next) || Self.classLiterals.contains(next) else { return nil }
        position += 1
        return UInt8(next.value)
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        default: false
        }
    }
}
