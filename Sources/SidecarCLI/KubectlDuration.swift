// sealgate · SidecarCLI

/// A duration as kubectl's flags write it: `30s`, `1.5m`, `2h`, `250ms`, or a bare number of seconds.
/// `sealgate sidecar --poll` and `sealgate seal --request-timeout` read it.
public struct KubectlDuration: Sendable, Equatable, CustomStringConvertible {
    /// The duration in seconds, always positive and finite.
    public let seconds: Double
    /// How it was written, with `s` added to a bare number, for messages.
    public let text: String

    /// Parses `30s`, `1.5m`, `2h`, `250ms` or `45`; nil for anything else, zero or negative.
    public init?(_ text: String) {
        let units: [(suffix: String, factor: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        let unit = units.first { text.hasSuffix($0.suffix) && Double(text.dropLast($0.suffix.count)) != nil }
        let number = unit.map { Double(text.dropLast($0.suffix.count)) } ?? Double(text)
        guard let number, number.isFinite, number > 0 else { return nil }
        self.seconds = number * (unit?.factor ?? 1)
        self.text = unit == nil ? "\(text)s" : text
    }

    /// The duration to the millisecond, for a clock or a timer.
    public var duration: Duration { .milliseconds(Int64((seconds * 1000).rounded())) }

    /// ``text``.
    public var description: String { text }
}
