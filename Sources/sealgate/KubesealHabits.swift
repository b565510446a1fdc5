// sealgate · CLI

/// What a `kubeseal` user types out of habit, and where sealgate does it: kubeseal is one command whose
/// flags pick the job (`--re-encrypt`, `--recovery-unseal`, `--validate`, `--fetch-cert`), and sealgate
/// has a command for each job.
///
/// A kubeseal flag that means the same on a sealgate command is accepted there, hidden from the help
/// (`seal --format`, `unseal --recovery-private-key`); one that stands for another command is answered, at
/// exit 2, with that command. Only a command line that did not parse is looked at, so a flag a command
/// accepts never gets here.
enum KubesealHabits {
    /// A kubeseal flag sealgate spells as a command (or, on some commands, accepts).
    struct Habit {
        /// The flag's names, `--re-encrypt` and its deprecated `--rotate`.
        let flags: [String]
        /// The sealgate commands that accept the flag as it is; on them the habit needs no answer.
        let acceptedBy: Set<String>
        /// What sealgate does instead, and where.
        let advice: String
        /// The command whose help to read.
        let command: String
        /// What to do when the flag is typed on that very command, where it says again what the command does.
        var onItsCommand = "drop it"
    }

    static let habits: [Habit] = [
        Habit(
            flags: ["--re-encrypt", "--rotate"], acceptedBy: [],
            advice:
                "sealgate re-encrypts with a command of its own, and with the private keys rather than through the controller: sealgate reencrypt --key KEYS --cert CERT -f FILE",
            command: "reencrypt"),
        Habit(
            flags: ["--recovery-unseal"], acceptedBy: [],
            advice: "sealgate unseals with a command of its own: sealgate unseal --key KEYS -f FILE", command: "unseal"),
        Habit(
            flags: ["--recovery-private-key"], acceptedBy: ["unseal", "reencrypt", "verify", "cert"],
            advice: "it is --key of the commands that open sealed values: sealgate unseal --key KEYS -f FILE", command: "unseal"),
        Habit(
            flags: ["--validate"], acceptedBy: [],
            advice:
                "sealgate checks that every value decrypts with a command of its own, with the private keys rather than through the controller: sealgate verify --key KEYS -f FILE",
            command: "verify"),
        Habit(
            flags: ["--fetch-cert"], acceptedBy: [],
            advice: "sealgate prints the controller's certificate with a command of its own: sealgate cert --fetch", command: "cert",
            onItsCommand: "write --fetch: sealgate cert --fetch"),
    ]

    /// kubeseal's flags for sealing, which sealgate's `seal` takes (`--format` as `-o`); typed without a
    /// command, they are kubeseal's way to seal.
    static let sealFlags: Set<String> = [
        "--cert", "--format", "--scope", "--raw", "--name", "--from-file", "--merge-into", "--allow-empty-data",
        "--controller-name", "--controller-namespace", "--sealed-secret-file", "--secret-file",
    ]

    /// The answer to a command line that did not parse, when it holds a kubeseal flag that sealgate spells
    /// another way on `command` (the words after `sealgate`, empty for none): the message and the command
    /// whose help to read; nil when there is none.
    static func answer(for arguments: [String], command: [String]) -> (message: String, help: String)? {
        let here = command.first ?? ""
        for argument in arguments.prefix(while: { $0 != "--" }) where argument.hasPrefix("--") {
            let flag = String(argument.prefix { $0 != "=" })
            if let habit = habits.first(where: { $0.flags.contains(flag) }), !habit.acceptedBy.contains(here) {
                // On the command it stands for, the flag only says again what the command does.
                if here == habit.command {
                    return ("\(flag) is kubeseal's flag for what 'sealgate \(here)' does; \(habit.onItsCommand)", "sealgate \(here)")
                }
                return ("\(flag) is kubeseal's flag; \(habit.advice)", "sealgate \(habit.command)")
            }
            if command.isEmpty, sealFlags.contains(flag) {
                return (
                    "\(flag) is kubeseal's flag, and sealgate has a command for each job: kubeseal --cert CERT < secret.yaml is sealgate seal --cert CERT -f secret.yaml",
                    "sealgate seal"
                )
            }
        }
        return nil
    }
}
