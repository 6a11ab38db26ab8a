/// Options every reader may consult.
public struct ReaderOptions: Sendable {
    /// The year of a listing whose dates omit it ("May 13"); such years are marked inferred.
    public var referenceYear: Int
    /// Column mapping for CSV inputs: role → column header (`authors=AU,title=TI`).
    public var columns: [String: String]

    /// Creates options.
    public init(referenceYear: Int, columns: [String: String] = [:]) {
        self.referenceYear = referenceYear
        self.columns = columns
    }
}

/// A reader of one input format.
///
/// A reader streams: it calls `emit` once per record as soon as the record is
/// complete, and reports every problem to `log` with file, line and record,
/// then goes on with the next record.
public protocol BibliographyReader {
    /// Reads every record of `input`.
    func read(_ input: TextInput, options: ReaderOptions, log: DiagnosticLog, emit: (consuming PaperRecord) throws -> Void) throws
}
