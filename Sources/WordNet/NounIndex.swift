/// index.noun, read once: for every noun lemma, its synsets in sense order (as rows of ``NounData``).
struct NounIndex: Sendable {
    /// `senseRows[ranges[lemma]]` are the lemma's synsets, sense 1 first.
    private let ranges: [String: Range<Int>]
    private let senseRows: [Int32]

    /// Parses the bytes of index.noun, resolving each synset offset to its row in `data`.
    init(bytes: [UInt8], data: NounData) throws {
        var ranges: [String: Range<Int>] = [:]
        var senseRows: [Int32] = []
        ranges.reserveCapacity(120_000)
        senseRows.reserveCapacity(150_000)
        try bytes.withUnsafeBufferPointer { buffer in
            try forEachEntryLine(in: buffer) { start, end in
                var fields = FieldScanner(buffer, from: start, to: end)
                let malformed = { (detail: String) in
                    WordNetError.malformedDatabase(file: "index.noun", detail: "line at byte \(start): \(detail)")
                }
                // lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
                guard let lemma = fields.nextString(), fields.skip(1), let synsetCount = fields.nextNumber(),
                      let pointerCount = fields.nextNumber(), fields.skip(pointerCount + 2)
                else { throw malformed("cannot parse the entry") }
                let first = senseRows.count
                for _ in 0..<synsetCount {
                    guard let offset = fields.nextNumber() else { throw malformed("missing synset offset") }
                    guard let row = data.row(ofOffset: offset) else {
                        throw malformed("offset \(offset) of '\(lemma)' has no synset in data.noun")
                    }
                    senseRows.append(Int32(row))
                }
                ranges[lemma] = first..<senseRows.count
            }
        }
        self.ranges = ranges
        self.senseRows = senseRows
    }

    /// The rows of `lemma`'s synsets in sense order; empty if the lemma is not a noun.
    func rows(of lemma: String) -> ArraySlice<Int32> {
        guard let range = ranges[lemma] else { return [] }
        return senseRows[range]
    }

    /// True if `lemma` (lower-case, underscores) is a noun lemma.
    func contains(_ lemma: String) -> Bool {
        ranges[lemma] != nil
    }
}
