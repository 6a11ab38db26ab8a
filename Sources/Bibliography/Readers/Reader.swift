/// Options every reader may consult.
public struct ReaderOptions: Sendable {
    /// The year of a listing whose dates omit it ("May 13"); such years are marked inferred.
    public var referenceYear: Int
    /// Column mapping for CSV inputs: role → column header (`authors=AU,title=TI`).
    public var columns: [String: String]
    /// A rough count of the input's records (0: unknown), only for sizing tables.
    public var expectedRecords: Int

    /// Creates options.
    public init(referenceYear: Int, columns: [String: String] = [:], expectedRecords: Int = 0) {
        self.referenceYear = referenceYear
        self.columns = columns
        self.expectedRecords = expectedRecords
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
