// sealgate · CEL

/// One library function, declared once: its name, the signatures the type checker accepts, the code
/// that computes each call and what a call costs. The checker's table (``FunctionLibrary/globalSignatures``),
/// the compiler's registration (``FunctionLibrary/global``) and the name in the function's error
/// messages all come from the declaration, so they cannot drift apart.
///
/// ```swift
/// FunctionDeclaration("startsWith") { name in [
///     Overload([.method(on: .string, .string, returns: .bool)], .binary { (s, prefix) throws(EvalFailure) in
///         .bool(try s.string(for: name).utf8.starts(with: try prefix.string(for: name).utf8))
///     }),
/// ] }
/// ```
struct FunctionDeclaration: Sendable {
    /// The name calls use: `size`, or dotted for a namespaced global function (`sets.contains`).
    let name: String
    /// The implementations, each with the signatures it serves.
    let overloads: [Overload]
    /// The steps a call costs before it runs, beyond the one every call costs.
    let cost: CallCost

    /// Declares `name`. `overloads` is given the name, so that the implementations' messages spell it
    /// from here.
    ///
    /// - Parameters:
    ///   - cost: The cost rule; by default the walk of every string and bytes argument
    ///     (``CostModel/textArguments``).
    init(_ name: String, cost: @escaping CallCost = CostModel.textArguments, _ overloads: (_ name: String) -> [Overload]) {
        self.name = name
        self.cost = cost
        self.overloads = overloads(name)
    }
}

/// An implementation and the signatures it serves: calls with one number of arguments (a method's
/// receiver counted), whose types the implementation tells apart as it runs (`indexOf` on a string or a
/// list). A signature with a receiver makes the function callable as a method, one without as a global
/// function; `size` has both.
struct Overload: Sendable {
    /// The type signatures, each with the implementation's number of arguments.
    let signatures: [Signature]
    /// The code that computes the result.
    let implementation: Implementation

    /// An implementation serving `signatures`.
    init(_ signatures: [Signature], _ implementation: Implementation) {
        self.signatures = signatures
        self.implementation = implementation
    }
}
