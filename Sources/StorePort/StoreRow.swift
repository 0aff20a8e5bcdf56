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
    /// A stored enum (a status, a phase) by its raw value.
    func value<Value: RawRepresentable & CaseIterable>(_ name: String, as type: Value.Type) throws(StoreError) -> Value
    where Value.RawValue == String
    /// An optional stored enum; NULL is nil.
    func optionalValue<Value: RawRepresentable & CaseIterable>(
        _ name: String, as type: Value.Type
    ) throws(StoreError) -> Value? where Value.RawValue == String
    /// A comma-separated list of enum values (a workflow's phases).
    func list<Value: RawRepresentable & CaseIterable>(_ name: String, of type: Value.Type) throws(StoreError) -> [Value]
    where Value.RawValue == String
}
