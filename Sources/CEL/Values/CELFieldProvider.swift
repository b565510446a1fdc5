// sealgate · CEL

/// The fields of a map whose values are computed when an expression reads them
/// (``CELMap/init(fields:)``): a lazy activation, for values that are costly or may fail, of which an
/// expression may read only some. A policy engine, for one, exposes named intermediate results this
/// way, so that one no expression reaches is never computed and its failure cannot matter.
///
/// Reading a field (`m.name`, `m.?name`, `m[name]`) asks the provider for it; `has(m.name)`, `size(m)`
/// and iteration use ``fieldNames`` only, and compute nothing. A provider may cache what it computed;
/// one that does is typically confined to one evaluation on one thread.
public protocol CELFieldProvider: AnyObject, Sendable {
    /// The field names, in the order the map iterates them.
    var fieldNames: [String] { get }

    /// The value of the field called `name`, computed now or earlier; nil when there is no such field.
    ///
    /// - Throws: ``CELError`` when the value could not be computed. Selecting the field (`m.name`,
    ///   `m.?name`) then fails to evaluate at the selection, with the error's ``CELError/reason`` as the
    ///   whole message, so the provider words it. Other reads see no value: `m['name']` finds no such
    ///   key, and a comprehension over the map sees `null`.
    func value(ofField name: String) throws(CELError) -> CELValue?
}
