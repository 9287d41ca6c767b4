#!/bin/bash
# Print the call-site tables of test-fixtures/README.md (markdown).
# A call site is an indented, non-comment line containing NAME( ; function
# definitions and prototypes start in column 0 and are not listed.
cd "$(dirname "$0")"
NAMES="mem_hotplug_begin mem_hotplug_done kasan_add_zero_shadow kasan_remove_zero_shadow arch_add_memory add_pages move_pfn_range_to_zone arch_remove_memory __remove_pages devm_add_action devm_add_action_or_reset devres_alloc_node"
for tree in linux-4.19-shape linux-6.x-shape; do
  echo "### $tree"
  echo
  echo "| call | file:line |"
  echo "|---|---|"
  for n in $NAMES; do
    (cd $tree && grep -rnE "(^|[^A-Za-z0-9_])$n[[:space:]]*\(" --include='*.c' --include='*.h' . |
      sed 's|^\./||' |
      awk -F: '{ line=$0; sub(/^[^:]*:[^:]*:/, "", line);
                 if (line !~ /^[ \t]/) next;              # definition / prototype
                 if (line ~ /^[ \t]*(\*|\/\*|\/\/)/) next; # comment line
                 print $1 ":" $2 }' |
      sort -t: -k1,1 -k2,2n | paste -sd' ' | sed "s/^/| \`$n\` | /; s/\$/ |/")
  done
  echo
done

# ---- planted lines in the series and its variants -------------------------
# mbox line = line number inside the mbox/patch file (the '+' line);
# result line = line in the file after applying the whole mbox to a fresh
# copy of linux-4.19-shape (done in a scratch repo under /tmp).
apply_mbox() {
  local m=$1 d
  d=$(mktemp -d /tmp/mmhp-tab.XXXX)
  cp -r linux-4.19-shape/. "$d"/
  (cd "$d" && git init -q && git add -A &&
   git -c user.name=x -c user.email=x@y commit -qm base &&
   mkdir split && git mailsplit -osplit "$OLDPWD/$m" >/dev/null &&
   for f in split/*; do
     grep -q '^diff --git' "$f" && git -c user.name=x -c user.email=x@y am -q "$f"
   done; rm -rf split)
  echo "$d"
}
row() { # mbox pattern resultfile what
  local m=$1 pat=$2 file=$3 what=$4 d=$5 ml rl
  ml=$(grep -nF -- "+$pat" "$m" | cut -d: -f1 | paste -sd, -)
  rl=$(grep -nF -- "$pat" "$d/$file" | cut -d: -f1 | paste -sd, -)
  echo "| \`$m\` | $ml | \`$file\`:$rl | $what |"
}
echo "### series and variants"
echo
echo "| mbox / patch | mbox line(s) of the + line | result file:line | what |"
echo "|---|---|---|---|"
d=$(apply_mbox series/add-device-memory.mbox)
row series/add-device-memory.mbox "	zone = page_zone(pfn_to_page(start_pfn));" mm/memory_hotplug.c "del_device_memory reads the memmap of the first pfn (altmap reserve not skipped)" "$d"
row series/add-device-memory.mbox "	ret = add_device_memory(nid, align_start, align_size, NULL," mm/hmm.c "hmm_devmem_pages_create -> add_device_memory" "$d"
row series/add-device-memory.mbox "	error = add_device_memory(nid, align_start, align_size, altmap, true);" kernel/memremap.c "devm_memremap_pages -> add_device_memory (called inside mem_hotplug_begin/done)" "$d"
row series/add-device-memory.mbox "	del_device_memory(dev_to_node(dev), align_start, align_size," kernel/memremap.c "devm_memremap_pages_release -> del_device_memory" "$d"
row series/add-device-memory.mbox "	del_device_memory(dev_to_node(dev), start_pfn << PAGE_SHIFT," mm/hmm.c "hmm_devmem_release -> del_device_memory" "$d"
row series/add-device-memory.mbox "	lockdep_assert_held(&mem_hotplug_lock);" mm/memory_hotplug.c "lockdep_assert_held in both helpers" "$d"
row series/add-device-memory.mbox "		ret = kasan_add_zero_shadow(__va(start), size);" mm/memory_hotplug.c "add_device_memory sets up the KASAN shadow (under the callers' hotplug lock)" "$d"
row series/add-device-memory.mbox "			kasan_remove_zero_shadow(__va(start), size);" mm/memory_hotplug.c "add_device_memory tears the KASAN shadow down when arch_add_memory fails" "$d"
row series/add-device-memory.mbox "		kasan_remove_zero_shadow(__va(start), size);" mm/memory_hotplug.c "del_device_memory tears the KASAN shadow down (under the callers' hotplug lock; 503 is the error path above)" "$d"
row series/add-device-memory.mbox "		move_pfn_range_to_zone(zone, start_pfn, nr_pages, altmap);" mm/memory_hotplug.c "add_device_memory moves the range into ZONE_DEVICE" "$d"
rm -rf "$d"
d=$(apply_mbox series/variants/undeclared-pfn.mbox)
row series/variants/undeclared-pfn.mbox "	zone = page_zone(pfn_to_page(pfn));" mm/memory_hotplug.c "PLANTED: \`pfn\` is not declared in del_device_memory" "$d"
rm -rf "$d"
d=$(apply_mbox series/variants/prototype-mismatch.mbox)
row series/variants/prototype-mismatch.mbox "			     struct vmem_altmap *altmap, bool private_mem);" include/linux/memory_hotplug.h "PLANTED: prototype of add_device_memory says private_mem" "$d"
row series/variants/prototype-mismatch.mbox "			      struct vmem_altmap *altmap, bool private_mem);" include/linux/memory_hotplug.h "PLANTED: prototype of del_device_memory says private_mem" "$d"
row series/variants/prototype-mismatch.mbox "		      struct vmem_altmap *altmap, bool mapping)" mm/memory_hotplug.c "definition of add_device_memory says mapping (inverse meaning)" "$d"
row series/variants/prototype-mismatch.mbox "		       struct vmem_altmap *altmap, bool mapping)" mm/memory_hotplug.c "definition of del_device_memory says mapping (inverse meaning)" "$d"
rm -rf "$d"
d=$(apply_mbox series/variants/resize-after-done.mbox)
row series/variants/resize-after-done.mbox "	move_pfn_range_to_zone(&NODE_DATA(nid)->node_zones[ZONE_DEVICE]," kernel/memremap.c "PLANTED: zone resize after mem_hotplug_done() in devm_memremap_pages (hmm.c keeps it inside)" "$d"
row series/variants/resize-after-done.mbox "		move_pfn_range_to_zone(&NODE_DATA(nid)->node_zones[ZONE_DEVICE]," mm/hmm.c "control: hmm_devmem_pages_create moves the range before mem_hotplug_done()" "$d"
rm -rf "$d"
d=$(apply_mbox series/variants/hostile.patch)
row series/variants/hostile.patch "int memhp_describe_range(char *buf, size_t len, u64 start, u64 size)" mm/memory_hotplug.c "hostile strings: function head" "$d"
row series/variants/hostile.patch "	static const char tag[] = \"<script>alert(1)</script>\";" mm/memory_hotplug.c "hostile strings: <script> literal" "$d"
rm -rf "$d"
