// sealgate · Diagnostics

/// Text from an input, made safe to show on a terminal or in a log.
///
/// Manifests, file names and policies are written by others: a name such as `"\u{1B}]0;owned\u{07}"` or
/// `"\u{1B}[2J"`, printed as it is, retitles the window or clears the screen, and a line break inside a
/// key can fake a line of output. Every piece of input text a person reads (in reports, tables, notices
/// and error messages) goes through ``oneLine(_:)``; JSON, SARIF and XML output escape by their own rules.
public enum TerminalText {
    /// The text on one line and safe to print: each run of line breaks becomes one space, a tab a space, and
    /// any other control character (C0, DEL, C1) U+FFFD, so neither a manifest's content nor a policy's
    /// message can move the cursor, change colours or fake a line of output. The bidirectional embedding,
    /// override and isolate controls (U+202A–U+202E, U+2066–U+2069) become U+FFFD too: a right-to-left
    /// override in a message reverses what follows it on screen, policy name included ("Trojan Source").
    /// Other text is unchanged.
    public static func oneLine(_ text: String) -> String {
        // Most text needs nothing; check before building a copy.
        guard text.unicodeScalars.contains(where: needsReplacing) else { return text }
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        var afterBreak = false
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029:
                if !afterBreak { out.unicodeScalars.append(" ") }
                afterBreak = true
                continue
            case 0x09:
                out.unicodeScalars.append(" ")
            case 0x00..<0x20, 0x7F..<0xA0, 0x202A...0x202E, 0x2066...0x2069:
                out.unicodeScalars.append("\u{FFFD}")
            default:
                out.unicodeScalars.append(scalar)
            }
            afterBreak = false
        }
        return out
    }

    /// Like ``oneLine(_:)`` for each line of a message that is meant to span several (an error with a usage
    /// text): the line breaks between lines stay, everything else is made safe.
    public static func lines(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 != "\n" && needsReplacing($0) }) else { return text }
        // Split by scalar: as a Character, "\r\n" is one grapheme and would not split at "\n".
        return text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { oneLine(String(String.UnicodeScalarView($0))) }.joined(separator: "\n")
    }

    /// A count and its noun in the right number, as every summary line says it: `1 policy`, `2 policies`,
    /// `0 objects`.
    ///
    /// - Parameters:
    ///   - count: how many.
    ///   - singular: the noun for one (`object`).
    ///   - plural: the noun for any other count; `singular` and an `s` when not given (`policies` needs it).
    /// - Returns: `"<count> <noun>"`.
    public static func counted(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
    }

    private static func needsReplacing(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        // The bidirectional embeddings, overrides and isolates reorder the rest of the line as a terminal
        // shows it ("Trojan Source"): a key 'a\u{202E}txt.exe' reads as 'aexe.txt' and can turn a message around.
        case 0x00..<0x20, 0x7F..<0xA0, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
