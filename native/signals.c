/*
 * libjsig's job without LD_PRELOAD (../shared/spec/jvm-embedding.md 2.5). Fluent Bit re-installs its
 * SIGSEGV/SIGFPE handlers with signal() on every SIGHUP and SIGCONT, over the JVM's; the JVM takes
 * those signals in normal operation (implicit null checks, safepoint polls), so the next one would
 * reach Fluent Bit's handler, which aborts. libjsig stops that by interposing signal() and sigaction().
 *
 * Here, before the JVM exists:
 *  1. the host's own handlers for the JVM's signals are copied into host_action[], and the host
 *     executable's GOT slots for signal and sigaction (found from its dynamic section) are
 *     pointed at the wrappers below: from then on the host's calls for those signals only update
 *     host_action[], as libjsig's do once the JVM has its handlers; other signals pass through;
 *  2. chain() is installed for those signals. The JVM then finds chain() installed when it installs
 *     its own handlers, and calls it for every signal that is not its own (HotSpot's chaining of
 *     handlers installed before the VM): so a crash in the host's C code still reaches the host's
 *     handler, the one host_action[] holds at that moment.
 * The JVM's own sigaction calls go to libc (libjvm's GOT is not touched).
 *
 * Only the executable is rebound: Fluent Bit links its libraries into it and calls signal() from
 * there. libjsig also interposes the deprecated sigset(), which Fluent Bit does not call; this does
 * not. A host that installs its handlers some other way (no GOT slot for either) is reported, and the
 * shim then refuses to start, as without libjsig.
 */
#define _GNU_SOURCE
#include "signals.h"

#include <elf.h>
#include <link.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#if defined(__x86_64__)
#define RELOC_JUMP_SLOT R_X86_64_JUMP_SLOT
#define RELOC_GLOB_DAT  R_X86_64_GLOB_DAT
#elif defined(__aarch64__)
#define RELOC_JUMP_SLOT R_AARCH64_JUMP_SLOT
#define RELOC_GLOB_DAT  R_AARCH64_GLOB_DAT
#endif

/* The signals HotSpot must keep (its essential ones; -Xrs leaves the others to the host). */
static const int jvm_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL };

/* guarded[sig]: the host's calls for sig only update host_action[sig]. Written before any wrapper runs. */
static volatile sig_atomic_t guarded[NSIG];
static struct sigaction host_action[NSIG];

/* ---- what the host's calls reach ----------------------------------------------------------------- */

static int guard_sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
    if (sig <= 0 || sig >= NSIG || !guarded[sig]) {
        return sigaction(sig, act, old);   /* the shim's own call: libc's */
    }
    if (old) {
        *old = host_action[sig];
    }
    if (act) {
        host_action[sig] = *act;   /* Fluent Bit re-installs the same handler: a torn read sees it too */
    }
    return 0;
}

static sighandler_t guard_signal(int sig, sighandler_t handler)
{
    struct sigaction act = { .sa_handler = handler, .sa_flags = SA_RESTART }, old;

    if (sig <= 0 || sig >= NSIG || !guarded[sig]) {
        return signal(sig, handler);
    }
    sigemptyset(&act.sa_mask);
    guard_sigaction(sig, &act, &old);   /* glibc's signal(): BSD semantics, as above */
    return old.sa_handler;
}

/* What the JVM calls for a signal that is not its own: the host's handler of the moment. */
static void chain(int sig, siginfo_t *info, void *context)
{
    const struct sigaction *h = &host_action[sig];

    if (h->sa_flags & SA_SIGINFO) {
        h->sa_sigaction(sig, info, context);
    }
    else if (h->sa_handler == SIG_DFL) {
        signal(sig, SIG_DFL);   /* the default action of these signals: die, as the host would */
        raise(sig);
    }
    else if (h->sa_handler != SIG_IGN) {
        h->sa_handler(sig);
    }
}

/* ---- the host executable's GOT --------------------------------------------------------------------- */

static const struct { const char *name; void *wrapper; } rebound[] = {
    { "signal", (void *) guard_signal },
    { "sigaction", (void *) guard_sigaction },
};

struct exe {
    ElfW(Addr)        base;
    const ElfW(Phdr) *phdr;
    int               phnum;
};

static int first_object(struct dl_phdr_info *info, size_t size, void *data)
{
    struct exe *exe = data;

    exe->base = info->dlpi_addr;
    exe->phdr = info->dlpi_phdr;
    exe->phnum = info->dlpi_phnum;
    return 1;   /* the first object is the executable */
}

/* A pointer of the dynamic section: glibc has already relocated some in place, not others. */
static ElfW(Addr) dyn_address(const struct exe *exe, ElfW(Addr) value)
{
    return value < exe->base ? value + exe->base : value;
}

