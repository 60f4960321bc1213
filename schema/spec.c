/* spec.c - the Compose Specification as the project's own constant tables:
 * every top-level element, every definition and every service property, with
 * the types, short/long alternatives (oneOf), enums, patterns, required keys,
 * bounds, uniqueItems and where `x-` extension keys are allowed.
 * Properties of each node are listed in byte order of their names (the
 * validator binary-searches them; a unit test checks the order).
 * tests/unit/test_schema.c proves it agrees with the official JSON schema. */
#include "schema.h"
#include <stddef.h>

#define NUL CL_ST_NULL
#define BOO CL_ST_BOOL
#define INT CL_ST_INT
#define NUM CL_ST_NUM
#define STR CL_ST_STR
#define OBJ CL_ST_OBJ
#define ARR CL_ST_ARR
#define CLOSED CL_SF_CLOSED
#define CX (CL_SF_CLOSED | CL_SF_XEXT)
#define UNIQ CL_SF_UNIQUE

#define S(...) (&(const cl_schema){ __VA_ARGS__ })
#define T(x) .types = (x)
#define F(x) .flags = (x)
#define P(n, s) { n, s }
#define PROPS(...) .props = (const cl_sprop[]){ __VA_ARGS__, { NULL, NULL } }, \
                   .nprops = (uint16_t)(sizeof((const cl_sprop[]){ __VA_ARGS__ }) / sizeof(cl_sprop))
#define PATS(...) .pprops = (const cl_spat[]){ __VA_ARGS__, { NULL, NULL } }
#define ITEMS(s) .items = (s)
#define ONEOF(...) .oneof = (const cl_schema *const[]){ __VA_ARGS__, NULL }
#define ENUM(...) .enums = (const char *const[]){ __VA_ARGS__, NULL }
#define REQ(...) .required = (const char *const[]){ __VA_ARGS__, NULL }
#define PAT(p) .pattern = (p)
#define DEF(n) .name = (n)

/* ---- patterns of the spec ---- */
static cl_pattern re_name = { "^[a-zA-Z0-9._-]+$", NULL };      /* resource and service names */
static cl_pattern re_any = { ".+", NULL };                       /* list_or_dict, extra_hosts keys */
static cl_pattern re_any_anch = { "^.+$", NULL };                /* driver_opts, options keys */
static cl_pattern re_ulimit = { "^[a-z]+$", NULL };
static cl_pattern re_container_name = { "[a-zA-Z0-9][a-zA-Z0-9_.-]+", NULL };
static cl_pattern re_pull_policy = {
    "always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+", NULL };

/* ---- leaves ---- */
static const cl_schema s_str = { T(STR) };
static const cl_schema s_bool = { T(BOO) };
static const cl_schema s_num = { T(NUM) };
static const cl_schema s_int = { T(INT) };
static const cl_schema s_null = { T(NUL) };
static const cl_schema s_obj = { T(OBJ) };
static const cl_schema s_bool_str = { T(BOO | STR) };
static const cl_schema s_num_str = { T(NUM | STR) };
static const cl_schema s_int_str = { T(INT | STR) };
static const cl_schema s_str_null = { T(STR | NUL) };
static const cl_schema s_str_list = { T(ARR), ITEMS(&s_str) };
static const cl_schema s_str_set = { T(ARR), F(UNIQ), ITEMS(&s_str) };
static const cl_schema s_opts = { T(OBJ), PATS({ &re_any_anch, &s_num_str }) }; /* driver_opts */

/* ---- definitions (forward declarations: tentative definitions) ---- */
static const cl_schema d_service, d_healthcheck, d_development, d_deployment, d_generic_resources,
    d_devices, d_gpus, d_include, d_network, d_volume, d_secret, d_config, d_model, d_command,
    d_service_hook, d_env_file, d_label_file, d_string_or_list, d_list_of_strings, d_list_or_dict,
    d_extra_hosts, d_blkio_limit, d_blkio_weight, d_service_config_or_secret, d_ulimits;

