/* got_patch.c - rewriting the GOT slots of named functions in every loaded object (see
 * got_patch.h for why).
 *
 * For each object dl_iterate_phdr() reports, its dynamic section gives the symbol and string
 * tables and two tables of relocations: DT_JMPREL/DT_PLTRELSZ (the PLT's JUMP_SLOTs) and
 * DT_RELA/DT_RELASZ (GLOB_DAT and absolute data relocations among the rest).  A relocation
 * whose symbol has one of the hooked names marks a slot at load address + r_offset: that slot
 * now holds the function's address (or, under lazy binding, the PLT stub that will look it up,
 * which we overwrite just as well).  Each slot rewritten is remembered with its old value, so
 * br_got_unpatch() restores the process exactly.
 */
#include "measure/got_patch.h"

#include <elf.h>
#include <errno.h>
#include <link.h>
#include <stdint.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/error.h"

#if defined(__x86_64__)
#define R_JUMP_SLOT R_X86_64_JUMP_SLOT
#define R_GLOB_DAT  R_X86_64_GLOB_DAT
#define R_ABS       R_X86_64_64
#elif defined(__aarch64__)
#define R_JUMP_SLOT R_AARCH64_JUMP_SLOT
#define R_GLOB_DAT  R_AARCH64_GLOB_DAT
#define R_ABS       R_AARCH64_ABS64
#endif

/* One rewritten slot. */
struct slot {
    void **at;
    void *old;
    int prot; /* the page's protection before and after */
};

/* Slots rewritten: a process has a few per object and hooked name (a JUMP_SLOT and a GLOB_DAT
 * each in libc, one in the program, libstdc++, libbenchrun): hundreds at most. */
#define MAX_SLOTS 4096
static struct slot patched[MAX_SLOTS];
static size_t npatched;
static int patching; /* between br_got_patch() and br_got_unpatch() */

/* Writes v into *at, opening a read-only page for the write. */
static int write_slot(void **at, void *v, int prot)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    void *start = (void *)((uintptr_t)at & ~(page - 1));
    int readonly = !(prot & PROT_WRITE);
    if (readonly && mprotect(start, page, PROT_READ | PROT_WRITE) < 0) return -1;
    *at = v;
    if (readonly) mprotect(start, page, prot);
    return 0;
}

#ifdef R_JUMP_SLOT
/* What one walk needs: the hooks, and the first failure. */
struct walk {
    const struct br_got_hook *hooks;
    size_t n;
    int failed; /* -1 after br_error */
};

/* The dynamic section's tables of one object, as addresses. */
struct tables {
    const ElfW(Sym) * sym;
    const char *str;
    const ElfW(Rela) * rela[2];
    size_t count[2];
};

/* glibc rewrites d_ptr into an address when it loads an object; a loader that does not (the
 * vDSO's, musl's) leaves the offset from the load address. */
static uintptr_t address(ElfW(Addr) p, uintptr_t base) { return p < base ? p + base : p; }

static int read_tables(const struct dl_phdr_info *info, struct tables *t)
{
    const ElfW(Dyn) *dyn = NULL;
    for (int i = 0; i < info->dlpi_phnum; i++)
        if (info->dlpi_phdr[i].p_type == PT_DYNAMIC)
            dyn = (const ElfW(Dyn) *)(info->dlpi_addr + info->dlpi_phdr[i].p_vaddr);
    memset(t, 0, sizeof *t);
    if (!dyn) return -1; /* a static executable */
    uintptr_t base = info->dlpi_addr;
    size_t bytes[2] = {0, 0};
    ElfW(Xword) pltrel = DT_RELA;
    for (; dyn->d_tag != DT_NULL; dyn++) {
        switch (dyn->d_tag) {
        case DT_SYMTAB: t->sym = (const ElfW(Sym) *)address(dyn->d_un.d_ptr, base); break;
        case DT_STRTAB: t->str = (const char *)address(dyn->d_un.d_ptr, base); break;
        case DT_JMPREL: t->rela[0] = (const ElfW(Rela) *)address(dyn->d_un.d_ptr, base); break;
        case DT_PLTRELSZ: bytes[0] = dyn->d_un.d_val; break;
        case DT_PLTREL: pltrel = dyn->d_un.d_val; break;
        case DT_RELA: t->rela[1] = (const ElfW(Rela) *)address(dyn->d_un.d_ptr, base); break;
        case DT_RELASZ: bytes[1] = dyn->d_un.d_val; break;
        }
    }
    if (!t->sym || !t->str || pltrel != DT_RELA) return -1;
    for (int k = 0; k < 2; k++) t->count[k] = t->rela[k] ? bytes[k] / sizeof(ElfW(Rela)) : 0;
    return 0;
}