/* Writes the slot; makes its page writable first when it is in the read-only RELRO segment. */
static int write_slot(const struct exe *exe, void **slot, void *value, char *why, size_t size)
{
    long page = sysconf(_SC_PAGESIZE);
    uintptr_t at = (uintptr_t) slot, start = at & ~(uintptr_t) (page - 1);
    int relro = 0, i;

    for (i = 0; i < exe->phnum; i++) {
        const ElfW(Phdr) *p = &exe->phdr[i];
        if (p->p_type == PT_GNU_RELRO && at >= exe->base + p->p_vaddr && at < exe->base + p->p_vaddr + p->p_memsz) {
            relro = 1;
        }
    }
    if (relro && mprotect((void *) start, (size_t) page, PROT_READ | PROT_WRITE) != 0) {
        snprintf(why, size, "cannot make the executable's GOT writable: %m");
        return -1;
    }
    __atomic_store_n(slot, value, __ATOMIC_SEQ_CST);
    if (relro) {
        mprotect((void *) start, (size_t) page, PROT_READ);
    }
    return 0;
}

/* Points every GOT slot of the executable for the names of rebound[] at the wrappers; the count. */
static int rebind_executable(char *why, size_t size)
{
    struct exe exe = { 0 };
    const ElfW(Dyn) *dyn = NULL;
    const ElfW(Sym) *symtab = NULL;
    const char *strtab = NULL;
    const ElfW(Rela) *tables[2] = { NULL, NULL };
    size_t sizes[2] = { 0, 0 };
    int i, t, count = 0;

    dl_iterate_phdr(first_object, &exe);
    for (i = 0; i < exe.phnum; i++) {
        if (exe.phdr[i].p_type == PT_DYNAMIC) {
            dyn = (const ElfW(Dyn) *) (exe.base + exe.phdr[i].p_vaddr);
        }
    }
    if (!dyn) {
        snprintf(why, size, "the host executable has no dynamic section (statically linked)");
        return -1;
    }
    for (; dyn->d_tag != DT_NULL; dyn++) {
        switch (dyn->d_tag) {
        case DT_SYMTAB:   symtab = (const ElfW(Sym) *) dyn_address(&exe, dyn->d_un.d_ptr); break;
        case DT_STRTAB:   strtab = (const char *) dyn_address(&exe, dyn->d_un.d_ptr); break;
        case DT_JMPREL:   tables[0] = (const ElfW(Rela) *) dyn_address(&exe, dyn->d_un.d_ptr); break;
        case DT_PLTRELSZ: sizes[0] = dyn->d_un.d_val; break;
        case DT_RELA:     tables[1] = (const ElfW(Rela) *) dyn_address(&exe, dyn->d_un.d_ptr); break;
        case DT_RELASZ:   sizes[1] = dyn->d_un.d_val; break;
        }
    }
    if (!symtab || !strtab) {
        snprintf(why, size, "the host executable has no dynamic symbol table");
        return -1;
    }
    /* calls through the PLT have JUMP_SLOT relocations; -fno-plt and address-taken ones GLOB_DAT */
    for (t = 0; t < 2; t++) {
        size_t n = tables[t] ? sizes[t] / sizeof(ElfW(Rela)) : 0, r;
        for (r = 0; r < n; r++) {
            const ElfW(Rela) *rel = &tables[t][r];
            unsigned type = (unsigned) ELF64_R_TYPE(rel->r_info);
            const char *name = strtab + symtab[ELF64_R_SYM(rel->r_info)].st_name;
            size_t k;
            if (type != RELOC_JUMP_SLOT && type != RELOC_GLOB_DAT) {
                continue;
            }
            for (k = 0; k < sizeof(rebound) / sizeof(rebound[0]); k++) {
                if (strcmp(name, rebound[k].name) == 0) {
                    if (write_slot(&exe, (void **) (exe.base + rel->r_offset), rebound[k].wrapper, why, size) != 0) {
                        return -1;
                    }
                    count++;
                }
            }
        }
    }
    if (count == 0) {
        snprintf(why, size, "the host executable does not call signal or sigaction through its GOT");
        return -1;
    }
    return count;
}

/* ---- the entry point ------------------------------------------------------------------------------- */

int signals_guard(char *why, size_t size)
{
    struct sigaction current[NSIG];
    size_t i;

#ifdef VJ_TEST_UNGUARDED
    /* build.sh test builds a shim with this: it starts without libjsig and guards nothing, so that
     * the tests can show what the guard prevents */
    snprintf(why, size, "unguarded test build");
    return 0;
#endif
    for (i = 0; i < sizeof(jvm_signals) / sizeof(jvm_signals[0]); i++) {
        int sig = jvm_signals[i];
        sigaction(sig, NULL, &current[sig]);
        host_action[sig] = current[sig];
        /* a signal the host has no handler for needs nothing: the JVM treats it as the host would not */
        guarded[sig] = current[sig].sa_handler != SIG_DFL && current[sig].sa_handler != SIG_IGN;
    }
    if (rebind_executable(why, size) < 0) {
        for (i = 0; i < sizeof(jvm_signals) / sizeof(jvm_signals[0]); i++) {
            guarded[jvm_signals[i]] = 0;
        }
        return -1;
    }
    /* the host's calls reach host_action[] now: put chain() where the JVM will find it */
    for (i = 0; i < sizeof(jvm_signals) / sizeof(jvm_signals[0]); i++) {
        int sig = jvm_signals[i];
        if (guarded[sig]) {
            struct sigaction act = { .sa_sigaction = chain };
            act.sa_mask = host_action[sig].sa_mask;
            act.sa_flags = (host_action[sig].sa_flags | SA_SIGINFO) & ~SA_RESETHAND;
            sigaction(sig, &act, NULL);
        }
    }
    return 0;
}