/* ---- the compose file ---- */
static const cl_schema s_compose = {
    DEF("compose"), T(OBJ), F(CX),
    PROPS(P("configs", S(T(OBJ), F(CLOSED), PATS({ &re_name, &d_config }))),
          P("include", S(T(ARR), ITEMS(&d_include))),
          P("models", S(T(OBJ), PATS({ &re_name, &d_model }))),
          P("name", &s_str),
          P("networks", S(T(OBJ), PATS({ &re_name, &d_network }))),
          P("secrets", S(T(OBJ), F(CLOSED), PATS({ &re_name, &d_secret }))),
          P("services", S(T(OBJ), F(CLOSED), PATS({ &re_name, &d_service }))),
          P("version", &s_str),
          P("volumes", S(T(OBJ), F(CLOSED), PATS({ &re_name, &d_volume })))),
};

/* ---- a service: its 92 properties ---- */
static const cl_schema s_build_long = {
    T(OBJ), F(CX),
    PROPS(P("additional_contexts", &d_list_or_dict), P("args", &d_list_or_dict),
          P("cache_from", &s_str_list), P("cache_to", &s_str_list), P("context", &s_str),
          P("dockerfile", &s_str), P("dockerfile_inline", &s_str), P("entitlements", &s_str_list),
          P("extra_hosts", &d_extra_hosts), P("isolation", &s_str), P("labels", &d_list_or_dict),
          P("network", &s_str), P("no_cache", &s_bool_str), P("platforms", &s_str_list),
          P("privileged", &s_bool_str), P("provenance", &s_bool_str), P("pull", &s_bool_str),
          P("sbom", &s_bool_str), P("secrets", &d_service_config_or_secret), P("shm_size", &s_int_str),
          P("ssh", &d_list_or_dict), P("tags", &s_str_list), P("target", &s_str),
          P("ulimits", &d_ulimits)),
};

static const cl_schema s_blkio_config = {
    T(OBJ), F(CLOSED),
    PROPS(P("device_read_bps", S(T(ARR), ITEMS(&d_blkio_limit))),
          P("device_read_iops", S(T(ARR), ITEMS(&d_blkio_limit))),
          P("device_write_bps", S(T(ARR), ITEMS(&d_blkio_limit))),
          P("device_write_iops", S(T(ARR), ITEMS(&d_blkio_limit))),
          P("weight", &s_int_str),
          P("weight_device", S(T(ARR), ITEMS(&d_blkio_weight)))),
};

static const cl_schema s_depends_on_long = {
    T(OBJ), F(CLOSED),
    PATS({ &re_name, S(T(OBJ), F(CX), REQ("condition"),
                       PROPS(P("condition", S(T(STR), ENUM("service_started", "service_healthy",
                                                           "service_completed_successfully"))),
                             P("required", &s_bool), P("restart", &s_bool_str))) }),
};

static const cl_schema s_device_long = {
    T(OBJ), F(CX), REQ("source"),
    PROPS(P("permissions", &s_str), P("source", &s_str), P("target", &s_str)),
};

static const cl_schema s_network_attach = {
    T(OBJ), F(CX),
    PROPS(P("aliases", &d_list_of_strings), P("driver_opts", &s_opts), P("gw_priority", &s_num),
          P("interface_name", &s_str), P("ipv4_address", &s_str), P("ipv6_address", &s_str),
          P("link_local_ips", &d_list_of_strings), P("mac_address", &s_str), P("priority", &s_num)),
};

static const cl_schema s_port_long = {
    T(OBJ), F(CX),
    PROPS(P("app_protocol", &s_str), P("host_ip", &s_str), P("mode", &s_str), P("name", &s_str),
          P("protocol", &s_str), P("published", &s_int_str), P("target", &s_int_str)),
};

static const cl_schema s_volume_mount = {
    T(OBJ), F(CX), REQ("type"),
    PROPS(P("bind", S(T(OBJ), F(CX),
                      PROPS(P("create_host_path", &s_bool_str), P("propagation", &s_str),
                            P("recursive", S(T(STR), ENUM("enabled", "disabled", "writable", "readonly"))),
                            P("selinux", S(T(STR), ENUM("z", "Z")))))),
          P("consistency", &s_str),
          P("image", S(T(OBJ), F(CX), PROPS(P("subpath", &s_str)))),
          P("read_only", &s_bool_str),
          P("source", &s_str),
          P("target", &s_str),
          P("tmpfs", S(T(OBJ), F(CX),
                       PROPS(P("mode", &s_num_str),
                             P("size", S(ONEOF(S(T(INT), F(CL_SF_MIN), .min = 0), &s_str)))))),
          P("type", S(T(STR), ENUM("bind", "volume", "tmpfs", "cluster", "npipe", "image"))),
          P("volume", S(T(OBJ), F(CX),
                        PROPS(P("labels", &d_list_or_dict), P("nocopy", &s_bool_str),
                              P("subpath", &s_str))))),
};

