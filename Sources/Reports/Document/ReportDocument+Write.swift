import Foundation

extension ReportDocument {
    /// Writes the report into `directory`: every figure as PNG and every attachment first, `README.md`
    /// last, each file whole or not at all (``AtomicFile``). All figures are drawn before the first file
    /// is written, so a figure that cannot be drawn leaves the directory as it was; a README is never
    /// written that links a file that was not. Returns the files written, README first.
    ///
    /// - Throws: ``ReportError/figure(name:reason:)`` when a figure cannot be drawn,
    ///   ``ReportError/unwritableDirectory(path:reason:)`` when a file cannot be written or two files
    ///   have one name.
    @discardableResult
    public func write(to directory: ReportDirectory) throws -> [String] {
        var files = try figures.map { ReportAttachment(name: $0.file, data: try $0.drawing.rendered(as: .png)) } + attachments
        var seen: Set<String> = ["README.md"]
        for file in files where !seen.insert(file.name).inserted {
            throw ReportError.unwritableDirectory(path: directory.path, reason: "two files of the report are named \(file.name)")
        }
        files.append(ReportAttachment(name: "README.md", data: Data(markdown.utf8)))
        for file in files { try directory.write(file.data, to: file.name) }
        return [directory.file("README.md")] + files.dropLast().map { directory.file($0.name) }
    }
}
