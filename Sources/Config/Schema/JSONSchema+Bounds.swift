extension JSONSchema {
    /// What a number must be to meet this schema's numeric bounds ("greater than 0"), or nil when it meets them.
    ///
    /// The one wording of a bound: the schema walk reports it at a YAML value, and `BudgetLimitCheck` for limits
    /// given on the command line or over RPC.
    public func boundViolation(of number: Double) -> String? {
        if let bound = self.minimum, number < bound { return "at least \(SchemaValue.number(bound))" }
        if let bound = self.exclusiveMinimum, number <= bound { return "greater than \(SchemaValue.number(bound))" }
        if let bound = self.maximum, number > bound { return "at most \(SchemaValue.number(bound))" }
        if let bound = self.exclusiveMaximum, number >= bound { return "less than \(SchemaValue.number(bound))" }
        return nil
    }
}
