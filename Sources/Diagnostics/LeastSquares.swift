/// Ordinary least squares for the small designs of the onset detector (at most a few columns).
enum LeastSquares {
    /// The fitted values of `y` on the columns of `design` (each column one regressor, all of
    /// length n), by modified Gram–Schmidt; columns that add nothing (collinear) are skipped.
    static func fit(_ design: [[Double]], _ y: [Double]) -> [Double] {
        var basis: [[Double]] = []
        for column in design {
            var v = column
            for q in basis {
                let c = dot(q, v)
                for i in v.indices { v[i] -= c * q[i] }
            }
            let norm = dot(v, v).squareRoot()
            let scale = dot(column, column).squareRoot()
            guard norm > 1e-10 * max(scale, 1e-300) else { continue }
            basis.append(v.map { $0 / norm })
        }
        var fitted = [Double](repeating: 0, count: y.count)
        for q in basis {
            let c = dot(q, y)
            for i in fitted.indices { fitted[i] += c * q[i] }
        }
        return fitted
    }

    /// Residual sum of squares of a fit.
    static func rss(_ y: [Double], _ fitted: [Double]) -> Double {
        zip(y, fitted).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }
}
