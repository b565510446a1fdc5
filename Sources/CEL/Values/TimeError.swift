// sealgate · CEL

/// Why a timestamp or duration operation failed.
///
/// `message` is the text cel-go puts in the CEL error value, so policies and their
/// tests see the same words as in the cluster. cel-go swallows the underlying Go reason
/// for failed conversions; where there is one it is kept in `detail` for diagnostics.
struct TimeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The CEL error text, worded as cel-go words it.
    var message: String
    /// The Go-level reason behind `message`, when cel-go hides one (never part of the CEL error).
    var detail: String?

    init(_ message: String, detail: String? = nil) {
        self.message = message
        self.detail = detail
    }

    var description: String { message }

    /// Checked int64 arithmetic failed (duration ± duration, -duration, timestamp - timestamp).
    static let integerOverflow = TimeError("integer overflow")
    /// A timestamp fell outside 0001-01-01T00:00:00Z ... 9999-12-31T23:59:59.999999999Z.
    static let timestampOverflow = TimeError("timestamp overflow")

    /// `duration(string)` could not parse its argument.
    static func durationConversion(detail: String? = nil) -> TimeError {
        TimeError("type conversion error from 'string' to 'google.protobuf.Duration'", detail: detail)
    }

    /// `timestamp(string)` could not parse its argument.
    static func timestampConversion(detail: String? = nil) -> TimeError {
        TimeError("type conversion error from 'string' to 'google.protobuf.Timestamp'", detail: detail)
    }
}
