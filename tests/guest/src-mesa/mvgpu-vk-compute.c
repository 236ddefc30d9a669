/*
 * mvgpu-vk-compute: Mesa's anv (Vulkan) on the vGPU, compute and transfer
 * only (no window system).
 *
 * Runs in the guest (mesa image, /usr/libexec/mvgpu/mvgpu-vk-compute): a
 * Vulkan 1.1 instance, the Intel physical device (the one on the -d render
 * node where VK_EXT_physical_device_drm says which that is), a device with
 * one queue of a compute-capable family, then one step per kind of work,
 * each a command buffer submitted with a fence and waited for:
 *
 *   transfer   vkCmdFillBuffer, vkCmdCopyBuffer, vkCmdUpdateBuffer with
 *              pipeline barriers between them (anv: blorp and MI stores)
 *   dispatch   a compute pipeline (the SPIR-V below) with a descriptor set
 *              and a push constant: vkCmdDispatch, then vkCmdDispatchIndirect
 *              on parameters vkCmdUpdateBuffer wrote, between timestamps
 *   query-copy vkCmdCopyQueryPoolResults of the timestamps into a buffer
 *              (64-bit, with availability, waited on the GPU)
 *
 * The soft backend skips compute commands, so buffer contents are printed,
 * not checked: a step passes when every call returns VK_SUCCESS, the fence
 * signals and the device is not lost. The device name must name Intel.
 *
 * Prints "RESULT vk-<step> PASS|FAIL <detail>" lines; exits 1 when a step
 * failed, 2 when it could not start.
 *
 *   mvgpu-vk-compute [-d /dev/dri/renderD128] [-A]
 *
 * -A: no device node, any physical device (lavapipe on a host without an
 * Intel GPU), to try the program quickly.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <vulkan/vulkan.h>

#define RESULT_PREFIX "vk-"
#include "mvgpu-result.h"

#define N 256                   /* uint32_t elements in the data buffer */
#define FENCE_NS 60000000000ull /* TCG is slow; a hang shows long before */

/*
 * The compute shader, SPIR-V 1.0 (our own data). Made from
 *
 *     #version 450
 *     layout(local_size_x = 64) in;
 *     layout(std430, set = 0, binding = 0) buffer Data { uint v[]; };
 *     layout(push_constant) uniform Push { uint add; };
 *     void main() {
 *         uint i = gl_GlobalInvocationID.x;
 *         v[i] = v[i] * 3u + add;
 *     }
 *
 * with Debian 12's glslang-tools and spirv-tools:
 * glslangValidator -V --target-env vulkan1.0 -o fill.spv fill.comp;
 * spirv-opt --strip-debug -O fill.spv -o out.spv; od -An -tx4 -v out.spv.
 */
