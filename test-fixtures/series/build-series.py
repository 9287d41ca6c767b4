#!/usr/bin/env python3
"""Rebuild test-fixtures/series/ from test-fixtures/linux-4.19-shape.

Works in a scratch git repository under /tmp (never inside the project
repository).  Author, committer and dates are fixed, so the output is
byte-for-byte reproducible for a given git version.

    python3 test-fixtures/series/build-series.py
"""
import email.charset
import email.message
import email.policy
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.dirname(HERE)
BASE_TREE = os.path.join(FIXTURES, "linux-4.19-shape")
WORK = "/tmp/mmhp-series-work"
OUT = HERE

AUTHOR = ("Jane Hotplug", "jane@example.org")
DATE = "Mon, 15 Oct 2018 17:30:31 +0200"
ENV = dict(os.environ)
ENV.update({
    "GIT_AUTHOR_NAME": AUTHOR[0], "GIT_AUTHOR_EMAIL": AUTHOR[1],
    "GIT_COMMITTER_NAME": AUTHOR[0], "GIT_COMMITTER_EMAIL": AUTHOR[1],
    "GIT_AUTHOR_DATE": DATE, "GIT_COMMITTER_DATE": DATE,
    "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/tmp/mmhp-series-home",
    "TZ": "UTC", "LC_ALL": "C",
})


def git(*args, cwd=WORK, check=True, inp=None):
    r = subprocess.run(["git", *args], cwd=cwd, env=ENV, input=inp,
                       capture_output=True, text=True)
    if check and r.returncode:
        sys.exit(f"git {' '.join(args)} failed:\n{r.stdout}{r.stderr}")
    return r.stdout


def edit(path, old, new, count=1):
    p = os.path.join(WORK, path)
    s = open(p).read()
    if s.count(old) != count:
        sys.exit(f"edit {path}: expected {count} match(es), found {s.count(old)}:\n{old}")
    open(p, "w").write(s.replace(old, new))


def commit(subject, body):
    git("add", "-A")
    git("commit", "-q", "-m", subject + "\n\n" + body.strip() + "\n\n"
        f"Signed-off-by: {AUTHOR[0]} <{AUTHOR[1]}>\n")
    return git("rev-parse", "HEAD").strip()


# --------------------------------------------------------------------------
# patch bodies
# --------------------------------------------------------------------------

P1_SUBJ = "mm/memory_hotplug: Add prototypes for add/del_device_memory"
P1_BODY = """
HMM and devm_memremap_pages() hot-add and hot-remove ZONE_DEVICE memory
by hand: they never go through online_pages()/offline_pages() and each
open-codes the arch_add_memory()/add_pages() and move_pfn_range_to_zone()
sequence.

Declare two helpers that the next patch implements in memory_hotplug.c,
so that this sequence lives in one place.
"""

def p1_header(proto_flag="mapping", doc=None):
    doc = doc or (
        "/*\n"
        " * Hot-add / hot-remove of ZONE_DEVICE memory for devm_memremap_pages()\n"
        " * and HMM.  @mapping selects arch_add_memory()/arch_remove_memory()\n"
        " * (linear mapping) over add_pages()/__remove_pages() (struct pages only).\n"
        " */\n")
    return (doc +
        f"extern int add_device_memory(int nid, unsigned long start, unsigned long size,\n"
        f"\t\t\t     struct vmem_altmap *altmap, bool {proto_flag});\n"
        f"extern void del_device_memory(int nid, unsigned long start, unsigned long size,\n"
        f"\t\t\t      struct vmem_altmap *altmap, bool {proto_flag});\n")

P1_ANCHOR = """extern void move_pfn_range_to_zone(struct zone *zone, unsigned long start_pfn,
				   unsigned long nr_pages,
				   struct vmem_altmap *altmap);
"""

P2_SUBJ = "mm/memory_hotplug: Create add/del_device_memory functions"
P2_BODY = """
HMM/devm handle memory hotplug in their own way: they do not go through
online_pages()/offline_pages().  What they do is:

 1) create the linear mapping, unless the memory is device private
 2) add the sections and allocate their memmap
 3) move the pages into ZONE_DEVICE

Implement add_device_memory() for 1-3 and del_device_memory() for the
reverse, so that this code belongs to memory hotplug and not to its
users.

The KASAN zero shadow of a linearly mapped range belongs with the
mapping, so add_device_memory() sets it up before arch_add_memory() and
del_device_memory() tears it down after arch_remove_memory().  Whether
those shadow calls may run outside the hotplug lock is still open; if
they can, the lock could be taken inside these helpers later.  For now
the callers hold it.
"""

