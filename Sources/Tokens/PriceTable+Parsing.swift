import JSON

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension PriceTable {
    /// Reads a table from JSON text: the shape of `builtinJSON`, every entry complete.
    public init(parsing text: String) throws(PriceTableError) {
        self.init(entries: try PriceTableDocument.entries(parsing: text))
    }

    /// This table with a workspace's overrides (JSON text of the same shape) applied.
    ///
    /// An override entry replaces the entry with the same id whole; a model id an override lists is priced by the
    /// override even where another built-in entry lists it too. Every other entry is kept.
    public func merging(overrides text: String) throws(PriceTableError) -> PriceTable {
        let overrides = try PriceTableDocument.entries(parsing: text)
        let replacedIDs = Set(overrides.map(\.id))
        let claimedModels = Set(overrides.flatMap(\.models))
        var kept: [ModelPrice] = []
        for var entry in self.entries where !replacedIDs.contains(entry.id) {
            entry.models.removeAll { claimedModels.contains($0) }
            if !entry.models.isEmpty { kept.append(entry) }
        }
        return PriceTable(entries: kept + overrides)
    }
}

/// The JSON form of a price table, read strictly so a typo in a workspace file is an error, not a silent $0.
enum PriceTableDocument {
    private static let topLevelFields: Set<String> = ["currency", "note", "prices"]
    private static let rateFields = ["input", "cache_write_5m", "cache_write_1h", "cache_read", "output"]
    private static let entryFields = Set(["name", "note", "effective_date", "models"] + rateFields)

