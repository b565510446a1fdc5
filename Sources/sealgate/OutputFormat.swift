// sealgate · CLI

internal import ArgumentParser

/// `-o text|json`, for commands that print for people or for machines.
enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
    case text
    case json
}

/// The one flag convention of sealgate's commands: `-o/--output FORMAT` says how the result is printed on
/// standard output, as kubectl's `-o` does, and a file is written by a flag of its own that names its
/// format beside it (`check --report FORMAT=FILE`, `-w FILE`), so a format and a file cannot be paired
/// wrongly.
///
/// `check --output` and `policies export --output` used to take a file; a value that looks like one is
/// answered with the flag that writes a file now instead of argument-parser's list of formats.
enum OutputFlag {
    /// The format `value` names.
    ///
    /// - Parameters:
    ///   - value: what was given after the flag.
    ///   - flag: the flag's name in the message (`--output`, or an alias such as `--format`).
    ///   - fileAdvice: for a value that looks like a file: what writes that file now, such as
    ///     `--report sarif=sealgate.sarif`.
    /// - Throws: `ValidationError` naming the flag, the value and the formats it takes.
    static func format<Format: RawRepresentable & CaseIterable>(
        _ value: String, flag: String = "--output", fileAdvice: (String) -> String
    ) throws -> Format where Format.RawValue == String {
        if let format = Format(rawValue: value) { return format }
        let formats = listed(Format.allCases.map(\.rawValue))
        if looksLikeFile(value) {
            throw ValidationError("\(flag) takes a format now (\(formats)), not a file; to write '\(value)' use \(fileAdvice(value))")
        }
        throw ValidationError("\(flag) '\(value)' is not a format; give \(formats)")
    }

    /// `a, b or c` (or `a, b and c`).
    static func listed(_ words: [String], _ conjunction: String = "or") -> String {
        guard let last = words.last, words.count > 1 else { return words.first ?? "" }
        return words.dropLast().joined(separator: ", ") + " \(conjunction) " + last
    }

    /// A path separator or an extension: no format name has either.
    static func looksLikeFile(_ value: String) -> Bool {
        value.contains("/") || value.contains(".")
    }
}