ADD_DEVICE_MEMORY = """
/**
 * add_device_memory - hot-add a ZONE_DEVICE range
 * @nid: node the memory belongs to
 * @start: physical start address, section aligned
 * @size: size in bytes, a multiple of the section size
 * @altmap: device memmap reservation, or NULL
 * @mapping: true to create a linear mapping (arch_add_memory()) and its
 *	     KASAN zero shadow, false to only create struct pages
 *	     (add_pages()), e.g. for private memory
 *
 * Adds the sections and moves the range into ZONE_DEVICE.
 * Must be called with mem_hotplug_lock in write mode.
 */
int add_device_memory(int nid, unsigned long start, unsigned long size,
		      struct vmem_altmap *altmap, bool mapping)
{
	unsigned long start_pfn = PHYS_PFN(start);
	unsigned long nr_pages = size >> PAGE_SHIFT;
	int ret;

	lockdep_assert_held(&mem_hotplug_lock);

	if (mapping) {
		ret = kasan_add_zero_shadow(__va(start), size);
		if (ret)
			return ret;
		ret = arch_add_memory(nid, start, size, altmap, false);
		if (ret)
			kasan_remove_zero_shadow(__va(start), size);
	} else {
		ret = add_pages(nid, start_pfn, nr_pages, altmap, false);
	}
@@MOVE@@
	return ret;
}
EXPORT_SYMBOL_GPL(add_device_memory);
"""

ADD_MOVE = """
	if (!ret) {
		struct zone *zone = &NODE_DATA(nid)->node_zones[ZONE_DEVICE];

		move_pfn_range_to_zone(zone, start_pfn, nr_pages, altmap);
	}
"""

DEL_DEVICE_MEMORY = """
#ifdef CONFIG_MEMORY_HOTREMOVE
/**
 * del_device_memory - hot-remove a ZONE_DEVICE range
 * @nid: node the memory belongs to
 * @start: physical start address, section aligned
 * @size: size in bytes, a multiple of the section size
 * @altmap: device memmap reservation, or NULL
 * @mapping: true if add_device_memory() created a linear mapping
 *
 * Shrinks the zone and node spans, frees the memmap and, with @mapping,
 * removes the linear mapping and its KASAN zero shadow.
 * Must be called with mem_hotplug_lock in write mode.
 */
void del_device_memory(int nid, unsigned long start, unsigned long size,
		       struct vmem_altmap *altmap, bool mapping)
{
	unsigned long start_pfn = PHYS_PFN(start);
	unsigned long nr_pages = size >> PAGE_SHIFT;
	struct zone *zone;

	lockdep_assert_held(&mem_hotplug_lock);

	zone = page_zone(pfn_to_page(@@PFN@@));

	if (mapping) {
		arch_remove_memory(start, size, altmap);
		kasan_remove_zero_shadow(__va(start), size);
	} else {
		__remove_pages(zone, start_pfn, nr_pages, altmap);
	}
}
EXPORT_SYMBOL_GPL(del_device_memory);
#endif /* CONFIG_MEMORY_HOTREMOVE */
"""

P2_ANCHOR = """	memmap_init_zone(nr_pages, nid, zone_idx(zone), start_pfn,
			MEMMAP_HOTPLUG, altmap);

	set_zone_contiguous(zone);
}
"""

def p2_code(move=True, pfn="start_pfn"):
    add = ADD_DEVICE_MEMORY.replace("@@MOVE@@", ADD_MOVE if move else "")
    if not move:
        add = add.replace(" * Adds the sections and moves the range into ZONE_DEVICE.\n",
                          " * Adds the sections; the caller moves the range into ZONE_DEVICE.\n")
    return add + DEL_DEVICE_MEMORY.replace("@@PFN@@", pfn)


P3_SUBJ = "kernel/memremap: Use add/del_device_memory"
P3_BODY = """
devm_memremap_pages() and devm_memremap_pages_release() open-code the
hotplug sequence, KASAN zero shadow included.  Use the new helpers
instead; they set up and tear down the shadow with the linear mapping,
still inside mem_hotplug_begin()/mem_hotplug_done().
"""