static const cl_schema d_service = {
    DEF("service"), T(OBJ), F(CX),
    PROPS(P("annotations", &d_list_or_dict),
          P("attach", &s_bool_str),
          P("blkio_config", &s_blkio_config),
          P("build", S(ONEOF(&s_str, &s_build_long))),
          P("cap_add", &s_str_set),
          P("cap_drop", &s_str_set),
          P("cgroup", S(T(STR), ENUM("host", "private"))),
          P("cgroup_parent", &s_str),
          P("command", &d_command),
          P("configs", &d_service_config_or_secret),
          P("container_name", S(T(STR), PAT(&re_container_name))),
          P("cpu_count", S(ONEOF(&s_str, S(T(INT), F(CL_SF_MIN), .min = 0)))),
          P("cpu_percent", S(ONEOF(&s_str, S(T(INT), F(CL_SF_MIN | CL_SF_MAX), .min = 0, .max = 100)))),
          P("cpu_period", &s_num_str),
          P("cpu_quota", &s_num_str),
          P("cpu_rt_period", &s_num_str),
          P("cpu_rt_runtime", &s_num_str),
          P("cpu_shares", &s_num_str),
          P("cpus", &s_num_str),
          P("cpuset", &s_str),
          P("credential_spec", S(T(OBJ), F(CX),
                                 PROPS(P("config", &s_str), P("file", &s_str), P("registry", &s_str)))),
          P("depends_on", S(ONEOF(&d_list_of_strings, &s_depends_on_long))),
          P("deploy", &d_deployment),
          P("develop", &d_development),
          P("device_cgroup_rules", &d_list_of_strings),
          P("devices", S(T(ARR), ITEMS(S(ONEOF(&s_str, &s_device_long))))),
          P("dns", &d_string_or_list),
          P("dns_opt", &s_str_set),
          P("dns_search", &d_string_or_list),
          P("domainname", &s_str),
          P("entrypoint", &d_command),
          P("env_file", &d_env_file),
          P("environment", &d_list_or_dict),
          P("expose", S(T(ARR), F(UNIQ), ITEMS(S(T(STR | NUM))))),
          P("extends", S(ONEOF(&s_str, S(T(OBJ), F(CLOSED), REQ("service"),
                                         PROPS(P("file", &s_str), P("service", &s_str)))))),
          P("external_links", &s_str_set),
          P("extra_hosts", &d_extra_hosts),
          P("gpus", &d_gpus),
          P("group_add", S(T(ARR), F(UNIQ), ITEMS(S(T(STR | NUM))))),
          P("healthcheck", &d_healthcheck),
          P("hostname", &s_str),
          P("image", &s_str),
          P("init", &s_bool_str),
          P("ipc", &s_str),
          P("isolation", &s_str),
          P("label_file", &d_label_file),
          P("labels", &d_list_or_dict),
          P("links", &s_str_set),
          P("logging", S(T(OBJ), F(CX),
                         PROPS(P("driver", &s_str),
                               P("options", S(T(OBJ), PATS({ &re_any_anch, S(T(STR | NUM | NUL)) })))))),
          P("mac_address", &s_str),
          P("mem_limit", &s_num_str),
          P("mem_reservation", &s_int_str),
          P("mem_swappiness", &s_int_str),
          P("memswap_limit", &s_num_str),
          P("models", S(ONEOF(&d_list_of_strings,
                              S(T(OBJ), PATS({ &re_name, S(T(OBJ), F(CX),
                                                           PROPS(P("endpoint_var", &s_str),
                                                                 P("model_var", &s_str))) }))))),
          P("network_mode", &s_str),
          P("networks", S(ONEOF(&d_list_of_strings,
                                S(T(OBJ), F(CLOSED),
                                  PATS({ &re_name, S(ONEOF(&s_network_attach, &s_null)) }))))),
          P("oom_kill_disable", &s_bool_str),
          P("oom_score_adj", S(ONEOF(&s_str, S(T(INT), F(CL_SF_MIN | CL_SF_MAX), .min = -1000, .max = 1000)))),
          P("pid", &s_str_null),
          P("pids_limit", &s_num_str),
          P("platform", &s_str),
          P("ports", S(T(ARR), F(UNIQ), ITEMS(S(ONEOF(&s_num, &s_str, &s_port_long))))),
          P("post_start", S(T(ARR), ITEMS(&d_service_hook))),
          P("pre_stop", S(T(ARR), ITEMS(&d_service_hook))),
          P("privileged", &s_bool_str),
          P("profiles", &d_list_of_strings),
          P("provider", S(T(OBJ), F(CX), REQ("type"),
                          PROPS(P("options", S(T(OBJ), PATS({ &re_any_anch,
                                    S(ONEOF(S(T(STR | NUM | BOO)),
                                            S(T(ARR), ITEMS(S(T(STR | NUM | BOO)))))) }))),
                                P("type", &s_str)))),
          P("pull_policy", S(T(STR), PAT(&re_pull_policy))),
          P("pull_refresh_after", &s_str),
          P("read_only", &s_bool_str),
          P("restart", &s_str),
          P("runtime", &s_str),
          P("scale", &s_int_str),
          P("secrets", &d_service_config_or_secret),
          P("security_opt", &s_str_set),
          P("shm_size", &s_num_str),
          P("stdin_open", &s_bool_str),
          P("stop_grace_period", &s_str),
          P("stop_signal", &s_str),
          P("storage_opt", &s_obj),
          P("sysctls", &d_list_or_dict),
          P("tmpfs", &d_string_or_list),
          P("tty", &s_bool_str),
          P("ulimits", &d_ulimits),
          P("use_api_socket", &s_bool),
          P("user", &s_str),
          P("userns_mode", &s_str),
          P("uts", &s_str),
          P("volumes", S(T(ARR), F(UNIQ), ITEMS(S(ONEOF(&s_str, &s_volume_mount))))),
          P("volumes_from", &s_str_set),
          P("working_dir", &s_str)),
};

