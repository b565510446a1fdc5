// sealgate: libyaml, the event parser KubeManifest reads YAML with.
#ifndef SEALGATE_CLIBYAML_SHIM_H
#define SEALGATE_CLIBYAML_SHIM_H
#include <yaml.h>
#endif
