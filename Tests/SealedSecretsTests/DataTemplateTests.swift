// sealgate · SealedSecrets tests

import Diagnostics
import KubeManifest
import Testing
@testable import SealedSecrets

/// `spec.template.data` as the Bitnami controller renders it (Go's text/template with the opened values
/// as the dot), for the subset sealgate runs, and the refusal of everything else.
struct DataTemplateTests {
    static let values: [String: [UInt8]] = [
        "username": Array("admin".utf8), "password": Array("s3cret".utf8), "tls.crt": Array("CERT".utf8),
        "binary": [0x00, 0xFF, 0x0A],
    ]

    private func render(_ text: String, _ values: [String: [UInt8]] = values, limit: Int = 1 << 20) throws -> String {
        String(decoding: try DataTemplate(parsing: text).render(values, limit: limit).bytes, as: UTF8.self)
    }

    private func parseProblem(_ text: String) -> DataTemplate.Problem? {
        #expect(throws: DataTemplate.Problem.self) { try DataTemplate(parsing: text) }
    }

    // The expected outputs here and in the refusals are what Go's text/template (Go 1.19) gives for the same
    // template and values, run once by hand: sealgate's tests run without a Go toolchain.
    @Test(
        "the subset renders as Go's text/template does",
        arguments: [
            ("plain text, no action", "plain text, no action"),
            ("postgres://{{ .username }}:{{ .password }}@db:5432", "postgres://admin:s3cret@db:5432"),
            ("{{.username}}", "admin"),
            ("{{ index . \"tls.crt\" }}", "CERT"),
            ("{{index . `tls.crt`}}", "CERT"),
            ("{{ index  .\t\"username\" }}", "admin"),
            ("{{\n  .username\n}}", "admin"),
            ("a {{- \" b \" -}} c", "a b c"),
            ("user:\n  {{- .username }}\n", "user:admin\n"),
            ("[ {{- .username -}} \n ]", "[admin]"),
            ("{{\"{{\"}} literal braces }}", "{{ literal braces }}"),
            ("x{{/* a comment, even with }} in it */}}y", "xy"),
            ("x {{- /* trimmed */ -}} y", "xy"),
            ("} { }} {", "} { }} {"),
            ("{{ .username }}{{ .username }}", "adminadmin"),
            ("{{ index . \"a}}b\" }}", ""),
            ("{{-\t.username\t-}}", "admin"),
            ("a\r\n{{- .username -}}\r\nb", "aadminb"),
            ("{{- /* c */ -}}", ""),
            ("{{ .username  -}}  x", "adminx"),
        ])
    func renders(template: String, expected: String) throws {
        #expect(try render(template) == expected)
    }

    @Test("a value's bytes come out as they are, not as UTF-8 text")
    func bytes() throws {
        let rendering = try DataTemplate(parsing: "<{{ .binary }}>").render(Self.values, limit: 100)
        #expect(rendering.bytes == [0x3C, 0x00, 0xFF, 0x0A, 0x3E])
    }

    @Test("a missing key renders as the controller renders it: <no value> for a field, nothing for index; and is reported")
    func missingKeys() throws {
        let template = try DataTemplate(parsing: "{{ .passwd }}|{{ index . \"tls.key\" }}|{{ .passwd }}")
        let rendering = try template.render(Self.values, limit: 100)
        #expect(String(decoding: rendering.bytes, as: UTF8.self) == "<no value>||<no value>")
        #expect(rendering.missingKeys == ["passwd", "tls.key"])
        #expect(template.keys == ["passwd", "tls.key"])
    }

    @Test(
        "every other action is refused, naming it and why",
        arguments: [
            ("{{ .password | b64enc }}", "{{ .password | b64enc }} is not one of the actions sealgate renders"),
            ("{{ b64enc .password }}", "{{ b64enc .password }} is not one of the actions sealgate renders"),
            ("{{ if .a }}x{{ end }}", "{{ if .a }} is not one of the actions sealgate renders"),
            ("{{ $x := .a }}", "{{ $x := .a }} is not one of the actions sealgate renders"),
            ("{{ . }}", "{{ . }} would print every value of the SealedSecret at once"),
            ("{{}}", "{{}} is empty, which Go's parser refuses too"),
            (
                "{{ .tls.crt }}",
                "{{ .tls.crt }} reads a field of a value, which is a string; for a key with a dot write {{ index . \"key\" }}"
            ),
            (
                "{{ index . \"a\\x41\" }}",
                "{{ index . \"a\\x41\" }} holds an escape sequence, which no Secret key needs; write the key as it is"
            ),
            ("{{ index . \"a\" \"b\" }}", "{{ index . \"a\" \"b\" }} is not one of the actions sealgate renders"),
            ("{{ (index . \"a\") }}", "{{ (index . \"a\") }} is not one of the actions sealgate renders"),
            ("{{-.a}}", "{{-.a}} is not one of the actions sealgate renders"),
            ("{{ .a-}}", "{{ .a-}} is not one of the actions sealgate renders"),
            ("{{ {{ .a }} }}", "{{ {{ .a }} is not one of the actions sealgate renders"),
            ("{{ /* not right after the braces */ }}", "{{ /* not right after the braces */ }} is not one of the actions sealgate renders"),
            ("{{/* c */ .a }}", "{{/* c */ is a comment that does not end right before }}"),
            ("{{- /* c */  -}}", "{{- /* c */ is a comment that does not end right before }}"),
            ("{{-  /* c */ -}}", "{{-  /* c */ -}} is not one of the actions sealgate renders"),
        ])
    func refused(template: String, start: String) throws {
        let problem = try #require(parseProblem(template))
        guard case .unsupported = problem.kind else {
            Issue.record("\(problem.kind)")
            return
        }
        #expect(problem.reason.hasPrefix(start), "\(problem.reason)")
        #expect(problem.reason.contains("unseal this SealedSecret in the cluster"))
    }

