#ifndef COAUTHOR_CGRAPHVIZ_SHIM_H
#define COAUTHOR_CGRAPHVIZ_SHIM_H
// The headers come from the system's libgraphviz-dev (pkg-config libgvc); none are vendored.
#include <graphviz/gvc.h>
#include <graphviz/cgraph.h>
#endif
