// sealgate · PolicyEngine

public import Diagnostics
public import KubeManifest

/// The checks the engine makes itself, besides the policies: a manifest that does not parse, and waivers or
/// exceptions that are written wrong.
///
/// Their ids share the namespace of policy names (a finding's ``Finding/policy`` holds the raw value), so
/// reports, waivers and `--fail-on` treat them like policies. Each check's metadata is declared here once, so
/// the finding the engine makes and the rule a reporter describes cannot disagree.
public enum EngineFinding: String, CaseIterable, Sendable {
    /// A manifest of the checked set does not load (YAML or JSON syntax, a limit, an unreadable file).
    case parseError = "parse-error"
    /// A manifest of the checked set does not parse because it is a Go template (Helm's, or another
    /// renderer's) to render first: a warning, so that a template outside a chart does not fail CI as a
    /// broken manifest would.
    case goTemplate = "go-template"
    /// A Helm chart or kustomization that the check was asked to render (`--helm`, `--kustomize`, or the
    /// settings file) did not render: what it would deploy could not be checked.
    case renderError = "render-error"
    /// An `ignore.sealgate.dev/<policy>` annotation with an empty value.
    case waiverWithoutReason = "waiver-without-reason"
    /// An `ignore.sealgate.dev/<policy>` annotation naming a policy that does not run.
    case waiverUnknownPolicy = "waiver-unknown-policy"
    /// A PolicyException with an empty `spec.reason`, which therefore waives nothing.
    case exceptionWithoutReason = "exception-without-reason"
    /// A PolicyException whose `spec.expires` is before today, which therefore waives nothing.
    case exceptionExpired = "exception-expired"

    /// The check that reports a manifest that did not load: ``goTemplate`` for a Go template, else
    /// ``parseError``.
    public init(loading error: ManifestError) {
        self =
            switch error.code {
            case .goTemplate: .goTemplate
            case .renderFailed: .renderError
            default: .parseError
            }
    }

    /// Whether the check is about a file that did not load (rather than about a waiver or exception).
    public var isLoadFailure: Bool { self == .parseError || self == .goTemplate || self == .renderError }

    /// The category reports group the check under.
    public var category: String {
        switch self {
        case .parseError, .goTemplate, .renderError: "manifests"
        case .waiverWithoutReason, .waiverUnknownPolicy, .exceptionWithoutReason, .exceptionExpired: "waivers"
        }
    }

    /// How much a finding of the check matters.
    ///
    /// A waiver for a policy that does not run and an expired exception only warn: the findings they were
    /// meant to waive are reported anyway, so nothing is hidden. A missing reason is an error, because a
    /// waiver nobody can justify in review should not pass it.
    public var severity: Severity {
        switch self {
        case .parseError, .renderError, .waiverWithoutReason, .exceptionWithoutReason: .error
        case .goTemplate, .waiverUnknownPolicy, .exceptionExpired: .warning
        }
    }

    /// What the check makes sure of, as a rule description in SARIF and JUnit reports.
    public var summary: String {
        switch self {
        case .parseError: "Every manifest in the checked set parses as YAML or JSON."
        case .goTemplate: "A Go template (a Helm chart's, or another renderer's) is rendered before it is checked."
        case .renderError: "A chart or kustomization that the check renders renders without an error."
        case .waiverWithoutReason: "A waiver annotation says why the policy does not apply to the object."
        case .waiverUnknownPolicy: "A waiver annotation names a policy that is active in this check."
        case .exceptionWithoutReason: "A PolicyException says why it is needed."
        case .exceptionExpired: "A PolicyException past its expiry date no longer waives anything."
        }
    }

    /// How to fix a finding of the check.
    public var remediation: String {
        switch self {
        case .parseError:
            "Fix the syntax at the line shown; `sealgate objects FILE` shows what sealgate reads from a file."
        case .goTemplate:
            "Render it (helm template CHART, or the renderer it is written for) and pipe the output into sealgate check -; a chart's templates/ are left out on their own when the chart's Chart.yaml is in the checked tree."
        case .renderError:
            "Run the command in the message by hand and fix what it reports (a missing values file, a template error, a base that does not exist)."
        case .waiverWithoutReason: "Give the ignore.sealgate.dev/<policy> annotation the reason as its value."
        case .waiverUnknownPolicy:
            "Correct the policy name in the annotation; `sealgate policies` lists the active policies."
        case .exceptionWithoutReason: "Set spec.reason; an exception without a reason waives nothing."
        case .exceptionExpired: "Fix the findings the exception covered, or move spec.expires to a later date."
        }
    }

    /// The check described as a rule, for reporters that list the rules behind their findings.
    public var info: PolicyInfo {
        PolicyInfo(
            name: rawValue, category: category, severity: severity, description: summary, remediation: remediation,
            source: "sealgate")
    }
}

extension Finding {
    /// Creates a finding of one of the engine's own checks, with the check's id, category and severity.
    ///
    /// - Parameters:
    ///   - check: the check that found something.
    ///   - message: what is wrong and what to do, for the user.
    ///   - object: the object the finding is about, when it is about one.
    ///   - location: where the finding points.
    public init(_ check: EngineFinding, message: String, object: ObjectReference? = nil, at location: SourceLocation) {
        self.init(
            policy: check.rawValue, category: check.category, severity: check.severity, message: message, object: object,
            at: location)
    }

    /// The engine check behind the finding; nil for a finding of a policy.
    public var engineFinding: EngineFinding? { EngineFinding(rawValue: policy) }
}
