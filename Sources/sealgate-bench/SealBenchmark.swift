// sealgate · benchmarks

internal import ArgumentParser
internal import COpenSSL
internal import Diagnostics
internal import Foundation
internal import KubeManifest
internal import SealedSecrets

/// What `seal` and `unseal` share: 1,000 Secrets of 3 values each and a 4096-bit key.
struct SealWorkload {
    static let secretCount = 1_000
    static let valuesPerSecret = 3

    let key: SealingKey
    let certificate: Certificate
    let secrets: [SecretManifest]
    /// The same key, read by OpenSSL directly, for the reference.
    let rawKey: OpaquePointer

    init(bits: Int) throws {
        key = try SealingKey.generate(bits: bits)
        certificate = key.certificate!
        var yaml = ""
        for i in 0..<Self.secretCount {
            yaml += """
                apiVersion: v1
                kind: Secret
                metadata: {name: app-\(i), namespace: ns-\(i % 50)}
                type: Opaque
                stringData:
                  username: user-\(i)
                  password: \(String(repeating: "p", count: 24))-\(i)
                  url: postgres://db-\(i % 7).ns-\(i % 50).svc:5432/app
                ---

                """
        }
        let documents = try ManifestParser.documents(in: yaml, file: SourceFile(path: "bench.yaml"))
        secrets = try documents.flatMap { KubeObject.objects(in: $0).objects }.map { try SecretManifest($0) }
        rawKey = Self.openSSLKey(pem: try key.privateKey.pkcs1PEM())
    }

    /// A private key's PEM read by OpenSSL directly, for a reference measurement.
    static func openSSLKey(pem: [UInt8]) -> OpaquePointer {
        pem.withUnsafeBytes { raw in
            let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count))
            defer { BIO_free(bio) }
            return PEM_read_bio_PrivateKey(bio, nil, nil, nil)!
        }
    }

    /// The RSA-wrapped session key of a sealed value (after its two length bytes) and the label it was
    /// wrapped with: what the reference's private operation takes.
    static func wrappedKey(of value: String, label: [UInt8]) -> (block: ArraySlice<UInt8>, label: [UInt8]) {
        let bytes = Array(Data(base64Encoded: value)!)
        let length = Int(bytes[0]) << 8 | Int(bytes[1])
        return (bytes[2..<(2 + length)], label)
    }

    var valueCount: Int { Self.secretCount * Self.valuesPerSecret }

    /// One RSA-OAEP operation as the cipher needs it: a context, OAEP with SHA-256 and MGF1-SHA-256, the
    /// label, the operation; nothing else.
    static func rsa(encrypt: Bool, key: OpaquePointer, input: [UInt8], label: [UInt8]) -> [UInt8] {
        let context = EVP_PKEY_CTX_new(key, nil)!
        defer { EVP_PKEY_CTX_free(context) }
        _ = encrypt ? EVP_PKEY_encrypt_init(context) : EVP_PKEY_decrypt_init(context)
        EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_OAEP_PADDING)
        EVP_PKEY_CTX_set_rsa_oaep_md(context, EVP_sha256())
        EVP_PKEY_CTX_set_rsa_mgf1_md(context, EVP_sha256())
        if !label.isEmpty {
            let copy = sealgate_openssl_malloc(label.count)!
            label.withUnsafeBytes { copy.copyMemory(from: $0.baseAddress!, byteCount: label.count) }
            EVP_PKEY_CTX_set0_rsa_oaep_label(context, copy, Int32(label.count))
        }
        var length = 1024
        var output = [UInt8](repeating: 0, count: length)
        let status =
            encrypt
            ? EVP_PKEY_encrypt(context, &output, &length, input, input.count)
            : EVP_PKEY_decrypt(context, &output, &length, input, input.count)
        precondition(status == 1, "the reference RSA operation failed")
        return Array(output.prefix(length))
    }
}

/// `sealgate-bench seal`: sealing against the bare RSA public operations it needs.
struct SealBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seal",
        abstract: "Seal 1,000 Secrets of 3 values (RSA 4096) against the bare OpenSSL RSA-OAEP public operations."
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "RSA key size.")
    var bits = 4096

    func run() async throws {
        let workload = try SealWorkload(bits: bits)
        print("workload: \(SealWorkload.secretCount) Secrets, \(workload.valueCount) values, RSA \(bits)")
        let sessionKey = [UInt8](repeating: 7, count: 32)
        let reference = await Measurement.best("OpenSSL RSA-OAEP public ops", items: workload.valueCount, runs: common.runs) {
            for secret in workload.secrets {
                let label = Array("\(secret.namespace!)/\(secret.name!)".utf8)
                for _ in secret.values { _ = SealWorkload.rsa(encrypt: true, key: workload.rawKey, input: sessionKey, label: label) }
            }
        }
        let sealer = Sealer(certificate: workload.certificate)
        var sealedCount = 0
        let seal = try await Measurement.best("sealgate seal", items: workload.valueCount, runs: common.runs) {
            sealedCount = 0
            for secret in workload.secrets { sealedCount += try sealer.seal(secret).encryptedData.count }
        }
        guard sealedCount == workload.valueCount else {
            throw ValidationError("sealed \(sealedCount) values, expected \(workload.valueCount)")
        }
        Measurement.report([seal], reference: reference)
    }
}

/// `sealgate-bench unseal`: unsealing on every core against the bare RSA private operations on one.
struct UnsealBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unseal",
        abstract: "Unseal 1,000 SealedSecrets of 3 values (RSA 4096) against the bare OpenSSL RSA-OAEP private operations."
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "RSA key size.")
    var bits = 4096

    func run() async throws {
        let workload = try SealWorkload(bits: bits)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print("workload: \(SealWorkload.secretCount) SealedSecrets, \(workload.valueCount) values, RSA \(bits), \(cores) cores")
        let sealer = Sealer(certificate: workload.certificate)
        let sealed = try workload.secrets.map { try sealer.seal($0) }
        let wrapped = sealed.flatMap { secret in secret.encryptedData.map { SealWorkload.wrappedKey(of: $0.value, label: secret.label) } }
        let reference = await Measurement.best("OpenSSL RSA-OAEP private ops (1 core)", items: workload.valueCount, runs: common.runs) {
            for (block, label) in wrapped { _ = SealWorkload.rsa(encrypt: false, key: workload.rawKey, input: Array(block), label: label) }
        }
        let unsealer = Unsealer(ring: KeyRing(keys: [workload.key]))
        var failures = 0
        let unseal = await Measurement.best("sealgate unseal (\(cores) cores)", items: workload.valueCount, runs: common.runs) {
            failures = unsealer.open(sealed).reduce(0) { $0 + $1.failures.count }
        }
        guard failures == 0 else { throw ValidationError("\(failures) values did not unseal") }
        Measurement.report([unseal], reference: reference)
        let perCore = reference.seconds / Double(cores)
        print(
            "reference / \(cores) cores: \(Measurement.format(perCore * 1000, digits: 1)) ms; unseal is \(Measurement.format(unseal.seconds / perCore, digits: 2))x of it (target ≤ 1.2x)"
        )
    }
}
