// sealgate · SidecarCLI

internal import Diagnostics
internal import Logging

#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// How `sealgate sidecar` writes its log lines to standard error: `text` for a person (`kubectl logs`),
/// `json` for a log pipeline (one object per line).
enum SidecarLogFormat: String, CaseIterable, Sendable {
    case text
    case json
}

/// A swift-log handler that writes one line per message to standard error, made safe first: a name or
/// key read from an input can hold a line break that would forge another log line.
struct SidecarLogHandler: LogHandler {
    let format: SidecarLogFormat
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields = metadata
        if let extra = event.metadata { fields.merge(extra) { _, new in new } }
        let time = Self.timestamp(Date())
        let line: String
        switch format {
        case .text:
            let pairs = fields.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quoted("\($0.value)"))" }
            line = TerminalText.oneLine(([time, event.level.rawValue, "\(event.message)"] + pairs).joined(separator: " "))
        case .json:
            var object: [String: String] = ["time": time, "level": event.level.rawValue, "message": "\(event.message)", "logger": label]
            for (key, value) in fields where object[key] == nil { object[key] = "\(value)" }
            line = Self.json(object)
        }
        Self.writeToStandardError(TerminalText.lines(line) + "\n")
    }

    /// One JSON object with its keys sorted, on one line (JSON escapes every control character).
    static func json(_ object: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(object)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Writes all of `text` to standard error; a failing standard error has no one left to tell.
    private static func writeToStandardError(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }

    /// RFC 3339 in UTC with milliseconds.
    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    /// The value as it is when it has no space or quote, else in double quotes with `"` and `\` escaped.
    static func quoted(_ value: String) -> String {
        guard value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" }) || value.isEmpty else { return value }
        return "\"" + value.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    }
}
