// sealgate · KubeManifest

/// Go's shortest `%g` formatting of floating-point numbers, which Kubernetes tools print and CEL's
/// `string(double)` returns.
public enum GoFloat {
    /// `strconv.FormatFloat(d, 'g', -1, 64)` (or `32` when `singlePrecision`): the shortest digits that read
    /// back as the same value, in exponent form when the decimal exponent is below -4 or at least 6
    /// (`1e+06`, `100000`, `1e-05`, `0.0001`).
    ///
    /// Special values are spelled `NaN`, `+Inf` and `-Inf`, as Go spells them.
    public static func format(_ d: Double, singlePrecision: Bool = false) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Inf" : "+Inf" }
        let text: String
        let negative: Bool
        if singlePrecision {
            let single = Float(d)
            if single.isInfinite { return single < 0 ? "-Inf" : "+Inf" }
            negative = single.sign == .minus
            text = "\(single.magnitude)"
        } else {
            negative = d.sign == .minus
            text = "\(d.magnitude)"
        }
        let sign = negative ? "-" : ""
        // Swift prints the shortest digits that read back as the same value; take them apart.
        let parts = text.split(separator: "e")
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let mantissa = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        let integerPart = String(mantissa[0])
        let fractionPart = mantissa.count > 1 ? String(mantissa[1]) : ""
        var digits = Array(integerPart + fractionPart)
        var point = integerPart.count + exponent
        while digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        guard !digits.isEmpty else { return sign + "0" }
        let decimalExponent = point - 1
        if decimalExponent < -4 || decimalExponent >= 6 {
            var result = sign + String(digits[0])
            if digits.count > 1 { result += "." + String(digits[1...]) }
            let magnitude = abs(decimalExponent)
            return result + (decimalExponent < 0 ? "e-" : "e+") + (magnitude < 10 ? "0" : "") + String(magnitude)
        }
        if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + String(digits) }
        if point >= digits.count { return sign + String(digits) + String(repeating: "0", count: point - digits.count) }
        return sign + String(digits[..<point]) + "." + String(digits[point...])
    }
}
