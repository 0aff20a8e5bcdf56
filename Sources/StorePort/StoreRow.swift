/// One row an adapter read, by column name, with the typed reads every adapter offers: what lets each record be
/// decoded once (`StoredRecords.swift`) whichever database the row came from.
///
/// An adapter reports a value it cannot read as the type asked for as ``StoreError/unreadableValue``, naming the
/// column; an unknown enum value is one too, never a default.
public protocol StoreRow {
    func optionalInt64(_ name: String) throws(StoreError) -> Int64?
    func int64(_ name: String) throws(StoreError) -> Int64
    func int(_ name: String) throws(StoreError) -> Int
    func optionalInt(_ name: String) throws(StoreError) -> Int?
    func optionalDouble(_ name: String) throws(StoreError) -> Double?
    func double(_ name: String) throws(StoreError) -> Double
    func optionalString(_ name: String) throws(StoreError) -> String?
    func string(_ name: String) throws(StoreError) -> String
    func bool(_ name: String) throws(StoreError) -> Bool
    /// The table the row was read from, for messages.
    var tableName: String { get }
}

extension StoreRow {
    /// A stored enum (a status, a phase) by its raw value; an unknown value is an error naming the column.
    public func value<Value: RawRepresentable & CaseIterable>(
        _ name: String, as type: Value.Type
    ) throws(StoreError) -> Value where Value.RawValue == String {
        let text = try string(name)
        guard let value = Value(rawValue: text) else {
            throw StoreError.unreadable(
                table: tableName, column: name, value: text,
                expected: "one of " + Value.allCases.map { $0.rawValue }.joined(separator: ", "))
        }
        return value
    }

    /// An optional stored enum; NULL is nil, an unknown value an error.
    public func optionalValue<Value: RawRepresentable & CaseIterable>(
        _ name: String, as type: Value.Type
    ) throws(StoreError) -> Value? where Value.RawValue == String {
        guard try optionalString(name) != nil else { return nil }
        return try value(name, as: type)
    }

    /// A comma-separated list of enum values (a workflow's phases).
    public func list<Value: RawRepresentable & CaseIterable>(
        _ name: String, of type: Value.Type
    ) throws(StoreError) -> [Value] where Value.RawValue == String {
        let text = try string(name)
        return try text.split(separator: ",").map { item throws(StoreError) -> Value in
            guard let value = Value(rawValue: String(item)) else {
                throw StoreError.unreadable(
                    table: tableName, column: name, value: text,
                    expected: "a list of " + Value.allCases.map { $0.rawValue }.joined(separator: ", "))
            }
            return value
        }
    }
}
