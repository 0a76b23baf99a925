/// Errors reading an image with its region map; each description is one line naming the file.
public enum RegionImageError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
    case notPNG(path: String)
    case unsupported(path: String, reason: String)
    case sizeMismatch(image: String, imageSize: String, labels: String, labelSize: String)
    case emptyRegion(labels: String, region: Int, present: [Int])
    case tooManyRegions(labels: String, count: Int, maximum: Int)
    case badResize(Int)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "cannot read '\(path)': \(reason)"
        case .unwritable(let path, let reason): return "cannot write '\(path)': \(reason)"
        case .notPNG(let path): return "'\(path)' is not a PNG file (no PNG signature)"
        case .unsupported(let path, let reason): return "'\(path)': \(reason)"
        case .sizeMismatch(let image, let imageSize, let labels, let labelSize):
            return "image '\(image)' is \(imageSize) but its label map '\(labels)' is \(labelSize); they must be the same size"
        case .emptyRegion(let labels, let region, let present):
            return "label map '\(labels)': region \(region) has no pixels (values present: \(present.map(String.init).joined(separator: ", "))); use label_encoding \"values\" to renumber the values present"
        case .tooManyRegions(let labels, let count, let maximum):
            return "label map '\(labels)' has \(count) regions, more than the maximum of \(maximum) (raise max_regions, or merge regions)"
        case .badResize(let n): return "resize must be at least 2 pixels, got \(n)"
        }
    }
}
