// sealgate: libgit2, for reading repositories without a checkout.
#ifndef SEALGATE_CLIBGIT2_SHIM_H
#define SEALGATE_CLIBGIT2_SHIM_H
#include <git2.h>
/* git_repository_set_index: GitChanges diffs the working tree against an index of its own making. */
#include <git2/sys/repository.h>
#endif