static const cl_schema d_healthcheck = {
    DEF("healthcheck"), T(OBJ), F(CX),
    PROPS(P("disable", &s_bool_str), P("interval", &s_str), P("retries", &s_num_str),
          P("start_interval", &s_str), P("start_period", &s_str),
          P("test", S(ONEOF(&s_str, &s_str_list))), P("timeout", &s_str)),
};

static const cl_schema d_development = {
    DEF("development"), T(OBJ | NUL), F(CX),
    PROPS(P("watch", S(T(ARR), ITEMS(S(T(OBJ), F(CX), REQ("path", "action"),
        PROPS(P("action", S(T(STR), ENUM("rebuild", "sync", "restart", "sync+restart", "sync+exec"))),
              P("exec", &d_service_hook), P("ignore", &d_string_or_list),
              P("include", &d_string_or_list), P("initial_sync", &s_bool), P("path", &s_str),
              P("target", &s_str))))))),
};

/* rollback_config and update_config have the same shape */
static const cl_schema s_update_config = {
    T(OBJ), F(CX),
    PROPS(P("delay", &s_str), P("failure_action", &s_str), P("max_failure_ratio", &s_num_str),
          P("monitor", &s_str), P("order", S(T(STR), ENUM("start-first", "stop-first"))),
          P("parallelism", &s_int_str)),
};

static const cl_schema d_deployment = {
    DEF("deployment"), T(OBJ | NUL), F(CX),
    PROPS(P("endpoint_mode", &s_str),
          P("labels", &d_list_or_dict),
          P("mode", &s_str),
          P("placement", S(T(OBJ), F(CX),
                           PROPS(P("constraints", &s_str_list), P("max_replicas_per_node", &s_int_str),
                                 P("preferences", S(T(ARR), ITEMS(S(T(OBJ), F(CX),
                                                                    PROPS(P("spread", &s_str))))))))),
          P("replicas", &s_int_str),
          P("resources", S(T(OBJ), F(CX),
                           PROPS(P("limits", S(T(OBJ), F(CX), PROPS(P("cpus", &s_num_str),
                                                                    P("memory", &s_str),
                                                                    P("pids", &s_int_str)))),
                                 P("reservations", S(T(OBJ), F(CX),
                                                     PROPS(P("cpus", &s_num_str), P("devices", &d_devices),
                                                           P("generic_resources", &d_generic_resources),
                                                           P("memory", &s_str))))))),
          P("restart_policy", S(T(OBJ), F(CX),
                                PROPS(P("condition", &s_str), P("delay", &s_str),
                                      P("max_attempts", &s_int_str), P("window", &s_str)))),
          P("rollback_config", &s_update_config),
          P("update_config", &s_update_config)),
};

