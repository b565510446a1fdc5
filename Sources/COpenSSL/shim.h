// sealgate: OpenSSL 3, for RSA-OAEP, AES-GCM, X.509 and PEM.
#ifndef SEALGATE_COPENSSL_SHIM_H
#define SEALGATE_COPENSSL_SHIM_H
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

// OPENSSL_malloc is a macro (it passes __FILE__ and __LINE__), which Swift cannot call. The OAEP label
// must be allocated with it, because EVP_PKEY_CTX_set0_rsa_oaep_label takes ownership and frees it.
static inline void *sealgate_openssl_malloc(size_t size) {
    return OPENSSL_malloc(size);
}

// OPENSSL_free is a macro too; used for buffers OpenSSL allocated (i2d output).
static inline void sealgate_openssl_free(void *pointer) {
    OPENSSL_free(pointer);
}

#endif
