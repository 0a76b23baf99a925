import Foundation

/// Where one imported step's masks come from.
public enum StepSource: Sendable, Equatable, CustomStringConvertible {
    /// One checkpoint (a file, a sharded checkpoint's index, or a directory holding one) whose tensor keys
    /// are `<subnetwork>/<layer>`.
    case prefixed(String)
    /// One checkpoint per subnetwork, in the order given, whose keys are layer names
    /// (e.g. one model pruned with two calibration sets).
    case perSubnetwork([SubnetworkSource])

    /// The path, or `name=path` pairs separated by commas.
    public var description: String {
        switch self {
        case .prefixed(let path): return path
        case .perSubnetwork(let list): return list.map { "\($0.name)=\($0.path)" }.joined(separator: ",")
        }
    }
}

/// One subnetwork's checkpoint, given as `NAME=PATH`.
public struct SubnetworkSource: Sendable, Equatable {
    public let name: String
    public let path: String

    public init(name: String, path: String) {
        self.name = name; self.path = path
    }

    /// Parses `NAME=PATH`.
    /// - Throws: `ImportError` when there is no `=` or either side is empty.
    public init(parsing text: String) throws {
        guard let eq = text.firstIndex(of: "=") else {
            throw ImportError(file: nil, "--subnetwork '\(text)' has no '=': write NAME=PATH, e.g. --subnetwork code=ckpt/code")
        }
        let name = String(text[..<eq]), path = String(text[text.index(after: eq)...])
        guard !name.isEmpty, !path.isEmpty else {
            throw ImportError(file: nil, "--subnetwork '\(text)': both NAME and PATH of NAME=PATH must be given")
        }
        self.init(name: name, path: path)
    }
}

/// Which tensors of a checkpoint are layers: those whose layer name matches `include` (when given) and
/// not `exclude` (when given).
public struct LayerFilter: @unchecked Sendable {
    public let include: String?
    public let exclude: String?
    private let includeRegex: NSRegularExpression?
    private let excludeRegex: NSRegularExpression?

    /// - Throws: `ImportError` for a pattern that is not a valid regular expression.
    public init(include: String? = nil, exclude: String? = nil) throws {
        func compile(_ pattern: String?, _ option: String) throws -> NSRegularExpression? {
            guard let pattern else { return nil }
            do { return try NSRegularExpression(pattern: pattern) } catch {
                throw ImportError(file: nil, "\(option) '\(pattern)' is not a valid regular expression")
            }
        }
        self.include = include; self.exclude = exclude
        includeRegex = try compile(include, "--include")
        excludeRegex = try compile(exclude, "--exclude")
    }

    /// Whether the layer `name` is selected.
    public func selects(_ name: String) -> Bool {
        let range = NSRange(name.startIndex..., in: name)
        if let includeRegex, includeRegex.firstMatch(in: name, range: range) == nil { return false }
        if let excludeRegex, excludeRegex.firstMatch(in: name, range: range) != nil { return false }
        return true
    }

    /// The options as typed, for messages: `--include 'x' --exclude 'y'`.
    var description: String {
        [include.map { "--include '\($0)'" }, exclude.map { "--exclude '\($0)'" }].compactMap { $0 }.joined(separator: " ")
    }
}

/// Orders names as people number layers: digit runs compare by value (`layers.2` before `layers.10`).
enum NaturalOrder {
    static func less(_ a: String, _ b: String) -> Bool {
        var i = a.unicodeScalars.makeIterator(), j = b.unicodeScalars.makeIterator()
        var x = i.next(), y = j.next()
        while let p = x, let q = y {
            if p.properties.numericType == .decimal, q.properties.numericType == .decimal, p.isASCII, q.isASCII {
                var m = "", n = ""
                while let c = x, c.isASCII, ("0"..."9").contains(c) { m.unicodeScalars.append(c); x = i.next() }
                while let c = y, c.isASCII, ("0"..."9").contains(c) { n.unicodeScalars.append(c); y = j.next() }
                let mt = m.drop { $0 == "0" }, nt = n.drop { $0 == "0" }
                if mt.count != nt.count { return mt.count < nt.count }
                if mt != nt { return mt < nt }
                continue
            }
            if p != q { return p.value < q.value }
            x = i.next(); y = j.next()
        }
        return x == nil && y != nil
    }
}