    static func entries(parsing text: String) throws(PriceTableError) -> [ModelPrice] {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: text)
        } catch {
            throw PriceTableError(code: .invalidJSON, pointer: "", message: "not JSON: \(error)")
        }
        let top = try object(document, at: "")
        try rejectUnknown(top, allowed: topLevelFields, at: "")
        if let currency = top["currency"] {
            guard try string(currency, at: "/currency") == "USD" else {
                throw PriceTableError(
                    code: .invalidValue, pointer: "/currency", message: "only USD prices are supported")
            }
        }
        if let note = top["note"] { _ = try string(note, at: "/note") }
        guard let pricesValue = top["prices"] else {
            throw PriceTableError(code: .missingField, pointer: "", message: "missing member `prices`")
        }
        let prices = try object(pricesValue, at: "/prices")
        var entries: [ModelPrice] = []
        var owners: [String: String] = [:]
        // Sorted so that errors, and which of two duplicates is reported, do not depend on hashing order.
        for id in prices.keys.sorted() {
            guard let value = prices[id] else { continue }
            let pointer = "/prices/" + escape(id)
            let entry = try self.entry(id: id, value, at: pointer)
            for (offset, model) in entry.models.enumerated() {
                if let owner = owners[model] {
                    throw PriceTableError(
                        code: .duplicateModel, pointer: "\(pointer)/models/\(offset)",
                        message: "model `\(model)` is already priced by `\(owner)`")
                }
                owners[model] = id
            }
            entries.append(entry)
        }
        return entries
    }

    private static func entry(id: String, _ value: JSONValue, at pointer: String) throws(PriceTableError) -> ModelPrice
    {
        guard !id.isEmpty else {
            throw PriceTableError(code: .invalidValue, pointer: pointer, message: "an entry id must not be empty")
        }
        let members = try object(value, at: pointer)
        try rejectUnknown(members, allowed: entryFields, at: pointer)
        let date = try string(try require("effective_date", in: members, at: pointer), at: pointer + "/effective_date")
        guard isISODate(date) else {
            throw PriceTableError(
                code: .invalidValue, pointer: pointer + "/effective_date", message: "expected a date as YYYY-MM-DD")
        }
        let modelsPointer = pointer + "/models"
        guard let modelValues = try require("models", in: members, at: pointer).arrayValue else {
            throw PriceTableError(code: .wrongType, pointer: modelsPointer, message: "expected an array of model ids")
        }
        guard !modelValues.isEmpty else {
            throw PriceTableError(code: .invalidValue, pointer: modelsPointer, message: "list at least one model id")
        }
        var models: [String] = []
        for (offset, modelValue) in modelValues.enumerated() {
            let model = try string(modelValue, at: "\(modelsPointer)/\(offset)")
            guard !model.isEmpty, !model.contains(where: \.isWhitespace) else {
                throw PriceTableError(
                    code: .invalidValue, pointer: "\(modelsPointer)/\(offset)", message: "not a model id: `\(model)`")
            }
            models.append(model)
        }
        var rates: [Decimal] = []
        for field in rateFields {
            rates.append(try rate(try require(field, in: members, at: pointer), at: pointer + "/" + field))
        }
        let name = try members["name"].map { value throws(PriceTableError) in try string(value, at: pointer + "/name") }
        let note = try members["note"].map { value throws(PriceTableError) in try string(value, at: pointer + "/note") }
        return ModelPrice(
            id: id, name: name ?? id, models: models, effectiveDate: date, input: rates[0], cacheWrite5m: rates[1],
            cacheWrite1h: rates[2], cacheRead: rates[3], output: rates[4], note: note)
    }

    /// A rate: a JSON number, or a decimal string for whoever wants every digit spelled out.
    ///
    /// A number arrives as a `Double`; its shortest round-trip text (`0.8` for `0.80`) is exactly what was
    /// written for any price with fewer than 16 significant digits, so that text is read as the `Decimal`.
    private static func rate(_ value: JSONValue, at pointer: String) throws(PriceTableError) -> Decimal {
        let parsed: Decimal?
        switch value {
        case .integer(let integer): parsed = Decimal(integer)
        case .double(let double): parsed = double.isFinite ? Decimal(string: "\(double)") : nil
        case .string(let text): parsed = isDecimalText(text) ? Decimal(string: text) : nil
        default:
            throw PriceTableError(
                code: .wrongType, pointer: pointer, message: "expected a number (USD per million tokens)")
        }
        guard let parsed, !parsed.isNaN, parsed >= 0 else {
            throw PriceTableError(
                code: .invalidValue, pointer: pointer, message: "expected a non-negative number of US dollars")
        }
        return parsed
    }

    private static func object(_ value: JSONValue, at pointer: String) throws(PriceTableError) -> [String: JSONValue] {
        guard let members = value.objectValue else {
            throw PriceTableError(code: .wrongType, pointer: pointer, message: "expected an object")
        }
        return members
    }

    private static func string(_ value: JSONValue, at pointer: String) throws(PriceTableError) -> String {
        guard let text = value.stringValue else {
            throw PriceTableError(code: .wrongType, pointer: pointer, message: "expected a string")
        }
        return text
    }

    private static func require(
        _ field: String, in members: [String: JSONValue], at pointer: String
    )
        throws(PriceTableError) -> JSONValue
    {
        guard let value = members[field] else {
            throw PriceTableError(code: .missingField, pointer: pointer, message: "missing member `\(field)`")
        }
        return value
    }

    private static func rejectUnknown(
        _ members: [String: JSONValue], allowed: Set<String>, at pointer: String
    )
        throws(PriceTableError)
    {
        if let unknown = members.keys.filter({ !allowed.contains($0) }).sorted().first {
            throw PriceTableError(
                code: .unknownField, pointer: pointer + "/" + escape(unknown),
                message: "unknown member `\(unknown)` (expected one of: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    /// `YYYY-MM-DD` with a plausible month and day.
    private static func isISODate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let month = Int(parts[1]), let day = Int(parts[2])
        else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }

    /// Digits with at most one point and no sign or exponent: `Decimal(string:)` alone would accept `5abc` as 5.
    private static func isDecimalText(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return (1...2).contains(parts.count)
            && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    /// A key as an RFC 6901 reference token.
    private static func escape(_ key: String) -> String {
        key.replacing("~", with: "~0").replacing("/", with: "~1")
    }
}
