import Foundation

/// data.noun, read once: every synset's byte offset and its hypernym edges; lemmas and glosses are
/// decoded from the kept bytes when a synset is asked for.
struct NounData: Sendable {
    /// The file's bytes; a synset's line starts at its offset.
    private let bytes: [UInt8]
    /// The synsets' offsets in file order, so ascending; a synset's position here is its row.
    let offsets: [Int]
    /// `parents[parentStarts[row]..<parentStarts[row + 1]]` are the rows of the synset's hypernyms and
    /// instance hypernyms (`@` and `@i` pointers).
    private let parentStarts: [Int]
    private let parents: [Int32]

    /// Parses the bytes of data.noun.
    init(bytes: [UInt8]) throws {
        var offsets: [Int] = []
        var parentStarts: [Int] = [0]
        var parentOffsets: [Int] = []
        offsets.reserveCapacity(90_000)
        parentStarts.reserveCapacity(90_000)
        parentOffsets.reserveCapacity(100_000)
        try bytes.withUnsafeBufferPointer { buffer in
            try forEachEntryLine(in: buffer) { start, end in
                var fields = FieldScanner(buffer, from: start, to: end)
                guard let offset = fields.nextNumber(), offset == start else {
                    throw WordNetError.malformedDatabase(
                        file: "data.noun", detail: "the line at byte \(start) does not begin with its own offset")
                }
                guard fields.skip(2), let lemmaCount = fields.nextNumber(radix: 16),
                      fields.skip(2 * lemmaCount), let pointerCount = fields.nextNumber()
                else { throw Self.malformed(at: offset) }
                for _ in 0..<pointerCount {
                    guard let symbol = fields.next(), let target = fields.nextNumber(),
                          let pos = fields.next(), let sourceTarget = fields.next()
                    else { throw Self.malformed(at: offset) }
                    // NLTK follows only synset-level ("0000") hypernym pointers.
                    if fields.field(symbol, is: "@") || fields.field(symbol, is: "@i"),
                       fields.field(pos, is: "n"), fields.field(sourceTarget, is: "0000") {
                        parentOffsets.append(target)
                    }
                }
                offsets.append(offset)
                parentStarts.append(parentOffsets.count)
            }
        }
        var parents: [Int32] = []
        parents.reserveCapacity(parentOffsets.count)
        for target in parentOffsets {
            guard let row = Self.row(of: target, in: offsets) else {
                throw WordNetError.malformedDatabase(
                    file: "data.noun", detail: "a hypernym pointer names offset \(target), which has no synset")
            }
            parents.append(Int32(row))
        }
        self.bytes = bytes
        self.offsets = offsets
        self.parentStarts = parentStarts
        self.parents = parents
    }

    /// The row of the synset at `offset`, or nil if no synset line starts there.
    func row(ofOffset offset: Int) -> Int? {
        Self.row(of: offset, in: offsets)
    }

    /// The rows of the hypernyms and instance hypernyms of the synset in `row`.
    func parentRows(of row: Int) -> ArraySlice<Int32> {
        parents[parentStarts[row]..<parentStarts[row + 1]]
    }

    /// The lemmas (as written) and the definition of the synset in `row`.
    func entry(row: Int) throws -> (lemmas: [String], definition: String) {
        let offset = offsets[row]
        return try bytes.withUnsafeBufferPointer { buffer in
            var end = offset
            while end < buffer.count, buffer[end] != UInt8(ascii: "\n") { end += 1 }
            var fields = FieldScanner(buffer, from: offset, to: end)
            guard fields.skip(3), let lemmaCount = fields.nextNumber(radix: 16), lemmaCount > 0 else {
                throw Self.malformed(at: offset)
            }
            var lemmas: [String] = []
            for _ in 0..<lemmaCount {
                guard let lemma = fields.nextString(), fields.skip(1) else { throw Self.malformed(at: offset) }
                lemmas.append(lemma)
            }
            let line = fields.string(fields.rest)
            guard let bar = line.firstIndex(of: "|") else { throw Self.malformed(at: offset) }
            return (lemmas, definition(fromGloss: line[line.index(after: bar)...]))
        }
    }

    private static func row(of offset: Int, in offsets: [Int]) -> Int? {
        var low = 0
        var high = offsets.count
        while low < high {
            let middle = (low + high) / 2
            if offsets[middle] < offset { low = middle + 1 } else { high = middle }
        }
        return low < offsets.count && offsets[low] == offset ? low : nil
    }

    private static func malformed(at offset: Int) -> WordNetError {
        .malformedDatabase(file: "data.noun", detail: "cannot parse the synset line at offset \(offset)")
    }
}

/// The definition part of a gloss, as NLTK's `Synset.definition()`: quoted example sentences removed,
/// then surrounding spaces and semicolons trimmed.
func definition(fromGloss gloss: Substring) -> String {
    var text = ""
    var inQuote = false
    var pending = ""
    for character in gloss {
        if character == "\"" {
            if inQuote { pending = "" } else { pending = "\"" }
            inQuote.toggle()
        } else if inQuote {
            pending.append(character)
        } else {
            text.append(character)
        }
    }
    // An unmatched quote is kept as text, as NLTK's non-greedy "[\"].*?[\"]" leaves it.
    text += pending
    var definition = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
    while let first = definition.first, first == ";" || first == " " { definition.removeFirst() }
    while let last = definition.last, last == ";" || last == " " { definition.removeLast() }
    return String(definition)
}