    @Test(
        "what is opened and never closed is refused at the place it opens",
        arguments: [
            ("abc {{ .username", "the action {{", 1, 5),
            ("line one\n  x {{ index . \"key }}", "the string \"", 2, 16),
            ("{{ index . `key }}", "the raw string `", 1, 12),
            ("a\nb\nc {{/* never ends }}", "the comment /*", 3, 5),
            ("é {{", "the action {{", 1, 3),
        ])
    func unclosed(template: String, what: String, line: Int, column: Int) throws {
        let problem = try #require(parseProblem(template))
        #expect(problem.kind == .unclosed(what: what))
        #expect(problem.reason == "\(what) is opened here and never closed")
        #expect((problem.line, problem.column) == (line, column))
    }

    @Test("a long action is quoted shortened and on one line")
    func longAction() throws {
        let problem = try #require(parseProblem("{{ .a |\n" + String(repeating: "x", count: 500) + " }}"))
        guard case let .unsupported(action, _) = problem.kind else {
            Issue.record("\(problem.kind)")
            return
        }
        #expect(action.count == 61 && action.hasSuffix("…") && !action.contains("\n"))
    }

    @Test("a template that repeats a large value stops at the limit instead of growing without bound")
    func amplification() throws {
        let large: [String: [UInt8]] = ["big": [UInt8](repeating: 0x41, count: 1 << 16)]
        let template = try DataTemplate(parsing: String(repeating: "{{ .big }}", count: 100_000))
        #expect(template.pieces.count == 100_000)
        let error = #expect(throws: DataTemplate.Problem.self) { try template.render(large, limit: 1 << 20) }
        #expect(error?.kind == .tooLarge)
        #expect(try DataTemplate(parsing: "{{ .big }}").render(large, limit: 1 << 16).bytes.count == 1 << 16)
    }

    @Test("huge templates parse in linear time: a megabyte of text, of braces, of unclosed strings")
    func hugeTemplates() throws {
        let text = String(repeating: "abc } def { ", count: 80_000)
        #expect(try render(text) == text)
        #expect(parseProblem(String(repeating: "{{", count: 500_000)) != nil)
        #expect(parseProblem("{{ " + String(repeating: "\"", count: 1)) != nil)
        #expect(parseProblem(String(repeating: "{{ .a }}", count: 100_000) + "{{ .a") != nil)
    }

    @Test("random templates of the syntax's pieces never trap, and a problem's place is inside the text")
    func randomTemplates() throws {
        let pieces = [
            "{{", "}}", "{{- ", " -}}", "-", " ", "\n", ".", ".username", "index", " . ", "\"", "`", "/*", "*/", "a", "é",
            "\"username\"", "{", "}", "\\", "$", "|",
        ]
        var state: UInt64 = 0x7E3A_11CE
        func below(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407  // Knuth's MMIX LCG
            return Int((state >> 33) % UInt64(n))
        }
        var rendered = 0
        for _ in 0..<5_000 {
            let text = (0..<(1 + below(12))).map { _ in pieces[below(pieces.count)] }.joined()
            do {
                let template = try DataTemplate(parsing: text)
                let output = try template.render(Self.values, limit: 1 << 20).bytes
                if !text.contains("{{") { #expect(output == Array(text.utf8)) }
                rendered += 1
            } catch {
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                #expect(error.line >= 1 && error.line <= lines.count, "\(text.debugDescription)")
                #expect(error.column >= 1 && error.column <= lines[max(0, error.line - 1)].unicodeScalars.count, "\(text.debugDescription)")
            }
        }
        #expect(rendered > 500)
    }
}

/// `Unsealer.contents(of:)`: templates applied to the opened values, as the controller applies them.
struct TemplateContentsTests {
    let unsealer = Unsealer(ring: TestKeys.current)

    /// The sample Secret sealed, with `data` (YAML lines at the template's indentation) added to its
    /// template in the file, and read back so every node keeps its place.
    private func sealed(templateData: String) throws -> SealedSecretManifest {
        let sealed = try Sealer(certificate: TestKeys.currentCertificate).seal(secret(sampleSecret))
        let text = YAMLEmitter.emit(sealed.node()) + "    data:\n" + templateData
        return try SealedSecretManifest(objects(text, name: "sealed.yaml")[0])
    }