static const cl_schema d_generic_resources = {
    DEF("generic_resources"), T(ARR),
    ITEMS(S(T(OBJ), F(CX),
            PROPS(P("discrete_resource_spec", S(T(OBJ), F(CX),
                                                PROPS(P("kind", &s_str), P("value", &s_num_str))))))),
};

static const cl_schema d_devices = {
    DEF("devices"), T(ARR),
    ITEMS(S(T(OBJ), F(CX), REQ("capabilities"),
            PROPS(P("capabilities", &d_list_of_strings), P("count", &s_int_str),
                  P("device_ids", &d_list_of_strings), P("driver", &s_str), P("options", &d_list_or_dict)))),
};

/* The official schema puts additionalProperties/patternProperties on the
 * array alternative itself, where they do nothing; the items stay open. */
static const cl_schema d_gpus = {
    DEF("gpus"),
    ONEOF(S(T(STR), ENUM("all")),
          S(T(ARR), F(CX),
            ITEMS(S(T(OBJ), PROPS(P("capabilities", &d_list_of_strings), P("count", &s_int_str),
                                  P("device_ids", &d_list_of_strings), P("driver", &s_str),
                                  P("options", &d_list_or_dict)))))),
};

static const cl_schema d_include = {
    DEF("include"),
    ONEOF(&s_str, S(T(OBJ), F(CLOSED),
                    PROPS(P("env_file", &d_string_or_list), P("path", &d_string_or_list),
                          P("project_directory", &s_str)))),
};

static const cl_schema s_external_closed = { T(BOO | STR | OBJ), F(CX), PROPS(P("name", &s_str)) };
static const cl_schema s_external_open = { T(BOO | STR | OBJ), PROPS(P("name", &s_str)) };
static const cl_schema s_str_map = { T(OBJ), F(CLOSED), PATS({ &re_any_anch, &s_str }) };

static const cl_schema d_network = {
    DEF("network"), T(OBJ | NUL), F(CX),
    PROPS(P("attachable", &s_bool_str),
          P("driver", &s_str),
          P("driver_opts", &s_opts),
          P("enable_ipv4", &s_bool_str),
          P("enable_ipv6", &s_bool_str),
          P("external", &s_external_closed),
          P("internal", &s_bool_str),
          P("ipam", S(T(OBJ), F(CX),
                      PROPS(P("config", S(T(ARR), ITEMS(S(T(OBJ), F(CX),
                                PROPS(P("aux_addresses", &s_str_map), P("gateway", &s_str),
                                      P("ip_range", &s_str), P("subnet", &s_str)))))),
                            P("driver", &s_str),
                            P("options", &s_str_map)))),
          P("labels", &d_list_or_dict),
          P("name", &s_str)),
};

static const cl_schema d_volume = {
    DEF("volume"), T(OBJ | NUL), F(CX),
    PROPS(P("driver", &s_str), P("driver_opts", &s_opts), P("external", &s_external_closed),
          P("labels", &d_list_or_dict), P("name", &s_str)),
};

static const cl_schema d_secret = {
    DEF("secret"), T(OBJ), F(CX),
    PROPS(P("driver", &s_str), P("driver_opts", &s_opts), P("environment", &s_str),
          P("external", &s_external_open), P("file", &s_str), P("labels", &d_list_or_dict),
          P("name", &s_str), P("template_driver", &s_str)),
};

static const cl_schema d_config = {
    DEF("config"), T(OBJ), F(CX),
    PROPS(P("content", &s_str), P("environment", &s_str), P("external", &s_external_open),
          P("file", &s_str), P("labels", &d_list_or_dict), P("name", &s_str),
          P("template_driver", &s_str)),
};