def p3_apply(resize_after_done=False):
    edit("kernel/memremap.c", """	mem_hotplug_begin();
	error = kasan_add_zero_shadow(__va(align_start), align_size);
	if (error) {
		mem_hotplug_done();
		goto err_kasan;
	}

""", """	mem_hotplug_begin();
""")
    edit("kernel/memremap.c", """ err_add_memory:
	kasan_remove_zero_shadow(__va(align_start), align_size);
 err_kasan:
	untrack_pfn(""", """ err_add_memory:
	untrack_pfn(""")
    if resize_after_done:
        new_add = """	error = add_device_memory(nid, align_start, align_size, altmap, true);
	mem_hotplug_done();
	if (error)
		goto err_add_memory;

	move_pfn_range_to_zone(&NODE_DATA(nid)->node_zones[ZONE_DEVICE],
				align_start >> PAGE_SHIFT,
				align_size >> PAGE_SHIFT, altmap);
"""
    else:
        new_add = """	error = add_device_memory(nid, align_start, align_size, altmap, true);
	mem_hotplug_done();
	if (error)
		goto err_add_memory;
"""
    edit("kernel/memremap.c", """	error = arch_add_memory(nid, align_start, align_size, altmap, false);
	if (!error)
		move_pfn_range_to_zone(&NODE_DATA(nid)->node_zones[ZONE_DEVICE],
					align_start >> PAGE_SHIFT,
					align_size >> PAGE_SHIFT, altmap);
	mem_hotplug_done();
	if (error)
		goto err_add_memory;
""", new_add)
    edit("kernel/memremap.c", """	mem_hotplug_begin();
	arch_remove_memory(align_start, align_size, pgmap->altmap_valid ?
			&pgmap->altmap : NULL);
	kasan_remove_zero_shadow(__va(align_start), align_size);
	mem_hotplug_done();
""", """	mem_hotplug_begin();
	del_device_memory(dev_to_node(dev), align_start, align_size,
			  pgmap->altmap_valid ? &pgmap->altmap : NULL, true);
	mem_hotplug_done();
""")


P4_SUBJ = "mm/hmm: Use add/del_device_memory"
P4_BODY = """
hmm_devmem_pages_create() and hmm_devmem_release() open-code the
hotplug sequence.  Use the new helpers instead: public device memory
gets a linear mapping (and with it a KASAN zero shadow, as memremap
memory does), private device memory only struct pages.
"""

def p4_apply(move_in_caller=False):
    move = ""
    if move_in_caller:
        move = """	if (!ret)
		move_pfn_range_to_zone(&NODE_DATA(nid)->node_zones[ZONE_DEVICE],
					align_start >> PAGE_SHIFT,
					align_size >> PAGE_SHIFT, NULL);
"""
    edit("mm/hmm.c", """	mem_hotplug_begin();
	/*
	 * Public device memory is CPU addressable and gets a linear mapping
	 * through arch_add_memory().  Private device memory is not, so only
	 * its struct pages are created, with add_pages().
	 */
	if (devmem->pagemap.type == MEMORY_DEVICE_PUBLIC)
		ret = arch_add_memory(nid, align_start, align_size, NULL,
				false);
	else
		ret = add_pages(nid, align_start >> PAGE_SHIFT,
				align_size >> PAGE_SHIFT, NULL, false);
	if (ret) {
		mem_hotplug_done();
		goto error_add_memory;
	}
	move_pfn_range_to_zone(&NODE_DATA(nid)->node_zones[ZONE_DEVICE],
				align_start >> PAGE_SHIFT,
				align_size >> PAGE_SHIFT, NULL);
	mem_hotplug_done();
""", """	mem_hotplug_begin();
	/*
	 * Public device memory is CPU addressable and gets a linear mapping;
	 * private device memory only gets struct pages.
	 */
	ret = add_device_memory(nid, align_start, align_size, NULL,
				devmem->pagemap.type == MEMORY_DEVICE_PUBLIC);
""" + move + """	mem_hotplug_done();
	if (ret)
		goto error_add_memory;
""")
    edit("mm/hmm.c", """	unsigned long start_pfn, npages;
	struct zone *zone;
	struct page *page;
""", """	unsigned long start_pfn, npages;
""")
    edit("mm/hmm.c", """	page = pfn_to_page(start_pfn);
	zone = page_zone(page);

	mem_hotplug_begin();
	if (resource->desc == IORES_DESC_DEVICE_PRIVATE_MEMORY)
		__remove_pages(zone, start_pfn, npages, NULL);
	else
		arch_remove_memory(start_pfn << PAGE_SHIFT,
				   npages << PAGE_SHIFT, NULL);
	mem_hotplug_done();
""", """	mem_hotplug_begin();
	del_device_memory(dev_to_node(dev), start_pfn << PAGE_SHIFT,
			  npages << PAGE_SHIFT, NULL,
			  resource->desc != IORES_DESC_DEVICE_PRIVATE_MEMORY);
	mem_hotplug_done();
""")


