// sealgate · Diagnostics

/// An error that says what is wrong, where, and what to do: the shape of every sealgate library error.
///
/// A conforming type gives a ``code`` to match on, a ``reason`` for a person to read, and the ``location``
/// the failure is about. Its ``description`` is the message a user sees, in the form editors and CI
/// annotations understand:
///
///     path:line:column: error: what is wrong; what to do
///
/// The parts of the location that are unknown are left out (`path:line: error: …`, `path: error: …`, or
/// `error: …` for a failure about no file). The message is made safe to print with ``TerminalText``, since
/// a path and a reason can quote the input.
///
/// A library's reason says what to do in the library's terms ("give the Secret a name"); it never names a
/// command-line flag. A command line that wants to add its own advice matches on the ``code`` and renders
/// the message with ``description(reason:)``.
public protocol LocatedError: Error, CustomStringConvertible {
    /// The kind of failure; match on this rather than on the wording of ``reason``.
    var code: ErrorCode<Self> { get }
    /// What is wrong and, where it helps, what to do; never a secret value.
    var reason: String { get }
    /// The place the failure is about; nil when it is about no file.
    var location: SourceLocation? { get }
    /// Whether a reason may span several lines (a caret diagram under the line of an expression at fault):
    /// ``description`` then keeps the line breaks between its lines and makes each line safe to print
    /// (``TerminalText/lines(_:)``) rather than putting everything on one (``TerminalText/oneLine(_:)``).
    /// False unless a type says otherwise.
    static var reasonSpansLines: Bool { get }
}

extension LocatedError {
    /// False: a reason is one line.
    public static var reasonSpansLines: Bool { false }

    /// `path:line:column: error: reason`, leaving out the parts of the location that are unknown, and safe
    /// to print.
    public var description: String { description(reason: reason) }

    /// The message this error prints with `reason` in place of its own: for a caller that adds advice of its
    /// own to the reason (a command line naming its flags), which keeps the location and the form.
    ///
    /// - Parameter reason: the reason to print, usually the error's ``reason`` with something added.
    /// - Returns: `path:line:column: error: reason`, leaving out the parts of the location that are unknown,
    ///   and safe to print.
    public func description(reason: String) -> String {
        let text = (location.map { "\($0): " } ?? "") + "error: " + reason
        return Self.reasonSpansLines ? TerminalText.lines(text) : TerminalText.oneLine(text)
    }
}