static const uint32_t cs_spirv[] = {
    0x07230203, 0x00010000, 0x0008000b, 0x00000028, 0x00000000, 0x00020011,
    0x00000001, 0x0006000b, 0x00000001, 0x4c534c47, 0x6474732e, 0x3035342e,
    0x00000000, 0x0003000e, 0x00000000, 0x00000001, 0x0006000f, 0x00000005,
    0x00000004, 0x6e69616d, 0x00000000, 0x0000000b, 0x00060010, 0x00000004,
    0x00000011, 0x00000040, 0x00000001, 0x00000001, 0x00040047, 0x0000000b,
    0x0000000b, 0x0000001c, 0x00040047, 0x00000010, 0x00000006, 0x00000004,
    0x00050048, 0x00000011, 0x00000000, 0x00000023, 0x00000000, 0x00030047,
    0x00000011, 0x00000003, 0x00040047, 0x00000013, 0x00000022, 0x00000000,
    0x00040047, 0x00000013, 0x00000021, 0x00000000, 0x00050048, 0x0000001d,
    0x00000000, 0x00000023, 0x00000000, 0x00030047, 0x0000001d, 0x00000002,
    0x00040047, 0x00000027, 0x0000000b, 0x00000019, 0x00020013, 0x00000002,
    0x00030021, 0x00000003, 0x00000002, 0x00040015, 0x00000006, 0x00000020,
    0x00000000, 0x00040017, 0x00000009, 0x00000006, 0x00000003, 0x00040020,
    0x0000000a, 0x00000001, 0x00000009, 0x0004003b, 0x0000000a, 0x0000000b,
    0x00000001, 0x0004002b, 0x00000006, 0x0000000c, 0x00000000, 0x00040020,
    0x0000000d, 0x00000001, 0x00000006, 0x0003001d, 0x00000010, 0x00000006,
    0x0003001e, 0x00000011, 0x00000010, 0x00040020, 0x00000012, 0x00000002,
    0x00000011, 0x0004003b, 0x00000012, 0x00000013, 0x00000002, 0x00040015,
    0x00000014, 0x00000020, 0x00000001, 0x0004002b, 0x00000014, 0x00000015,
    0x00000000, 0x00040020, 0x00000018, 0x00000002, 0x00000006, 0x0004002b,
    0x00000006, 0x0000001b, 0x00000003, 0x0003001e, 0x0000001d, 0x00000006,
    0x00040020, 0x0000001e, 0x00000009, 0x0000001d, 0x0004003b, 0x0000001e,
    0x0000001f, 0x00000009, 0x00040020, 0x00000020, 0x00000009, 0x00000006,
    0x0004002b, 0x00000006, 0x00000025, 0x00000040, 0x0004002b, 0x00000006,
    0x00000026, 0x00000001, 0x0006002c, 0x00000009, 0x00000027, 0x00000025,
    0x00000026, 0x00000026, 0x00050036, 0x00000002, 0x00000004, 0x00000000,
    0x00000003, 0x000200f8, 0x00000005, 0x00050041, 0x0000000d, 0x0000000e,
    0x0000000b, 0x0000000c, 0x0004003d, 0x00000006, 0x0000000f, 0x0000000e,
    0x00060041, 0x00000018, 0x00000019, 0x00000013, 0x00000015, 0x0000000f,
    0x0004003d, 0x00000006, 0x0000001a, 0x00000019, 0x00050084, 0x00000006,
    0x0000001c, 0x0000001a, 0x0000001b, 0x00050041, 0x00000020, 0x00000021,
    0x0000001f, 0x00000015, 0x0004003d, 0x00000006, 0x00000022, 0x00000021,
    0x00050080, 0x00000006, 0x00000023, 0x0000001c, 0x00000022, 0x0003003e,
    0x00000019, 0x00000023, 0x000100fd, 0x00010038
};


/*
 * The first failing call of a step: its name and VkResult, kept until the
 * step reports. Calls after a failure are skipped by CHECK.
 */
static const char *failed_call;
static VkResult failed_res;

#define CHECK(call) \
    do { \
        if (!failed_call) { \
            VkResult r_ = (call); \
            if (r_ != VK_SUCCESS) { \
                failed_call = #call; \
                failed_res = r_; \
            } \
        } \
    } while (0)

/* Report a step: PASS with @what unless a call failed since the last one. */
static void end_step(const char *step, const char *what)
{
    if (failed_call) {
        /* The call text up to its argument list names the function. */
        result(step, false, "%.*s: VkResult %d%s",
               (int)strcspn(failed_call, "("), failed_call, failed_res,
               failed_res == VK_ERROR_DEVICE_LOST ? " (device lost)" : "");
        failed_call = NULL;
    } else {
        result(step, true, "%s", what);
    }
}

struct buffer {
    VkBuffer buf;
    VkDeviceMemory mem;
    void *map;
};

/* A host-visible, coherent buffer, mapped (small buffers; UMA on Gen9). */
static VkResult make_buffer(VkDevice dev,
                            const VkPhysicalDeviceMemoryProperties *mp,
                            VkDeviceSize size, VkBufferUsageFlags usage,
                            struct buffer *b)
{
    const VkMemoryPropertyFlags want = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT |
                                       VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
    VkBufferCreateInfo bi = {
        .sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO,
        .size = size,
        .usage = usage,
        .sharingMode = VK_SHARING_MODE_EXCLUSIVE,
    };
    VkMemoryRequirements req;
    VkResult r;
    uint32_t type;

