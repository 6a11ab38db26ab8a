#ifndef COAUTHOR_CZLIB_SHIM_H
#define COAUTHOR_CZLIB_SHIM_H
#include <zlib.h>
#endif
