// sealgate · CEL

/// The names an expression may use, and the limits on compiling and running it.
///
/// An environment holds the standard library and the Kubernetes libraries. Compile each expression once
/// with ``compile(_:)``; the ``CELProgram`` it returns can be evaluated any number of times, from any
/// number of threads.
///
/// Names, the number of arguments of every call, and every type that can be known before evaluation are
/// checked when compiling, as Kubernetes checks them (`1 == 'a'` and `[1, 'a']` are refused). Variables
/// have type `dyn` (sealgate has no schema for the objects it reads), so their types are checked as the
/// program runs.
public struct CELEnvironment: Sendable {
    /// Kubernetes' per-expression runtime cost limit, used as the default budget.
    public static let defaultCostLimit = 1_000_000

    /// The variables expressions may read (Kubernetes' `object`, `oldObject`, …), in the order
    /// ``CELProgram/evaluate(positional:)`` takes their values.
    public let variables: [String]
    /// The most steps one evaluation may take; past it, evaluation stops with an error.
    public var costLimit: Int
    /// Limits on parsing.
    public var parserLimits: ParserLimits
    /// Where the timestamp accessors look up named time zones.
    public let timeZones: CELTimeZoneDatabase

    let library: FunctionLibrary
    let slots: [String: Int]

    /// Creates an environment declaring `variables`.
    ///
    /// - Parameters:
    ///   - variables: The names expressions may read. A dotted name (`variables.ready`) is a name too.
    ///   - costLimit: The most steps one evaluation may take.
    ///   - parserLimits: Limits on the size and nesting of expressions.
    ///   - timeZones: Where named time zones (`getHours('Europe/Berlin')`) are looked up.
    public init(
        variables: [String], costLimit: Int = Self.defaultCostLimit, parserLimits: ParserLimits = ParserLimits(),
        timeZones: CELTimeZoneDatabase = .system
    ) {
        var unique: [String] = []
        var slots: [String: Int] = [:]
        for name in variables where slots[name] == nil {
            slots[name] = unique.count
            unique.append(name)
        }
        self.variables = unique
        self.slots = slots
        self.costLimit = costLimit
        self.parserLimits = parserLimits
        self.timeZones = timeZones
        // The functions are declared once per time-zone database; most environments share the system's.
        library = timeZones == .system ? .standard : FunctionLibrary(timeZones: timeZones)
    }

    /// Parses and checks `source`.
    ///
    /// - Returns: A program to evaluate.
    /// - Throws: ``CELError`` with the line and column of a syntax error, an unknown name, a macro used
    ///   wrongly or a function called with the wrong number of arguments.
    public func compile(_ source: String) throws(CELError) -> CELProgram {
        let expression = try Parser.parse(source, limits: parserLimits)
        var checker = TypeChecker(source: source, library: library)
        _ = try checker.check(expression)
        var compiler = Compiler(environment: self, source: source)
        let root = try compiler.compile(expression)
        return CELProgram(
            source: source, root: root, environment: self, localCount: compiler.localCount,
            readVariables: compiler.readVariables, selectedFields: compiler.selectedFields)
    }
}