static const cl_schema d_model = {
    DEF("model"), T(OBJ), F(CX), REQ("model"),
    PROPS(P("context_size", &s_int), P("model", &s_str), P("name", &s_str),
          P("runtime_flags", &s_str_list)),
};

static const cl_schema d_command = { DEF("command"), ONEOF(&s_null, &s_str, &s_str_list) };

static const cl_schema d_service_hook = {
    DEF("service_hook"), T(OBJ), F(CX), REQ("command"),
    PROPS(P("command", &d_command), P("environment", &d_list_or_dict), P("privileged", &s_bool_str),
          P("user", &s_str), P("working_dir", &s_str)),
};

static const cl_schema d_env_file = {
    DEF("env_file"),
    ONEOF(&s_str, S(T(ARR), ITEMS(S(ONEOF(&s_str,
                                         S(T(OBJ), F(CLOSED), REQ("path"),
                                           PROPS(P("format", &s_str), P("path", &s_str),
                                                 P("required", &s_bool_str)))))))),
};

static const cl_schema d_label_file = { DEF("label_file"), ONEOF(&s_str, &s_str_list) };
static const cl_schema d_string_or_list = { DEF("string_or_list"), ONEOF(&s_str, &d_list_of_strings) };
static const cl_schema d_list_of_strings = { DEF("list_of_strings"), T(ARR), F(UNIQ), ITEMS(&s_str) };

static const cl_schema d_list_or_dict = {
    DEF("list_or_dict"),
    ONEOF(S(T(OBJ), F(CLOSED), PATS({ &re_any, S(T(STR | NUM | BOO | NUL)) })), &s_str_set),
};

static const cl_schema d_extra_hosts = {
    DEF("extra_hosts"),
    ONEOF(S(T(OBJ), F(CLOSED), PATS({ &re_any, S(ONEOF(&s_str, &s_str_list)) })), &s_str_set),
};

static const cl_schema d_blkio_limit = {
    DEF("blkio_limit"), T(OBJ), F(CLOSED), PROPS(P("path", &s_str), P("rate", &s_int_str)),
};

static const cl_schema d_blkio_weight = {
    DEF("blkio_weight"), T(OBJ), F(CLOSED), PROPS(P("path", &s_str), P("weight", &s_int_str)),
};

static const cl_schema d_service_config_or_secret = {
    DEF("service_config_or_secret"), T(ARR),
    ITEMS(S(ONEOF(&s_str, S(T(OBJ), F(CX),
                            PROPS(P("gid", &s_str), P("mode", &s_num_str), P("source", &s_str),
                                  P("target", &s_str), P("uid", &s_str)))))),
};

static const cl_schema d_ulimits = {
    DEF("ulimits"), T(OBJ),
    PATS({ &re_ulimit, S(ONEOF(&s_int_str, S(T(OBJ), F(CX), REQ("soft", "hard"),
                                             PROPS(P("hard", &s_int_str), P("soft", &s_int_str))))) }),
};

const cl_schema *cl_schema_compose(void) { return &s_compose; }

const cl_schema_def cl_schema_defs[] = {
    { "service", &d_service }, { "healthcheck", &d_healthcheck }, { "development", &d_development },
    { "deployment", &d_deployment }, { "generic_resources", &d_generic_resources },
    { "devices", &d_devices }, { "gpus", &d_gpus }, { "include", &d_include },
    { "network", &d_network }, { "volume", &d_volume }, { "secret", &d_secret },
    { "config", &d_config }, { "model", &d_model }, { "command", &d_command },
    { "service_hook", &d_service_hook }, { "env_file", &d_env_file }, { "label_file", &d_label_file },
    { "string_or_list", &d_string_or_list }, { "list_of_strings", &d_list_of_strings },
    { "list_or_dict", &d_list_or_dict }, { "extra_hosts", &d_extra_hosts },
    { "blkio_limit", &d_blkio_limit }, { "blkio_weight", &d_blkio_weight },
    { "service_config_or_secret", &d_service_config_or_secret }, { "ulimits", &d_ulimits },
    { NULL, NULL },
};

cl_pattern *const cl_schema_patterns[] = {
    &re_name, &re_any, &re_any_anch, &re_ulimit, &re_container_name, &re_pull_policy, NULL,
};