P5_SUBJ = "mm/memory_hotplug: Document the hotplug lock around the device memory helpers"
P5_BODY = """
Spell out in the header what the kernel-doc of the helpers already says:
callers bracket them with mem_hotplug_begin()/mem_hotplug_done(), and the
KASAN shadow calls inside the helpers stay inside that section until it
is known whether they may sleep outside it.
"""

def p5_apply():
    edit("include/linux/memory_hotplug.h",
         " * (linear mapping) over add_pages()/__remove_pages() (struct pages only).\n */\n",
         " * (linear mapping) over add_pages()/__remove_pages() (struct pages only).\n"
         " *\n"
         " * The caller holds mem_hotplug_lock for write: both helpers must be\n"
         " * called between mem_hotplug_begin() and mem_hotplug_done().  The\n"
         " * KASAN zero shadow of a mapped range is set up and torn down by the\n"
         " * helpers, inside that same section.\n"
         " */\n")


COVER_SUBJ = "mm/memory_hotplug: Factor out ZONE_DEVICE hot-add/remove"
COVER_BODY = """\
HMM and devm_memremap_pages() do not use the common memory hotplug paths
(online_pages()/offline_pages()).  Each of them open-codes the same
sequence under mem_hotplug_begin()/mem_hotplug_done():

  hot-add:    kasan_add_zero_shadow() and arch_add_memory(), or
              add_pages(), then move_pfn_range_to_zone(ZONE_DEVICE)
  hot-remove: arch_remove_memory() and kasan_remove_zero_shadow(), or
              __remove_pages()

This series moves that sequence into two helpers in mm/memory_hotplug.c,
add_device_memory() and del_device_memory(), and converts the four users:

  add_device_memory():  devm_memremap_pages(), hmm_devmem_pages_create()
  del_device_memory():  devm_memremap_pages_release(), hmm_devmem_release()

The only functional change is that HMM public memory now gets a KASAN
zero shadow with its linear mapping, like memremap memory.  The hotplug
lock is still taken by the callers, and the KASAN shadow calls now made
by the helpers stay inside the locked section.

Open question for reviewers: can kasan_add_zero_shadow() and
kasan_remove_zero_shadow() run outside mem_hotplug_lock?  If so, a
follow-up could take the lock inside the helpers.

Patch 1 declares the helpers, patch 2 implements them, patches 3 and 4
convert memremap and HMM, patch 5 documents the locking contract.
"""


# --------------------------------------------------------------------------
# build
# --------------------------------------------------------------------------

def fresh_repo():
    shutil.rmtree(WORK, ignore_errors=True)
    shutil.copytree(BASE_TREE, WORK)
    os.makedirs(ENV["HOME"], exist_ok=True)
    git("init", "-q", "-b", "base")
    git("config", "user.name", AUTHOR[0])
    git("config", "user.email", AUTHOR[1])
    git("config", "core.autocrlf", "false")
    git("config", "format.signature", "2.x-fixture")
    git("add", "-A")
    git("commit", "-q", "-m", "Base: 4.19-shape fixture tree")
    return git("rev-parse", "HEAD").strip()


def build_series(branch, base, p1_flag="mapping", p1_doc=None, move=True,
                 pfn="start_pfn", resize_after_done=False, p2_subj=None):
    git("checkout", "-q", "-B", branch, base)
    edit("include/linux/memory_hotplug.h", P1_ANCHOR, P1_ANCHOR + p1_header(p1_flag, p1_doc))
    commit(P1_SUBJ, P1_BODY)
    edit("mm/memory_hotplug.c", P2_ANCHOR, P2_ANCHOR + p2_code(move=move, pfn=pfn))
    commit(p2_subj or P2_SUBJ, P2_BODY)
    p3_apply(resize_after_done=resize_after_done)
    commit(P3_SUBJ, P3_BODY)
    p4_apply(move_in_caller=not move)
    commit(P4_SUBJ, P4_BODY)
    if p1_doc is None:
        p5_apply()
        commit(P5_SUBJ, P5_BODY)
        return 5
    return 4


