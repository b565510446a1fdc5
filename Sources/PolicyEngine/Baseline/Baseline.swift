// sealgate · PolicyEngine

import Diagnostics
import Dispatch
public import KubeManifest
import Synchronization

/// Compares the findings of a change's head with those of its base: which are new, which the change
/// altered, which were there before, and which it fixed.
///
/// Findings are compared by ``FindingIdentity`` as multisets: an object rendered twice (two overlays of one
/// base) with the same violation is two findings at the head, and matches two at the base. Within one
/// identity, findings with the same message pair first (unchanged), the rest pair in message order
/// (updated); what is left at the head is new, what is left at the base is fixed.
public enum Baseline {
    /// The head's findings, each with its ``Finding/state``, and the base's findings that are gone.
    public struct Comparison: Sendable {
        /// The head's findings, in the order given, with ``Finding/state`` set.
        public var findings: [Finding]
        /// The base's findings with no counterpart at the head, with ``Finding/state`` ``FindingState/fixed``.
        public var fixed: [Finding]
    }

    /// Compares `head` with `base`.
    ///
    /// - Parameters:
    ///   - head: The findings of the change's head.
    ///   - headObjects: The head's objects, to name the list items in the findings' field paths.
    ///   - base: The findings of the base.
    ///   - baseObjects: The base's objects.
    /// - Returns: The head's findings with their states, and the fixed ones.
    public static func compare(head: [Finding], headObjects: [KubeObject], base: [Finding], baseObjects: [KubeObject]) -> Comparison {
        // The identities of the two sides are independent: one side on each core (with thousands of findings
        // on each side, this was most of a change check's time after its two evaluations).
        let sides = Mutex<[[FindingIdentity: [Int]]]>([[:], [:]])
        DispatchQueue.concurrentPerform(iterations: 2) { side in
            let (findings, objects) = side == 0 ? (head, headObjects) : (base, baseObjects)
            let objectIndex = ObjectIndex(objects)
            var byIdentity: [FindingIdentity: [Int]] = [:]
            for (index, finding) in findings.enumerated() {
                byIdentity[FindingIdentity(finding, object: objectIndex.object(of: finding)), default: []].append(index)
            }
            sides.withLock { $0[side] = byIdentity }
        }
        let (headByIdentity, baseByIdentity) = sides.withLock { ($0[0], $0[1]) }

        var findings = head
        var matchedBase = [Bool](repeating: false, count: base.count)
        for (identity, headIndices) in headByIdentity {
            var candidates = baseByIdentity[identity] ?? []
            var unmatched = headIndices
            // Same message first: those are the same finding. In the same file before another, over all of
            // the identity's findings, so that of one object rendered in two files the copy the change did not
            // touch keeps its state and the other is the new one.
            let sameFile = { (headIndex: Int, baseIndex: Int) in base[baseIndex].location.file == head[headIndex].location.file }
            for requireSameFile in [true, false] {
                unmatched = unmatched.filter { index in
                    let at = candidates.firstIndex { candidate in
                        base[candidate].message == head[index].message && (!requireSameFile || sameFile(index, candidate))
                    }
                    guard let at else { return true }
                    matchedBase[candidates.remove(at: at)] = true
                    findings[index].state = .unchanged
                    return false
                }
            }
            // Then the rest pair up in message order: same identity, another message.
            unmatched.sort { head[$0].message < head[$1].message }
            candidates.sort { base[$0].message < base[$1].message }
            for (offset, index) in unmatched.enumerated() {
                if offset < candidates.count {
                    matchedBase[candidates[offset]] = true
                    findings[index].state = .updated
                } else {
                    findings[index].state = .new
                }
            }
        }
        var fixed: [Finding] = []
        for (index, finding) in base.enumerated() where !matchedBase[index] {
            var gone = finding
            gone.state = .fixed
            fixed.append(gone)
        }
        return Comparison(findings: findings, fixed: fixed)
    }
}

/// The objects of one revision by ``ObjectKey``, to find the object a finding is about.
struct ObjectIndex {
    private var objects: [ObjectKey: [KubeObject]] = [:]

    init(_ objects: [KubeObject]) {
        for object in objects { self.objects[ObjectKey(object), default: []].append(object) }
    }

    /// The object `finding` is about: of those with its key, the one in the finding's file (one object
    /// rendered in two files is two objects with one key), else the first.
    func object(of finding: Finding) -> KubeObject? {
        finding.object.flatMap { object(ObjectKey($0), preferring: finding.location.file) }
    }

    /// The object with `key`: of those with it, the one in `file`, else the first.
    func object(_ key: ObjectKey, preferring file: SourceFile) -> KubeObject? {
        guard let candidates = objects[key] else { return nil }
        return candidates.first { $0.origin.location.file == file } ?? candidates.first
    }
}
