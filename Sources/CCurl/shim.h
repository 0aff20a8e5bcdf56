#ifndef ORCHESTRATOR_CCURL_SHIM_H
#define ORCHESTRATOR_CCURL_SHIM_H
#include <curl/curl.h>
#endif
