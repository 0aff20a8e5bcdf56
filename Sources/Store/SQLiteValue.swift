/// A value bound to or read from SQLite.
enum SQLiteValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// Values that bind to a statement parameter.
protocol SQLiteBindable {
    var sqliteValue: SQLiteValue { get }
}

extension Int64: SQLiteBindable {
    var sqliteValue: SQLiteValue { .integer(self) }
}

extension Int: SQLiteBindable {
    var sqliteValue: SQLiteValue { .integer(Int64(self)) }
}

extension Int32: SQLiteBindable {
    var sqliteValue: SQLiteValue { .integer(Int64(self)) }
}

extension Double: SQLiteBindable {
    var sqliteValue: SQLiteValue { .real(self) }
}

extension String: SQLiteBindable {
    var sqliteValue: SQLiteValue { .text(self) }
}

extension Bool: SQLiteBindable {
    var sqliteValue: SQLiteValue { .integer(self ? 1 : 0) }
}

extension Optional: SQLiteBindable where Wrapped: SQLiteBindable {
    var sqliteValue: SQLiteValue { self?.sqliteValue ?? .null }
}

/// One result row, read by column position (queries name their columns, so positions are stable).
struct SQLiteRow: Sendable {
    var values: [SQLiteValue]

    func int64(_ index: Int) -> Int64 {
        switch values[index] {
        case .integer(let value): value
        case .real(let value): Int64(value)
        case .text(let text): Int64(text) ?? 0
        case .null: 0
        }
    }

    func int(_ index: Int) -> Int { Int(truncatingIfNeeded: int64(index)) }

    func optionalInt64(_ index: Int) -> Int64? {
        if case .null = values[index] { return nil }
        return int64(index)
    }

    func optionalInt(_ index: Int) -> Int? { optionalInt64(index).map { Int(truncatingIfNeeded: $0) } }

    func double(_ index: Int) -> Double {
        switch values[index] {
        case .real(let value): value
        case .integer(let value): Double(value)
        case .text(let text): Double(text) ?? 0
        case .null: 0
        }
    }

    func optionalDouble(_ index: Int) -> Double? {
        if case .null = values[index] { return nil }
        return double(index)
    }

    func string(_ index: Int) -> String { optionalString(index) ?? "" }

    func optionalString(_ index: Int) -> String? {
        switch values[index] {
        case .text(let text): text
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .null: nil
        }
    }

    func bool(_ index: Int) -> Bool { int64(index) != 0 }
}
