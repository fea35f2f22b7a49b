#define _GNU_SOURCE
/*
 * The entry points Fluent Bit looks up in vivo_java.so (host-abi.md 1.3), each a few lines calling the
 * files beside it. The flush path has no Java and no JNI in it: it copies the chunk into the instance's
 * queue and returns; a Java thread pulls from that queue (bridge.c).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "bridge.h"
#include "host.h"
#include "host_abi.h"
#include "instance.h"
#include "jvm.h"

#define STOP_TIMEOUT_S 10   /* how long ExitCtx waits for Java to drain and stop the instance */

static struct {
    pthread_mutex_t lock;
    unsigned        generation;        /* one per FLBPluginRegister: the first load, then each hot reload */
    int             instances;         /* Init calls in this generation, for the names vivo_java.<n> */
    unsigned        started_generation;
    int             last_pre_exit_for_reload;
    int             event_types;       /* what Register wrote into event_type, 0 when it did not */
    const char     *event_types_why;
    int             event_types_told;
    int             hot_reload;        /* PreRun was told hot reload is enabled */
    int             workers_warned;    /* the warning of worker_flush_with_hot_reload, once per process */
} shim = { .lock = PTHREAD_MUTEX_INITIALIZER };

VJ_EXPORT int FLBPluginRegister(struct flb_plugin_proxy_def *def)
{
    const char *why;
    int has_event_type = host_has_event_type(&why);

    /* only the 32 bytes that every host allocates, unless this host is known to have event_type */
    def->type = FLB_PROXY_OUTPUT_PLUGIN;
    def->proxy = FLB_PROXY_GOLANG;
    def->flags = 0;
    def->name = strdup("vivo_java");
    def->description = strdup("Vivo exporter in Java: the latest logs, metrics and traces over HTTP");
    if (!def->name || !def->description) {
        return -1;
    }
    if (has_event_type) {
        def->event_type = FLB_OUTPUT_LOGS | FLB_OUTPUT_METRICS | FLB_OUTPUT_TRACES;
    }

    pthread_mutex_lock(&shim.lock);
    shim.generation++;
    shim.instances = 0;
    shim.event_types = has_event_type ? def->event_type : 0;
    shim.event_types_why = why;
    pthread_mutex_unlock(&shim.lock);
    return 0;
}

static void tell_event_types(struct vj_instance *inst)
{
    if (shim.event_types_told) {
        return;
    }
    shim.event_types_told = 1;
    if (shim.event_types) {
        instance_log(inst, FLB_LOG_INFO, "receiving logs, metrics and traces (this Fluent Bit has event_type: %s)",
                     shim.event_types_why);
    }
    else {
        instance_log(inst, FLB_LOG_INFO, "receiving logs only: metrics and traces reach external plugins from "
                     "Fluent Bit 4.2.3 / 5.0.0 on (%s)", shim.event_types_why);
    }
}

VJ_EXPORT int FLBPluginInit(struct flbgo_output_plugin *plugin)
{
    /* plugin is shared by every instance and re-pointed before each Init: read it all now */
    struct flb_api *api = plugin->api;
    void *o_ins = plugin->o_ins;
    struct jvm_settings settings;
    struct vj_instance *inst;
    int index;

    pthread_mutex_lock(&shim.lock);
    index = shim.instances++;
    inst = instance_new(api, o_ins, shim.generation, index);
    if (inst) {
        tell_event_types(inst);
    }
    pthread_mutex_unlock(&shim.lock);
    if (!inst) {
        api->log_print(FLB_LOG_ERROR, __FILE__, __LINE__, "[output:vivo_java:vivo_java.%d] out of memory",
                       index);
        return -1;
    }

    settings.java_home = api->output_get_property("java_home", o_ins);
    settings.jar_path = api->output_get_property("jar_path", o_ins);
    settings.jvm_options = api->output_get_property("jvm_options", o_ins);
    settings.stream_queue_size = api->output_get_property("stream_queue_size", o_ins);

    if (jvm_start_instance(inst, &settings) != 0) {
        /* Fluent Bit keeps no pointer to a failed instance: if Java still holds it, Java frees it */
        instance_after(inst, instance_host_lets_go(inst));
        return -1;
    }
    plugin->context->remote_context = inst;
    return FLB_OK;
}

