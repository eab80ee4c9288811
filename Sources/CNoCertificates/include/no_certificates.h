#ifndef LEADS_NO_CERTIFICATES_H
#define LEADS_NO_CERTIFICATES_H

/// Whether this executable provides the CA-bundle loaders that libgit2 binds to (see no_certificates.c).
int leads_skips_ca_certificates(void);

#endif
