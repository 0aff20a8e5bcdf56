// The declaration in include/CLibFuzzer.h is all this module provides; the definition comes from libFuzzer.
#include "CLibFuzzer.h"