/* The protection of the page at `addr` after start-up: read-only inside the pages RELRO
 * covers (glibc protects them whole, the partial last page stays writable), else its
 * segment's.  -1 for a slot in code (a text relocation: not ours to write). */
static int protection(const struct dl_phdr_info *info, uintptr_t addr, uintptr_t page)
{
    int prot = -1;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        uintptr_t lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;
        if (ph->p_type == PT_LOAD && addr >= lo && addr < hi) {
            if (ph->p_flags & PF_X) return -1;
            prot = (ph->p_flags & PF_R ? PROT_READ : 0) | (ph->p_flags & PF_W ? PROT_WRITE : 0);
        }
    }
    for (int i = 0; prot >= 0 && i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        uintptr_t lo = (info->dlpi_addr + ph->p_vaddr) & ~(page - 1);
        uintptr_t hi = (info->dlpi_addr + ph->p_vaddr + ph->p_memsz) & ~(page - 1);
        if (ph->p_type == PT_GNU_RELRO && addr >= lo && addr < hi) prot = PROT_READ;
    }
    return prot;
}

static const struct br_got_hook *hooked(const struct walk *w, const char *name)
{
    for (size_t i = 0; i < w->n; i++)
        if (strcmp(w->hooks[i].name, name) == 0) return &w->hooks[i];
    return NULL;
}

/* One relocation: its slot rewritten when it is a hooked function's. */
static int patch_one(const struct dl_phdr_info *info, const struct tables *t, const ElfW(Rela) * r,
                     const struct walk *w)
{
    unsigned long type = ELF64_R_TYPE(r->r_info);
    if (type != R_JUMP_SLOT && type != R_GLOB_DAT && (type != R_ABS || r->r_addend != 0)) return 0;
    size_t sym = ELF64_R_SYM(r->r_info);
    const struct br_got_hook *h = sym ? hooked(w, t->str + t->sym[sym].st_name) : NULL;
    if (!h) return 0;
    void **at = (void **)(info->dlpi_addr + r->r_offset);
    int prot = protection(info, (uintptr_t)at, (uintptr_t)sysconf(_SC_PAGESIZE));
    if (prot < 0 || *at == h->fn) return 0;
    if (npatched == MAX_SLOTS) return br_error("more than %d slots to patch", MAX_SLOTS);
    patched[npatched] = (struct slot){at, *at, prot};
    if (write_slot(at, h->fn, prot) < 0)
        return br_error("cannot make the page of a GOT slot writable: %s", strerror(errno));
    npatched++;
    return 0;
}

static int patch_object(struct dl_phdr_info *info, size_t size, void *ctx)
{
    (void)size;
    struct walk *w = ctx;
    struct tables t;
    int vdso = info->dlpi_addr == getauxval(AT_SYSINFO_EHDR) ||
               (info->dlpi_name && strstr(info->dlpi_name, "linux-vdso"));
    if (vdso || read_tables(info, &t) < 0) return 0;
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < t.count[k]; i++)
            if (patch_one(info, &t, &t.rela[k][i], w) < 0) return w->failed = -1;
    return 0;
}

int br_got_patch(const struct br_got_hook *hooks, size_t n)
{
    if (patching) return br_error("the GOT is patched already");
    struct walk w = {hooks, n, 0};
    npatched = 0;
    patching = 1;
    dl_iterate_phdr(patch_object, &w);
    if (w.failed < 0) {
        br_got_unpatch();
        return -1;
    }
    return (int)npatched;
}
#else
int br_got_patch(const struct br_got_hook *hooks, size_t n)
{
    (void)hooks, (void)n;
    return br_error("patching the GOT is not implemented for this architecture");
}
#endif

void br_got_unpatch(void)
{
    while (npatched > 0) {
        struct slot *s = &patched[--npatched];
        (void)write_slot(s->at, s->old, s->prot);
    }
    patching = 0;
}
