// leads reads repositories on disk and never opens a network connection. libgit2, as Debian builds it
// (with mbedTLS), parses the system's whole CA bundle inside git_libgit2_init: about 5 ms of every run,
// a tenth of a warm lint on a large history. These two definitions take the place of mbedTLS's loaders for
// libgit2 (symbol lookup searches the executable before the libraries it loads), so nothing is parsed.
// The CA chain stays empty: were a TLS connection ever opened, certificate verification would fail rather
// than pass. With a libgit2 built against another TLS library these functions are simply never called.

#include "no_certificates.h"

int mbedtls_x509_crt_parse_file(void *chain, const char *path);
int mbedtls_x509_crt_parse_path(void *chain, const char *path);

int mbedtls_x509_crt_parse_file(void *chain, const char *path) {
  (void)chain;
  (void)path;
  return 0;
}

int mbedtls_x509_crt_parse_path(void *chain, const char *path) {
  (void)chain;
  (void)path;
  return 0;
}

int leads_skips_ca_certificates(void) { return 1; }
