// sealgate · SealedSecrets

internal import COpenSSL
#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif

/// Owns an OpenSSL `X509` and frees it on deinit.
///
/// `@unchecked Sendable`: the certificate is never changed after it is read or built, and OpenSSL allows
/// concurrent read-only use.
final class X509Handle: @unchecked Sendable {
    let pointer: OpaquePointer

    init(owning pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        X509_free(pointer)
    }

    /// Reads every certificate in a PEM text; other blocks (keys) are left to their own reader.
    static func certificates(fromPEM pem: [UInt8]) throws(SealedSecretsError) -> [X509Handle] {
        var certificates: [X509Handle] = []
        for block in PEMBlock.blocks(in: pem) where block.isCertificate {
            certificates.append(
                try OpenSSL.withReadBIO(block.text) { (bio) throws(SealedSecretsError) -> X509Handle in
                    guard let certificate = PEM_read_bio_X509(bio, nil, nil, nil) else {
                        _ = OpenSSL.drainErrors()  // "PEM routines::bad base64 decode" and the like: see the message
                        throw SealedSecretsError(
                            .badCertificate,
                            "the 'BEGIN CERTIFICATE' block is not a PEM certificate sealgate can read (damaged base64 or content); expected an X.509 certificate such as 'sealgate cert' or 'kubeseal --fetch-cert' writes"
                        )
                    }
                    return X509Handle(owning: certificate)
                })
        }
        return certificates
    }

    /// The certificate's public key.
    func publicKey() throws(SealedSecretsError) -> EVPKey {
        guard let key = X509_get_pubkey(pointer) else {
            _ = OpenSSL.drainErrors()
            throw SealedSecretsError(
                .badCertificate,
                "the certificate's public key cannot be read (an algorithm or encoding sealgate does not support); sealing needs an RSA certificate"
            )
        }
        return EVPKey(owning: key)
    }

    var notBefore: Date { Self.date(X509_get0_notBefore(pointer)) }
    var notAfter: Date { Self.date(X509_get0_notAfter(pointer)) }

    /// The subject in OpenSSL's one-line form, e.g. `CN=sealed-secret`.
    var subject: String {
        guard let name = X509_get_subject_name(pointer),
            let text = X509_NAME_oneline(name, nil, 0)
        else { return "" }
        defer { sealgate_openssl_free(text) }
        let line = String(cString: text)
        // X509_NAME_oneline writes "/CN=x/O=y"; show it as "CN=x, O=y".
        return line.split(separator: "/").joined(separator: ", ")
    }

    /// The certificate as PEM.
    func pem() throws(SealedSecretsError) -> [UInt8] {
        try OpenSSL.writtenBytes("writing the certificate as PEM") { PEM_write_bio_X509($0, pointer) }
    }

    private static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date {
        var parts = tm()
        guard let time, ASN1_TIME_to_tm(time, &parts) == 1 else { return .distantPast }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    /// A new self-signed certificate for `key`, valid from now for `days` days.
    static func selfSigned(key: EVPKey, commonName: String, days: Int, now: Date) throws(SealedSecretsError) -> X509Handle {
        guard let certificate = X509_new() else { throw OpenSSL.failure("allocating a certificate") }
        let handle = X509Handle(owning: certificate)
        // A random positive 127-bit serial, as RFC 5280 asks (at most 20 bytes, unique per issuer).
        var serialBytes = try OpenSSL.randomBytes(16)
        serialBytes[0] &= 0x7F
        guard let serial = BN_bin2bn(serialBytes, Int32(serialBytes.count), nil) else {
            throw OpenSSL.failure("making a serial number")
        }
        defer { BN_free(serial) }
        var seconds = time_t(now.timeIntervalSince1970)
        guard X509_set_version(certificate, 2) == 1,
            BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(certificate)) != nil,
            X509_time_adj_ex(X509_getm_notBefore(certificate), 0, 0, &seconds) != nil,
            X509_time_adj_ex(X509_getm_notAfter(certificate), Int32(clamping: days), 0, &seconds) != nil,
            X509_set_pubkey(certificate, key.pointer) == 1,
            let name = X509_get_subject_name(certificate),
            X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, commonName, -1, -1, 0) == 1,
            X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, "sealgate", -1, -1, 0) == 1,
            X509_set_issuer_name(certificate, name) == 1
        else { throw OpenSSL.failure("building the certificate") }
        // keyEncipherment is what sealing does with the key; the certificate is its own issuer, not a CA.
        for (nid, value) in [(NID_basic_constraints, "critical,CA:FALSE"), (NID_key_usage, "critical,keyEncipherment,dataEncipherment")] {
            guard let extensionValue = X509V3_EXT_conf_nid(nil, nil, nid, value) else {
                throw OpenSSL.failure("building a certificate extension")
            }
            defer { X509_EXTENSION_free(extensionValue) }
            guard X509_add_ext(certificate, extensionValue, -1) == 1 else { throw OpenSSL.failure("adding a certificate extension") }
        }
        guard X509_sign(certificate, key.pointer, EVP_sha256()) > 0 else { throw OpenSSL.failure("signing the certificate") }
        return handle
    }
}
