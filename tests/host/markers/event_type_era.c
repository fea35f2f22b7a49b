/*
 * What a Fluent Bit whose proxy def has event_type exports and older ones do not (see native/host.c):
 * fbhost loads this with RTLD_GLOBAL when it plays such a host, so that the plugin's
 * dlsym(RTLD_DEFAULT, ...) finds the same symbol it would find in the real fluent-bit executable.
 */
#include <signal.h>

volatile sig_atomic_t dump_requested;