    private func contents(_ sealed: SealedSecretManifest) throws -> SecretContents {
        try unsealer.contents(of: try #require(unsealer.open([sealed]).first))
    }

    private func value(_ contents: SecretContents, _ key: String) -> String? {
        contents.data.first { $0.key == key }.map { String(decoding: $0.value, as: UTF8.self) }
    }

    @Test("templates read the opened values; a template key replaces a value in place or comes after them")
    func applies() throws {
        let sealed = try sealed(
            templateData: """
                      url: "postgres://{{ .username }}:{{ index . \\"password\\" }}@db"
                      username: "user-{{ .username }}"
                      greeting: 'from {{ .url }}'

                """)
        let contents = try contents(sealed)
        // encryptedData is in the file sorted; a template's new key comes after, a replaced one stays.
        #expect(contents.data.map(\.key) == ["note", "password", "username", "url", "greeting"])
        #expect(value(contents, "url") == "postgres://admin:new-password@db")
        // The dot holds encryptedData only: another template's output and its own earlier value are not in it.
        #expect(value(contents, "username") == "user-admin")
        #expect(value(contents, "greeting") == "from <no value>")
        #expect(contents.notices.map(\.missingKey) == ["url"])
        let notice = try #require(contents.notices.first)
        #expect(notice.description.hasPrefix("sealed.yaml:"))
        #expect(
            notice.description.hasSuffix(
                ": warning: 'spec.template.data.greeting' reads 'url', which encryptedData does not have; like the controller, sealgate writes <no value> there for {{ .key }} and nothing for {{ index . \"key\" }}; check the key's spelling"
            ))
        let node = unsealer.secret(from: contents, of: try #require(unsealer.open([sealed]).first))
        #expect(node["data"]?["url"]?.string == Base64.encode(Array("postgres://admin:new-password@db".utf8)))
    }

    @Test("a refused template points at its action in the file, and never holds a value")
    func refusedPlace() throws {
        let sealed = try sealed(templateData: "      url: \"postgres://{{ .username }}:{{ .password | b64enc }}@db\"\n")
        let error = #expect(throws: SealedSecretsError.self) { try contents(sealed) }
        #expect(error?.code == .template)
        let line = try #require(error?.location?.line)
        let column = try #require(error?.location?.column)
        // The line of `url:`, and the column of the action's `{{` inside the quoted scalar.
        #expect(line == (sealed.template["data"]?["url"]?.location.line ?? 0))
        #expect(column == 40)
        #expect(
            error?.reason.hasPrefix("'spec.template.data.url': {{ .password | b64enc }} is not one of the actions sealgate renders;")
                == true)
        #expect(error?.reason.contains("admin") == false && error?.reason.contains("new-password") == false)
    }

    @Test("a template value that is not a string, a key Kubernetes refuses, or data that is not a mapping is refused")
    func malformed() throws {
        let number = #expect(throws: SealedSecretsError.self) { try contents(try sealed(templateData: "      port: 5432\n")) }
        #expect(number?.reason == "'spec.template.data.port' is an int, not a string; quote it")
        let key = #expect(throws: SealedSecretsError.self) { try contents(try sealed(templateData: "      ../x: \"a\"\n")) }
        #expect(key?.code == .invalidInput)
        #expect(key?.reason.hasPrefix("'spec.template.data' key '../x' is not valid") == true)
        let notMapping = try Sealer(certificate: TestKeys.currentCertificate).seal(secret(sampleSecret))
        let text = YAMLEmitter.emit(notMapping.node()) + "    data: just text\n"
        let mapping = #expect(throws: SealedSecretsError.self) {
            try contents(try SealedSecretManifest(objects(text, name: "sealed.yaml")[0]))
        }
        #expect(mapping?.reason == "'spec.template.data' must be a mapping of keys to templates")
    }

    @Test("every template draws on one budget: together they may not pass a Secret's limit")
    func budget() throws {
        let big =
            "apiVersion: v1\nkind: Secret\nmetadata: {name: big, namespace: shop}\nstringData:\n  big: \(String(repeating: "x", count: 100_000))\n"
        let sealed = try Sealer(certificate: TestKeys.currentCertificate).seal(secret(big))
        var text = YAMLEmitter.emit(sealed.node()) + "    data:\n"
        for index in 0..<10 { text += "      copy\(index): \"{{ .big }}\"\n" }
        let fits = try SealedSecretManifest(objects(text, name: "sealed.yaml")[0])
        #expect(try contents(fits).data.count == 11)
        text += "      copy10: \"{{ .big }}\"\n"
        let over = try SealedSecretManifest(objects(text, name: "sealed.yaml")[0])
        let error = #expect(throws: SealedSecretsError.self) { try contents(over) }
        #expect(error?.code == .template)
        #expect(
            error?.reason.hasPrefix(
                "'spec.template.data.copy10': renders, with the templates before it, to more than 1048576 bytes (1 MiB)") == true)
    }
}
