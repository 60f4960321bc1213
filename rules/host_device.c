/* host_device.c - CL211 host-device: a raw disk or a kernel interface of the
 * host (/dev/sda, /dev/nvme0n1, /dev/mem, /dev/kmsg...) is given to a service,
 * in devices: (short or long syntax) or as a bind in volumes:. */
#include <ctype.h>
#include <string.h>
#include "seckit.h"

/* NEXT: what must follow the prefix: 'a' a letter, '0' a digit, '=' nothing (exact), '*' anything. */
static const struct dev {
    const char *prefix;
    char next;
    cl_severity sev;
    const char *what;
} devs[] = {
    { "/dev/sd", 'a', CL_SEV_ERROR, "a raw disk" },
    { "/dev/hd", 'a', CL_SEV_ERROR, "a raw disk" },
    { "/dev/vd", 'a', CL_SEV_ERROR, "a raw disk" },
    { "/dev/xvd", 'a', CL_SEV_ERROR, "a raw disk" },
    { "/dev/nvme", '0', CL_SEV_ERROR, "a raw disk" },
    { "/dev/mmcblk", '0', CL_SEV_ERROR, "a raw disk" },
    { "/dev/nbd", '0', CL_SEV_ERROR, "a raw disk" },
    { "/dev/md", '0', CL_SEV_ERROR, "a raw RAID volume" },
    { "/dev/dm-", '0', CL_SEV_ERROR, "a raw device-mapper volume" },
    { "/dev/mapper/", '*', CL_SEV_ERROR, "a raw device-mapper volume" },
    { "/dev/disk/", '*', CL_SEV_ERROR, "a raw disk" },
    { "/dev/sg", '0', CL_SEV_ERROR, "a raw SCSI device" },
    { "/dev/mem", '=', CL_SEV_ERROR, "the host's physical memory" },
    { "/dev/kmem", '=', CL_SEV_ERROR, "the kernel's memory" },
    { "/dev/port", '=', CL_SEV_ERROR, "the host's I/O ports" },
    { "/dev/cpu/", '*', CL_SEV_ERROR, "the CPU's model-specific registers" },
    { "/dev/kmsg", '=', CL_SEV_WARNING, "the kernel log" },
    { "/dev/kvm", '=', CL_SEV_WARNING, "the host's hypervisor" },
    { "/dev/loop", '0', CL_SEV_WARNING, "a loop device, backed by an image file" },
    { "/dev/loop-control", '=', CL_SEV_WARNING, "the loop device control" },
};

static const struct dev *device(const char *path)
{
    if (strncmp(path, "/dev/", 5)) return NULL;
    for (size_t i = 0; i < sizeof devs / sizeof devs[0]; i++) {
        size_t n = strlen(devs[i].prefix);
        if (strncmp(path, devs[i].prefix, n)) continue;
        char c = path[n];
        if (devs[i].next == '=' ? !c : devs[i].next == '*' ? c != 0 :
            devs[i].next == 'a' ? islower((unsigned char)c) : isdigit((unsigned char)c))
            return &devs[i];
    }
    return NULL;
}

static void report(cl_rule_ctx *ctx, const sk_service *s, const cl_node *at, const char *path, const char *how)
{
    const struct dev *d = device(path);
    if (d)
        sk_sev(cl_rule_report(ctx, sk_at(ctx, s, at), "service '%s' gets host device %s (%s) %s: the container "
                  "reaches what the host keeps there around every file permission; drop it, or give the "
                  "service only the data it needs through a volume", s->name, path, d->what, how), d->sev);
}

static void check_service(cl_rule_ctx *ctx, const sk_service *s)
{
    char path[512];
    const cl_node *devices = cl_map_get(s->node, "devices");
    for (uint32_t k = 0; rk_is_seq(devices) && k < devices->u.q.n; k++) {
        const cl_node *it = devices->u.q.items[k], *at = it;
        const char *src = rk_str(it);
        size_t n = 0;
        if (src) n = strchr(src, ':') ? (size_t)(strchr(src, ':') - src) : strlen(src);
        else if (rk_is_map(it) && (src = rk_str(at = cl_map_get(it, "source")))) n = strlen(src);
        if (src && !rk_interpolated(src) && sk_path_norm(src, n, path, sizeof path))
            report(ctx, s, at, path, "in devices");
    }
    const cl_node *vols = cl_map_get(s->node, "volumes");
    for (uint32_t k = 0; rk_is_seq(vols) && k < vols->u.q.n; k++) {
        sk_mount m;
        if (sk_mount_read(rk_tree(ctx), vols->u.q.items[k], &m) && m.path[0])
            report(ctx, s, m.at, m.path, "as a bind mount");
    }
}

static void check(cl_rule_ctx *ctx) { sk_each_service(ctx, check_service); }

const cl_rule cl_rule_host_device = {
    .code = "CL211", .name = "host-device", .category = CL_CAT_SECURITY,
    .severity = CL_SEV_ERROR, .enabled = 1,
    .summary = "A service gets a raw host disk or a kernel interface (/dev/sda, /dev/mem, /dev/kmsg...)",
    .rationale = "A raw block device bypasses every file permission: whoever reads /dev/sda reads /etc/shadow, "
                 "whoever writes it rewrites any file of the host. /dev/mem, /dev/kmem, /dev/port and "
                 "/dev/cpu/*/msr reach the memory and hardware of the host directly. Rests on CIS Docker "
                 "Benchmark 5.17 (Ensure that host devices are not directly exposed to containers).\n\n"
                 "Errors: disks and volumes (/dev/sd*, /dev/hd*, /dev/vd*, /dev/xvd*, /dev/nvme*, /dev/mmcblk*, "
                 "/dev/nbd*, /dev/md*, /dev/dm-*, /dev/mapper/*, /dev/disk/*, /dev/sg*), /dev/mem, /dev/kmem, "
                 "/dev/port, /dev/cpu/*. Warnings: /dev/kmsg (the kernel log: kernel addresses, and forged "
                 "entries), /dev/kvm, /dev/loop*, /dev/loop-control. Given in devices: (short or long syntax) "
                 "or bind-mounted in volumes:. Not reported: GPUs (/dev/dri, /dev/nvidia*), serial and USB "
                 "adapters (/dev/ttyUSB0, /dev/ttyACM0, /dev/bus/usb), sound (/dev/snd), video (/dev/video0), "
                 "/dev/fuse, /dev/net/tun: giving them is their point and they do not reach the host's data. "
                 "The whole /dev folder is sensitive-host-mount's.",
    .bad_example = "services:\n  cadvisor:\n    image: cadvisor:0.49\n    devices:\n      - /dev/kmsg\n"
                   "  backup:\n    image: backup:1\n    devices: [\"/dev/sda:/dev/sda\"]\n",
    .good_example = "services:\n  transcoder:\n    image: jellyfin:10\n    devices:\n      - /dev/dri:/dev/dri\n",
    .options = NULL, .fix = CL_FIX_NONE, .check = check, .needs_project = 1,
};
