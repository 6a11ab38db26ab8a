#ifndef COAUTHOR_CMIMALLOC_SHIM_H
#define COAUTHOR_CMIMALLOC_SHIM_H
#include <mimalloc.h>
#endif
