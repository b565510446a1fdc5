// sealgate · CLI

internal import ArgumentParser

/// `-o text|json`, for commands that print for people or for machines.
enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
    case text
    case json
}
