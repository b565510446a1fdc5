// sealgate · CLI

internal import ArgumentParser

extension Sealgate {
    /// Whether `arguments` (the words after `sealgate`) make a command that would run, its `validate()`
    /// included, without running it.
    ///
    /// The tests of the documentation hand it every `sealgate` command line that README.md and docs/ show,
    /// so a flag that was renamed or a value that is no longer taken fails there before a reader copies it.
    ///
    /// - Returns: nil when the command line parses (or asks for help or the version); otherwise the usage
    ///   error's message, as `sealgate` prints it after `error: `.
    static func usageProblem(_ arguments: [String]) -> String? {
        do {
            _ = try parseAsRoot(arguments)
            return nil
        } catch {
            guard exitCode(for: error) != .success else { return nil }
            // What `main` prints: a kubeseal habit is answered with sealgate's way to do it.
            if exitCode(for: error) == .validationFailure,
                let answer = KubesealHabits.answer(for: arguments, command: Array(commandPath(arguments).names.dropFirst()))
            {
                return answer.message
            }
            return message(for: error)
        }
    }
}