    r = vkCreateBuffer(dev, &bi, NULL, &b->buf);
    if (r != VK_SUCCESS) {
        return r;
    }
    vkGetBufferMemoryRequirements(dev, b->buf, &req);
    for (type = 0; type < mp->memoryTypeCount; type++) {
        if ((req.memoryTypeBits & (1u << type)) &&
            (mp->memoryTypes[type].propertyFlags & want) == want) {
            break;
        }
    }
    if (type == mp->memoryTypeCount) {
        return VK_ERROR_FEATURE_NOT_PRESENT;
    }
    VkMemoryAllocateInfo ai = {
        .sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO,
        .allocationSize = req.size,
        .memoryTypeIndex = type,
    };
    r = vkAllocateMemory(dev, &ai, NULL, &b->mem);
    if (r == VK_SUCCESS) {
        r = vkBindBufferMemory(dev, b->buf, b->mem, 0);
    }
    if (r == VK_SUCCESS) {
        r = vkMapMemory(dev, b->mem, 0, VK_WHOLE_SIZE, 0, &b->map);
    }
    return r;
}

static void free_buffer(VkDevice dev, struct buffer *b)
{
    if (b->mem) {
        vkFreeMemory(dev, b->mem, NULL);
    }
    vkDestroyBuffer(dev, b->buf, NULL);
}

/* A barrier making @src's writes visible to @dst (one global barrier). */
static void barrier(VkCommandBuffer cb, VkPipelineStageFlags src_stage,
                    VkAccessFlags src, VkPipelineStageFlags dst_stage,
                    VkAccessFlags dst)
{
    VkMemoryBarrier mb = {
        .sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER,
        .srcAccessMask = src,
        .dstAccessMask = dst,
    };

    vkCmdPipelineBarrier(cb, src_stage, dst_stage, 0, 1, &mb, 0, NULL, 0, NULL);
}

/* Submit @cb alone with @fence, wait for it, reset both for the next step. */
static void submit_wait(VkDevice dev, VkQueue q, VkCommandBuffer cb,
                        VkFence fence)
{
    VkSubmitInfo si = {
        .sType = VK_STRUCTURE_TYPE_SUBMIT_INFO,
        .commandBufferCount = 1,
        .pCommandBuffers = &cb,
    };

    CHECK(vkEndCommandBuffer(cb));
    CHECK(vkQueueSubmit(q, 1, &si, fence));
    CHECK(vkWaitForFences(dev, 1, &fence, VK_TRUE, FENCE_NS));
    CHECK(vkResetFences(dev, 1, &fence));
    CHECK(vkResetCommandBuffer(cb, 0));
}

static void begin(VkCommandBuffer cb)
{
    VkCommandBufferBeginInfo bi = {
        .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO,
        .flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT,
    };

    CHECK(vkBeginCommandBuffer(cb, &bi));
}

/* Whether @pd lists device extension @name. */
static bool has_dev_ext(VkPhysicalDevice pd, const char *name)
{
    VkExtensionProperties ext[256];
    uint32_t n = 256;

    if (vkEnumerateDeviceExtensionProperties(pd, NULL, &n, ext) < 0) {
        return false;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (!strcmp(ext[i].extensionName, name)) {
            return true;
        }
    }
    return false;
}