def fill_cover(text):
    text = text.replace("*** SUBJECT HERE ***", COVER_SUBJ)
    text = text.replace("*** BLURB HERE ***", COVER_BODY.rstrip("\n"))
    return text


def shared_ids(paths):
    """format-patch puts the time of the run into Message-Ids: pin it."""
    for p in paths:
        s = open(p).read()
        s = re.sub(r"\.[0-9]{9,11}\.git\.", ".1539617431.git.", s)
        open(p, "w").write(s)


def hunk_headers(text):
    return [m for m in re.finditer(r"^@@ -(\d+),(\d+) \+(\d+),(\d+) @@.*$", text, re.M)]


def build_malformed(files):
    """Broken inputs, each made from a good patch of the series."""
    mdir = os.path.join(OUT, "variants", "malformed")
    p1, p2, p3, p4 = (open(f).read() for f in files[1:5])

    # (a) hunk header claims more lines than the hunk has
    h = hunk_headers(p1)[0]
    bad = p1[:h.start()] + f"@@ -{h[1]},{h[2]} +{h[3]},{int(h[4]) + 2} @@" + p1[h.end():]
    open(os.path.join(mdir, "a-wrong-hunk-count.patch"), "w").write(bad)

    # (b) prose between two hunks of the same file
    h = hunk_headers(p3)[1]
    bad = p3[:h.start()] + "This sentence is not part of any hunk.\n" + p3[h.start():]
    open(os.path.join(mdir, "b-garbage-between-hunks.patch"), "w").write(bad)

    # (c) cut in the middle of the only hunk
    h = hunk_headers(p2)[0]
    body = p2[h.end() + 1:].split("\n")
    cut = p2[:h.end() + 1] + "\n".join(body[:30]) + "\n"
    open(os.path.join(mdir, "c-truncated.patch"), "w").write(cut)

    # (d) first hunk applies to the base tree, the last one does not
    hs = hunk_headers(p4)
    last = hs[-1]
    tail = p4[last.end():]
    tail = tail.replace("\n \tmem_hotplug_begin();\n \t/*\n",
                        "\n \tmem_hotplug_start();\n \t/*\n", 1)
    bad = p4[:last.end()] + tail
    if bad == p4:
        sys.exit("malformed (d): context line not found")
    open(os.path.join(mdir, "d-context-mismatch.patch"), "w").write(bad)

    # (e) a patch mail that carries no diff at all
    open(os.path.join(mdir, "e-no-diff.eml"), "w").write(
        "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n"
        "From: Jane Hotplug <jane@example.org>\n"
        "Date: Mon, 15 Oct 2018 17:30:31 +0200\n"
        "Subject: [PATCH 3/5] kernel/memremap: Use add/del_device_memory\n"
        "\n"
        "The diff for this change was lost when the mail was sent; only the\n"
        "description is here.  devm_memremap_pages() would call\n"
        "add_device_memory() between mem_hotplug_begin() and mem_hotplug_done().\n"
        "\n"
        "Signed-off-by: Jane Hotplug <jane@example.org>\n")

    # (f) empty file
    open(os.path.join(mdir, "f-empty.patch"), "w").write("")

    # (h) the same good patch (3/5) as a transfer-encoded mail with CRLF
    headers, _, body = p3.partition("\n\n")
    hdr_lines = [l for l in headers.split("\n")[1:]
                 if not l.startswith(("MIME-Version", "Content-Type", "Content-Transfer-Encoding"))]
    for enc, name in (("quoted-printable", "h-quoted-printable.eml"), ("base64", "h-base64.eml")):
        import quopri, base64
        raw = body.encode()
        if enc == "base64":
            b = base64.encodebytes(raw).decode()
        else:
            b = quopri.encodestring(raw).decode()
        mail = "\n".join(hdr_lines) + "\nMIME-Version: 1.0\n" \
            "Content-Type: text/plain; charset=UTF-8\n" \
            f"Content-Transfer-Encoding: {enc}\n\n" + b
        with open(os.path.join(mdir, name), "w", newline="") as f:
            f.write(mail.replace("\r\n", "\n").replace("\n", "\r\n"))


