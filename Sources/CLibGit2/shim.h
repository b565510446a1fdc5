// sealgate: libgit2, for reading repositories without a checkout.
#ifndef SEALGATE_CLIBGIT2_SHIM_H
#define SEALGATE_CLIBGIT2_SHIM_H
#include <git2.h>
#endif
