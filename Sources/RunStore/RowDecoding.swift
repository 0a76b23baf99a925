import Foundation
import GRDB

/// Decoding of stored values that never traps: anyone can write any value into any column with the
/// sqlite3 shell (CHECK constraints can be switched off), so every read names the table, column and
/// row of a value of the wrong type instead of believing it.
extension Row {
    /// The non-NULL value of `column`, converted to `T`.
    func field<T: DatabaseValueConvertible>(_ column: String, table: String, at place: String) throws -> T {
        guard hasColumn(column) else { throw StoreError.badValue(table: table, column: column, found: "no such column", at: place) }
        let value: DatabaseValue = self[column]
        guard let decoded = T.fromDatabaseValue(value) else {
            throw StoreError.badValue(table: table, column: column, found: Self.describe(value), at: place)
        }
        return decoded
    }

    /// The value of `column` converted to `T`, or nil when it is NULL or the column does not exist
    /// (a version-1 store read without migrating lacks the columns version 2 added).
    func optionalField<T: DatabaseValueConvertible>(_ column: String, table: String, at place: String) throws -> T? {
        guard hasColumn(column) else { return nil }
        let value: DatabaseValue = self[column]
        if value.isNull { return nil }
        return try field(column, table: table, at: place) as T
    }

    /// A finite REAL (a text or NaN is damage, not a number).
    func finite(_ column: String, table: String, at place: String) throws -> Double {
        let x: Double = try field(column, table: table, at: place)
        guard x.isFinite else { throw StoreError.badValue(table: table, column: column, found: "\(x)", at: place) }
        return x
    }

    static func describe(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: return "NULL"
        case .int64(let i): return "the integer \(i)"
        case .double(let d): return "the real \(d)"
        case .string(let s): return "the text '\(s.prefix(40))'"
        case .blob(let b): return "a \(b.count)-byte blob"
        }
    }
}
