/// The form WordNet's index uses for a user-typed word: lower-cased, surrounding white space dropped,
/// inner runs of white space joined by one underscore (`"Sweet Pepper"` → `"sweet_pepper"`).
func normalizedLemma(_ word: String) -> String {
    word.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: "_")
}