def main():
    base = fresh_repo()

    # --- the series ------------------------------------------------------
    n = build_series("series", base)
    sdir = os.path.join(OUT, "add-device-memory")
    shutil.rmtree(sdir, ignore_errors=True)
    git("format-patch", "--cover-letter", f"-{n}", "--subject-prefix=PATCH",
        "--thread=shallow", "--no-signature", "--zero-commit", "--base=base",
        "-o", sdir)
    files = sorted(os.path.join(sdir, f) for f in os.listdir(sdir))
    for p in files:
        text = fill_cover(open(p).read())
        open(p, "w").write(text)
    shared_ids(files)
    # the mbox is the six files concatenated, as format-patch --stdout makes it
    with open(os.path.join(OUT, "add-device-memory.mbox"), "w") as mb:
        for p in files:
            mb.write(open(p).read())

    os.makedirs(os.path.join(OUT, "variants", "malformed"), exist_ok=True)

    def variant(name, **kw):
        n = build_series("v-" + name, base, **kw)
        out = git("format-patch", "--cover-letter", f"-{n}", "--subject-prefix=PATCH",
                  "--thread=shallow", "--no-signature", "--zero-commit",
                  "--base=base", "--stdout")
        out = fill_cover(out)
        p = os.path.join(OUT, "variants", name + ".mbox")
        open(p, "w").write(out)
        shared_ids([p])

    variant("undeclared-pfn", pfn="pfn")
    variant("prototype-mismatch", p1_flag="private_mem", p1_doc=(
        "/*\n"
        " * Hot-add / hot-remove of ZONE_DEVICE memory for devm_memremap_pages()\n"
        " * and HMM.  @private_mem: the memory is device private, so only\n"
        " * struct pages are created (add_pages()) and no linear mapping.\n"
        " */\n"))
    variant("resize-after-done", move=False, resize_after_done=True)

    # --- hostile patch ---------------------------------------------------
    git("checkout", "-q", "-B", "hostile", base)
    esc = "\x1b"
    edit("mm/memory_hotplug.c", "static int check_hotplug_memory_range(u64 start, u64 size)\n",
         "/*\n"
         " * memhp_describe_range - print a hot-added range for the debug log\n"
         " * Reviewer tools must show this comment as text: <script>alert(1)</script>\n"
         " * and <img src=x onerror=alert(1)> and [x](command:workbench.action.terminal.new)\n"
         f" * and a raw escape sequence {esc}[31mRED{esc}[0m are not markup.\n"
         " */\n"
         "int memhp_describe_range(char *buf, size_t len, u64 start, u64 size)\n"
         "{\n"
         "\tstatic const char tag[] = \"<script>alert(1)</script>\";\n"
         "\tstatic const char img[] = \"<img src=x onerror=alert(1)>\";\n"
         "\tstatic const char link[] = \"[x](command:workbench.action.terminal.new)\";\n"
         f"\tstatic const char ansi[] = \"{esc}[31m\";\n"
         "\n"
         "\tif (!buf || !len)\n"
         "\t\treturn -EINVAL;\n"
         "\n"
         "\tpr_debug(\"%s %s %s %s range %#llx+%#llx\\n\", tag, img, link, ansi,\n"
         "\t\t start, size);\n"
         "\treturn 0;\n"
         "}\n"
         "\n"
         "static int check_hotplug_memory_range(u64 start, u64 size)\n")
    commit("mm/memory_hotplug: Add a range describer <script>alert(1)</script>",
           "Adds memhp_describe_range() <img src=x onerror=alert(1)>, see\n"
           f"[x](command:workbench.action.terminal.new) {esc}[31mfor details{esc}[0m.")
    out = git("format-patch", "-1", "--stdout", "--no-signature", "--zero-commit")
    open(os.path.join(OUT, "variants", "hostile.patch"), "w").write(out)
    shared_ids([os.path.join(OUT, "variants", "hostile.patch")])

    # --- binary diff -----------------------------------------------------
    git("checkout", "-q", "-B", "binary", base)
    with open(os.path.join(WORK, "mm", "hotplug-layout.bin"), "wb") as f:
        f.write(bytes(range(256)) * 2)
    commit("mm: Add a binary memory layout blob", "A binary file, for parser tests.")
    out = git("format-patch", "-1", "--stdout", "--binary", "--no-signature", "--zero-commit")
    open(os.path.join(OUT, "variants", "malformed", "g-binary-diff.patch"), "w").write(out)

    build_malformed(files)

    git("checkout", "-q", "series")
    print("built in", OUT)


if __name__ == "__main__":
    main()