/*
 * At an instance's first flush: when it runs on an output worker thread (workers >= 1; Fluent Bit names
 * them flb-out-<instance>-w<i>), hot reload is enabled and the host is a 5.x, warn once: Fluent Bit
 * 5.1.1 crashes in its output worker within a few hot reloads then, whatever the plugin (README).
 */
static void worker_flush_with_hot_reload(struct vj_instance *inst)
{
    char thread[17] = "";
    const char *why;
    int warn;

    if (__atomic_exchange_n(&inst->first_flush_seen, 1, __ATOMIC_RELAXED)) {
        return;
    }
    prctl(PR_GET_NAME, thread);
    if (strncmp(thread, "flb-out-", 8) != 0) {
        return;
    }
    pthread_mutex_lock(&shim.lock);
    warn = shim.hot_reload && !shim.workers_warned;
    shim.workers_warned |= warn;
    pthread_mutex_unlock(&shim.lock);
    if (warn && host_is_5x(&why)) {
        instance_log(inst, FLB_LOG_WARN, "flushes run on output worker threads (workers >= 1) and hot reload is on: "
                     "Fluent Bit 5.1.1 crashes in its output worker within a few hot reloads then (a host bug; "
                     "this host is a 5.x: %s); set workers 0 on this [OUTPUT]", why);
    }
}

VJ_EXPORT int FLBPluginFlushCtx(void *remote_context, const void *data, size_t size, char *tag)
{
    struct vj_instance *inst = remote_context;

    if (!inst) {
        return FLB_ERROR;
    }
    if (!__atomic_load_n(&inst->first_flush_seen, __ATOMIC_RELAXED)) {
        worker_flush_with_hot_reload(inst);
    }
    return queue_push(&inst->queue, data, size, tag);
}

/* Called once per instance after all instances of a generation are initialised (v2.2.0+). */
VJ_EXPORT int FLBPluginOutputPreRun(int enable_hot_reload)
{
    unsigned generation;
    int first;

    pthread_mutex_lock(&shim.lock);
    shim.hot_reload = enable_hot_reload;
    generation = shim.generation;
    first = shim.started_generation != generation;
    shim.started_generation = generation;
    pthread_mutex_unlock(&shim.lock);
    if (first) {
        jvm_generation_started(generation);
    }
    return 0;
}

VJ_EXPORT void FLBPluginOutputPreExit(int shutdown_by_hot_reloading)
{
    pthread_mutex_lock(&shim.lock);
    shim.last_pre_exit_for_reload = shutdown_by_hot_reloading;
    pthread_mutex_unlock(&shim.lock);
}

VJ_EXPORT int FLBPluginExitCtx(void *remote_context)
{
    struct vj_instance *inst = remote_context;
    int reload;

    if (!inst) {
        return FLB_OK;
    }
    /* on a hot reload the new registration comes before the old instances exit (host-abi.md 8.3) */
    pthread_mutex_lock(&shim.lock);
    reload = inst->generation != shim.generation || shim.last_pre_exit_for_reload;
    pthread_mutex_unlock(&shim.lock);

    /* Java drains every chunk already accepted with FLB_OK, then stops the instance */
    instance_close(inst, reload);
    if (instance_wait_java_stopped(inst, STOP_TIMEOUT_S)) {
        instance_log(inst, FLB_LOG_ERROR, "Java did not stop within %d s; leaving it to finish alone",
                     STOP_TIMEOUT_S);
    }
    instance_log(inst, FLB_LOG_DEBUG, "%llu chunks accepted, %llu flushes answered retry",
                 (unsigned long long) inst->queue.pushed, (unsigned long long) inst->queue.retried);
    instance_after(inst, instance_host_lets_go(inst));
    return FLB_OK;
}

VJ_EXPORT void FLBPluginUnregister(struct flb_plugin_proxy_def *def)
{
    free(def->name);
    free(def->description);
    def->name = NULL;
    def->description = NULL;
}
