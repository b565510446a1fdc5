// sealgate · PolicyEngine

public import Diagnostics

/// A policy, exception or policy test that cannot be used, and where: the file, line and column of the
/// field at fault (for a CEL expression, of the character the CEL error points at, where that can be known
/// exactly; see ``PolicyLoader``).
///
/// The ``description`` is `path:line:column: error: reason` (`LocatedError`); the reason of an
/// expression that does not compile spans lines, with the expression's line and a caret under the place.
public struct PolicyError: LocatedError, Sendable, Equatable {
    /// The kinds of failure; the codes are static members (`.invalid`, `.expression`, …).
    public typealias Code = ErrorCode<PolicyError>

    /// What kind of failure it is; match on this rather than on the wording of ``reason``.
    public let code: Code
    /// What is wrong and what to do, for the user; never a secret value.
    public let reason: String
    /// The document's file (`builtin:<path>` for the built-in pack) and the line and column of the field
    /// at fault.
    public let location: SourceLocation?

    /// True: the reason of an expression error holds a caret diagram on lines of its own.
    public static var reasonSpansLines: Bool { true }

    /// Creates an error at a place: a node's, or a character inside a CEL expression.
    ///
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - reason: what is wrong and what to do.
    ///   - location: the place at fault.
    public init(_ code: Code, _ reason: String, at location: SourceLocation) {
        self.code = code
        self.reason = reason
        self.location = location
    }
}

extension ErrorCode where Domain == PolicyError {
    /// A field is missing, has the wrong type or an unknown value.
    public static var invalid: Self { Self("invalid-policy") }
    /// A CEL expression does not parse or check.
    public static var expression: Self { Self("invalid-expression") }
    /// Two policies have the same name.
    public static var duplicate: Self { Self("duplicate-policy") }
    /// A ValidatingAdmissionPolicyBinding binds a policy that is not among those loaded; the reason ends
    /// with ``PolicyLoader/boundPolicyAdvice``.
    public static var missingBoundPolicy: Self { Self("missing-bound-policy") }
    /// A file could not be read or parsed.
    public static var unreadable: Self { Self("unreadable") }
}