int main(int argc, char **argv)
{
    const char *devpath = "/dev/dri/renderD128";
    bool any = false;
    struct stat node;
    char log[512];
    int opt;

    while ((opt = getopt(argc, argv, "d:A")) != -1) {
        switch (opt) {
        case 'd':
            devpath = optarg;
            break;
        case 'A':
            any = true;
            break;
        default:
            fprintf(stderr, "usage: %s [-d DEVICE] [-A]\n", argv[0]);
            return 2;
        }
    }
    if (!any && stat(devpath, &node) < 0) {
        result("device", false, "%s: %s", devpath, strerror(errno));
        return 2;
    }

    /* Instance: Vulkan 1.1 (VkPhysicalDeviceProperties2 for the DRM query). */
    VkApplicationInfo app = {
        .sType = VK_STRUCTURE_TYPE_APPLICATION_INFO,
        .pApplicationName = "mvgpu-vk-compute",
        .apiVersion = VK_API_VERSION_1_1,
    };
    VkInstanceCreateInfo ici = {
        .sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO,
        .pApplicationInfo = &app,
    };
    VkInstance inst;
    uint32_t loader_version = VK_API_VERSION_1_0;
    VkResult r = vkCreateInstance(&ici, NULL, &inst);
    if (r != VK_SUCCESS) {
        result("instance", false, "vkCreateInstance: VkResult %d", r);
        return 2;
    }
    vkEnumerateInstanceVersion(&loader_version);
    result("instance", true, "loader Vulkan %u.%u.%u",
           VK_API_VERSION_MAJOR(loader_version),
           VK_API_VERSION_MINOR(loader_version),
           VK_API_VERSION_PATCH(loader_version));

    /*
     * The physical device: an Intel one; with VK_EXT_physical_device_drm,
     * the one whose render node is @devpath.
     */
    VkPhysicalDevice pds[8], pd = VK_NULL_HANDLE;
    VkPhysicalDeviceProperties props;
    uint32_t npd = 8;
    bool drm_matched = false;
    r = vkEnumeratePhysicalDevices(inst, &npd, pds);
    if (r < 0) {
        result("physical-device", false, "vkEnumeratePhysicalDevices: "
               "VkResult %d", r);
        return 2;
    }
    for (uint32_t i = 0; i < npd && pd == VK_NULL_HANDLE; i++) {
        VkPhysicalDeviceDrmPropertiesEXT drm = {
            .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRM_PROPERTIES_EXT,
        };
        VkPhysicalDeviceProperties2 p2 = {
            .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2,
        };
        bool has_drm = has_dev_ext(pds[i], VK_EXT_PHYSICAL_DEVICE_DRM_EXTENSION_NAME);

        if (has_drm) {
            p2.pNext = &drm;
        }
        vkGetPhysicalDeviceProperties2(pds[i], &p2);
        if (any) {
            pd = pds[i];
        } else if (p2.properties.vendorID == 0x8086 &&
                   strstr(p2.properties.deviceName, "Intel")) {
            if (!has_drm) {
                pd = pds[i];
            } else if (drm.hasRender &&
                       drm.renderMajor == (int64_t)major(node.st_rdev) &&
                       drm.renderMinor == (int64_t)minor(node.st_rdev)) {
                pd = pds[i];
                drm_matched = true;
            }
        }
        props = p2.properties;
    }
    if (pd == VK_NULL_HANDLE) {
        result("physical-device", false, "no Intel device%s among %u",
               any ? "" : " on the render node", npd);
        return 2;
    }
    result("physical-device", true, "%s, Vulkan %u.%u.%u, driver version "
           "0x%x%s", props.deviceName, VK_API_VERSION_MAJOR(props.apiVersion),
           VK_API_VERSION_MINOR(props.apiVersion),
           VK_API_VERSION_PATCH(props.apiVersion), props.driverVersion,
           drm_matched ? ", render node matched" : "");

    /* The device: one queue of the first family that computes. */
    VkQueueFamilyProperties qf[16];
    uint32_t nqf = 16, family;
    vkGetPhysicalDeviceQueueFamilyProperties(pd, &nqf, qf);
    for (family = 0; family < nqf; family++) {
        if (qf[family].queueFlags & VK_QUEUE_COMPUTE_BIT) {
            break;
        }
    }
    if (family == nqf) {
        result("logical-device", false, "no compute queue family among %u", nqf);
        return 2;
    }
    const float prio = 1.0f;
    VkDeviceQueueCreateInfo qci = {
        .sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO,
        .queueFamilyIndex = family,
        .queueCount = 1,
        .pQueuePriorities = &prio,
    };
    VkDeviceCreateInfo dci = {
        .sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO,
        .queueCreateInfoCount = 1,
        .pQueueCreateInfos = &qci,
    };
    VkDevice dev;
    r = vkCreateDevice(pd, &dci, NULL, &dev);
    if (r != VK_SUCCESS) {
        result("logical-device", false, "vkCreateDevice: VkResult %d", r);
        return 2;
    }
    VkQueue queue;
    vkGetDeviceQueue(dev, family, 0, &queue);
    result("logical-device", true, "queue family %u (flags 0x%x, %u timestamp bits)",
           family, qf[family].queueFlags, qf[family].timestampValidBits);

    /* What every step uses: buffers, a command buffer, a fence. */
    VkPhysicalDeviceMemoryProperties mp;
    struct buffer data = { 0 }, staging = { 0 }, indirect = { 0 },
                  stamps = { 0 };
    VkCommandPool pool = VK_NULL_HANDLE;
    VkCommandBuffer cb = VK_NULL_HANDLE;
    VkFence fence = VK_NULL_HANDLE;
    vkGetPhysicalDeviceMemoryProperties(pd, &mp);
    CHECK(make_buffer(dev, &mp, N * 4, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT |
                      VK_BUFFER_USAGE_TRANSFER_SRC_BIT |
                      VK_BUFFER_USAGE_TRANSFER_DST_BIT, &data));
    CHECK(make_buffer(dev, &mp, N * 4, VK_BUFFER_USAGE_TRANSFER_SRC_BIT |
                      VK_BUFFER_USAGE_TRANSFER_DST_BIT, &staging));
    CHECK(make_buffer(dev, &mp, 16, VK_BUFFER_USAGE_INDIRECT_BUFFER_BIT |
                      VK_BUFFER_USAGE_TRANSFER_DST_BIT, &indirect));
    CHECK(make_buffer(dev, &mp, 64, VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                      &stamps));
    VkCommandPoolCreateInfo pci = {
        .sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
        .flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT,
        .queueFamilyIndex = family,
    };
    CHECK(vkCreateCommandPool(dev, &pci, NULL, &pool));
    VkCommandBufferAllocateInfo cai = {
        .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
        .commandPool = pool,
        .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
        .commandBufferCount = 1,
    };
    CHECK(vkAllocateCommandBuffers(dev, &cai, &cb));
    VkFenceCreateInfo fci = { .sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO };
    CHECK(vkCreateFence(dev, &fci, NULL, &fence));
    if (failed_call) {
        end_step("setup", "");
        return 2;
    }

    /*
     * Transfers: fill the staging buffer, copy it into the data buffer,
     * overwrite a piece of it inline; each waits for the one before.
     */
    static const uint32_t inline_words[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    begin(cb);
    vkCmdFillBuffer(cb, staging.buf, 0, VK_WHOLE_SIZE, 0x01010101);
    barrier(cb, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
            VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_READ_BIT);
    VkBufferCopy region = { .srcOffset = 0, .dstOffset = 0, .size = N * 4 };
    vkCmdCopyBuffer(cb, staging.buf, data.buf, 1, &region);
    barrier(cb, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
            VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT);
    vkCmdUpdateBuffer(cb, data.buf, 64, sizeof(inline_words), inline_words);
    vkCmdFillBuffer(cb, staging.buf, 512, 256, 0xcafef00d);
    barrier(cb, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
            VK_PIPELINE_STAGE_HOST_BIT, VK_ACCESS_HOST_READ_BIT);
    submit_wait(dev, queue, cb, fence);
    snprintf(log, sizeof(log), "fill 1 KiB, copy 1 KiB, update 32 bytes, "
             "fill 256 bytes; data[0] 0x%08x data[16] 0x%08x (not checked)",
             ((uint32_t *)data.map)[0], ((uint32_t *)data.map)[16]);
    end_step("transfer", log);

    /* The compute pipeline: one storage buffer, one push constant. */
    VkShaderModule module = VK_NULL_HANDLE;
    VkDescriptorSetLayout dsl = VK_NULL_HANDLE;
    VkPipelineLayout layout = VK_NULL_HANDLE;
    VkPipeline pipe = VK_NULL_HANDLE;
    VkDescriptorPool dpool = VK_NULL_HANDLE;
    VkDescriptorSet set = VK_NULL_HANDLE;
    VkShaderModuleCreateInfo smi = {
        .sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO,
        .codeSize = sizeof(cs_spirv),
        .pCode = cs_spirv,
    };
    CHECK(vkCreateShaderModule(dev, &smi, NULL, &module));
    VkDescriptorSetLayoutBinding binding = {
        .binding = 0,
        .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
        .descriptorCount = 1,
        .stageFlags = VK_SHADER_STAGE_COMPUTE_BIT,
    };
    VkDescriptorSetLayoutCreateInfo dsli = {
        .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO,
        .bindingCount = 1,
        .pBindings = &binding,
    };
    CHECK(vkCreateDescriptorSetLayout(dev, &dsli, NULL, &dsl));
    VkPushConstantRange pcr = {
        .stageFlags = VK_SHADER_STAGE_COMPUTE_BIT,
        .size = 4,
    };
    VkPipelineLayoutCreateInfo pli = {
        .sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO,
        .setLayoutCount = 1,
        .pSetLayouts = &dsl,
        .pushConstantRangeCount = 1,
        .pPushConstantRanges = &pcr,
    };
    CHECK(vkCreatePipelineLayout(dev, &pli, NULL, &layout));
    VkComputePipelineCreateInfo cpi = {
        .sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO,
        .stage = {
            .sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO,
            .stage = VK_SHADER_STAGE_COMPUTE_BIT,
            .module = module,
            .pName = "main",
        },
        .layout = layout,
    };
    CHECK(vkCreateComputePipelines(dev, VK_NULL_HANDLE, 1, &cpi, NULL, &pipe));
    VkDescriptorPoolSize dps = {
        .type = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
        .descriptorCount = 1,
    };
    VkDescriptorPoolCreateInfo dpi = {
        .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO,
        .maxSets = 1,
        .poolSizeCount = 1,
        .pPoolSizes = &dps,
    };
    CHECK(vkCreateDescriptorPool(dev, &dpi, NULL, &dpool));
    VkDescriptorSetAllocateInfo dsai = {
        .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO,
        .descriptorPool = dpool,
        .descriptorSetCount = 1,
        .pSetLayouts = &dsl,
    };
    CHECK(vkAllocateDescriptorSets(dev, &dsai, &set));
    if (!failed_call) {
        VkDescriptorBufferInfo dbi = { data.buf, 0, VK_WHOLE_SIZE };
        VkWriteDescriptorSet w = {
            .sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET,
            .dstSet = set,
            .descriptorCount = 1,
            .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
            .pBufferInfo = &dbi,
        };
        vkUpdateDescriptorSets(dev, 1, &w, 0, NULL);
    }
    end_step("pipeline", "SPIR-V module, descriptor set, compute pipeline");

    /*
     * Dispatches between timestamps: a direct one, then an indirect one
     * whose group counts vkCmdUpdateBuffer writes in the same submission.
     */
    VkQueryPool qpool = VK_NULL_HANDLE;
    VkQueryPoolCreateInfo qpi = {
        .sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO,
        .queryType = VK_QUERY_TYPE_TIMESTAMP,
        .queryCount = 3,
    };
    CHECK(vkCreateQueryPool(dev, &qpi, NULL, &qpool));
    if (pipe != VK_NULL_HANDLE && qpool != VK_NULL_HANDLE) {
        static const uint32_t groups[3] = { N / 64, 1, 1 };
        uint32_t add = 7;

        begin(cb);
        vkCmdResetQueryPool(cb, qpool, 0, 3);
        vkCmdUpdateBuffer(cb, indirect.buf, 0, sizeof(groups), groups);
        vkCmdWriteTimestamp(cb, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, qpool, 0);
        vkCmdBindPipeline(cb, VK_PIPELINE_BIND_POINT_COMPUTE, pipe);
        vkCmdBindDescriptorSets(cb, VK_PIPELINE_BIND_POINT_COMPUTE, layout, 0,
                                1, &set, 0, NULL);
        vkCmdPushConstants(cb, layout, VK_SHADER_STAGE_COMPUTE_BIT, 0, 4, &add);
        vkCmdDispatch(cb, N / 64, 1, 1);
        vkCmdWriteTimestamp(cb, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, qpool, 1);
        barrier(cb, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT |
                VK_PIPELINE_STAGE_TRANSFER_BIT,
                VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT,
                VK_PIPELINE_STAGE_DRAW_INDIRECT_BIT |
                VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
                VK_ACCESS_INDIRECT_COMMAND_READ_BIT |
                VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT);
        add = 11;
        vkCmdPushConstants(cb, layout, VK_SHADER_STAGE_COMPUTE_BIT, 0, 4, &add);
        vkCmdDispatchIndirect(cb, indirect.buf, 0);
        vkCmdWriteTimestamp(cb, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, qpool, 2);
        barrier(cb, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
                VK_ACCESS_SHADER_WRITE_BIT, VK_PIPELINE_STAGE_HOST_BIT,
                VK_ACCESS_HOST_READ_BIT);
        submit_wait(dev, queue, cb, fence);

        uint64_t ts[3] = { 0, 0, 0 };
        CHECK(vkGetQueryPoolResults(dev, qpool, 0, 3, sizeof(ts), ts,
                                    sizeof(ts[0]), VK_QUERY_RESULT_64_BIT |
                                    VK_QUERY_RESULT_WAIT_BIT));
        snprintf(log, sizeof(log), "vkCmdDispatch 4x64, vkCmdDispatchIndirect "
                 "4x64; timestamps %llu, +%llu, +%llu ticks; data[1] %u "
                 "(not checked)", (unsigned long long)ts[0],
                 (unsigned long long)(ts[1] - ts[0]),
                 (unsigned long long)(ts[2] - ts[1]),
                 ((uint32_t *)data.map)[1]);
        end_step("dispatch", log);

        /* The timestamps again, copied by the GPU with availability. */
        begin(cb);
        vkCmdCopyQueryPoolResults(cb, qpool, 0, 3, stamps.buf, 0, 16,
                                  VK_QUERY_RESULT_64_BIT |
                                  VK_QUERY_RESULT_WITH_AVAILABILITY_BIT |
                                  VK_QUERY_RESULT_WAIT_BIT);
        vkCmdCopyQueryPoolResults(cb, qpool, 1, 1, stamps.buf, 48, 4, 0);
        barrier(cb, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                VK_PIPELINE_STAGE_HOST_BIT, VK_ACCESS_HOST_READ_BIT);
        submit_wait(dev, queue, cb, fence);
        const uint64_t *s = stamps.map;
        snprintf(log, sizeof(log), "3 timestamps with availability, 64-bit: "
                 "%llu/%llu %llu/%llu %llu/%llu; one 32-bit (not checked)",
                 (unsigned long long)s[0], (unsigned long long)s[1],
                 (unsigned long long)s[2], (unsigned long long)s[3],
                 (unsigned long long)s[4], (unsigned long long)s[5]);
        end_step("query-copy", log);
    } else {
        end_step("dispatch", "");
    }

    /* The end: idle, nothing lost; then everything destroyed. */
    CHECK(vkDeviceWaitIdle(dev));
    end_step("finish", "vkDeviceWaitIdle, device not lost");

    vkDestroyQueryPool(dev, qpool, NULL);
    vkDestroyDescriptorPool(dev, dpool, NULL);
    vkDestroyPipeline(dev, pipe, NULL);
    vkDestroyPipelineLayout(dev, layout, NULL);
    vkDestroyDescriptorSetLayout(dev, dsl, NULL);
    vkDestroyShaderModule(dev, module, NULL);
    vkDestroyFence(dev, fence, NULL);
    vkDestroyCommandPool(dev, pool, NULL);
    free_buffer(dev, &stamps);
    free_buffer(dev, &indirect);
    free_buffer(dev, &staging);
    free_buffer(dev, &data);
    vkDestroyDevice(dev, NULL);
    vkDestroyInstance(inst, NULL);
    return failures ? 1 : 0;
}
