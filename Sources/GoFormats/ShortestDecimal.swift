// sealgate · GoFormats

/// Go's shortest round-trip formatting of a `Double`, in fixed notation.
public enum ShortestDecimal {
    /// Go's `strconv.FormatFloat(x, 'f', -1, 64)` for finite values: the shortest digit string
    /// that reads back as `x` (Swift's `description` finds the same digits), laid out without
    /// an exponent.
    public static func fixedNotation(_ value: Double) -> String {
        precondition(value.isFinite, "durations are always finite")
        if value == 0 { return "0" }
        var text = value.magnitude.description  // e.g. "1.5", "3600.0", "1e-09", "1.5e+16"
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let integerDigits = String(parts[0])
        let fractionDigits = parts.count > 1 ? String(parts[1]) : ""
        var digits = Array(integerDigits + fractionDigits)
        var point = integerDigits.count + exponent  // digits before the decimal point

        // Normalise: drop leading zeros (moving the point) and trailing zeros.
        while digits.count > 1, digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.count > 1, digits.last == "0" {
            digits.removeLast()
        }

        var out = value < 0 ? "-" : ""
        if point <= 0 {
            out += "0." + String(repeating: "0", count: -point) + String(digits)
        } else if point >= digits.count {
            out += String(digits) + String(repeating: "0", count: point - digits.count)
        } else {
            out += String(digits[..<point]) + "." + String(digits[point...])
        }
        return out
    }
}
