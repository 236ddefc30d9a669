/*
 * mvgpu-gl-desktop: Mesa's iris through desktop OpenGL (a 4.6 core context
 * on EGL and GBM), for the paths GLES cannot reach.
 *
 * Runs in the guest (mesa image, /usr/libexec/mvgpu/mvgpu-gl-desktop) on
 * /dev/dri/renderD128: a GBM device, an EGL display, eglBindAPI
 * (EGL_OPENGL_API), a 4.6 core context (4.5 when refused) made current
 * without a surface, then one step per path:
 *
 *   cond-render      glBeginConditionalRender on occlusion queries the CPU
 *                    has not read: iris computes MI_PREDICATE on the GPU
 *                    (and stores MI_PREDICATE_RESULT for a predicated
 *                    dispatch)
 *   query-buffer     query results written into a GL_QUERY_BUFFER by the
 *                    GPU (MI_MATH on the CS GPRs, MI_STORE_REGISTER_MEM,
 *                    predicated stores for availability)
 *   indirect-count   glMultiDraw{Arrays,Elements}IndirectCount: draw loops
 *                    predicated on a count from a buffer, also under
 *                    conditional rendering
 *   pipeline-stats   ARB_pipeline_statistics_query around a draw and a
 *                    dispatch (statistics registers stored to memory)
 *   buffer-ops       glClearBufferData, glClearBufferSubData,
 *                    glCopyBufferSubData (blorp's buffer paths)
 *   readback         glGetTextureSubImage and a glReadPixels into a pixel
 *                    pack buffer, mapped
 *
 * Each step ends with glFinish, so each is its own batch and a hang shows
 * at the step that caused it. As in mvgpu-gl-render, the soft backend skips
 * 3D and compute commands, so values are printed, not checked: a step
 * passes when it completes without a GL or EGL error and the context was
 * not lost. The renderer string must name Mesa's Intel driver.
 *
 * Prints "RESULT gld-<step> PASS|FAIL <detail>" lines; exits 1 when a step
 * failed, 2 when it could not start.
 *
 *   mvgpu-gl-desktop [-d /dev/dri/renderD128] [-S]
 *
 * -S: no device, Mesa's surfaceless platform with any renderer (llvmpipe on
 * a host without an Intel GPU; it may lack 4.6, then steps needing it fail).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GL_GLEXT_PROTOTYPES
#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <GL/glcorearb.h>
#include <gbm.h>

#define RESULT_PREFIX "gld-"
#include "mvgpu-result.h"
#include "mvgpu-egl.h"

#define W 128
#define H 128

static bool any_renderer;

static const char vs_src[] =
    "#version 450 core\n"
    "layout(location = 0) in vec2 pos;\n"
    "layout(xfb_buffer = 0, xfb_offset = 0) out vec4 captured;\n"
    "void main() {\n"
    "    captured = vec4(pos, float(gl_VertexID), 1.0);\n"
    "    gl_Position = vec4(pos + vec2(gl_InstanceID) * 0.05, 0.5, 1.0);\n"
    "}\n";

static const char fs_src[] =
    "#version 450 core\n"
    "uniform vec4 tint;\n"
    "out vec4 color;\n"
    "void main() {\n"
    "    color = tint;\n"
    "}\n";

static const char cs_src[] =
    "#version 450 core\n"
    "layout(local_size_x = 64) in;\n"
    "layout(std430, binding = 0) buffer Data { uint v[]; };\n"
    "void main() {\n"
    "    uint i = gl_GlobalInvocationID.x;\n"
    "    v[i] = v[i] * 3u + i;\n"
    "}\n";

/* Draw parameters as the indirect commands lay them out. */
struct arrays_cmd {
    GLuint count, instances, first, base_instance;
};

struct elements_cmd {
    GLuint count, instances, first_index;
    GLint base_vertex;
    GLuint base_instance;
};

/* The pipeline statistics queries ARB_pipeline_statistics_query adds. */
static const struct {
    GLenum target;
    const char *name;
} stats[] = {
    { GL_VERTICES_SUBMITTED, "vertices" },
    { GL_PRIMITIVES_SUBMITTED, "prims" },
    { GL_VERTEX_SHADER_INVOCATIONS, "vs" },
    { GL_TESS_CONTROL_SHADER_PATCHES, "tcs" },
    { GL_TESS_EVALUATION_SHADER_INVOCATIONS, "tes" },
    { GL_GEOMETRY_SHADER_INVOCATIONS, "gs" },
    { GL_GEOMETRY_SHADER_PRIMITIVES_EMITTED, "gs-prims" },
    { GL_FRAGMENT_SHADER_INVOCATIONS, "fs" },
    { GL_COMPUTE_SHADER_INVOCATIONS, "cs" },
    { GL_CLIPPING_INPUT_PRIMITIVES, "clip-in" },
    { GL_CLIPPING_OUTPUT_PRIMITIVES, "clip-out" },
};
#define N_STATS (sizeof(stats) / sizeof(stats[0]))

int main(int argc, char **argv)
{
    const char *dev = "/dev/dri/renderD128";
    bool surfaceless = false;
    struct gbm_device *gbm = NULL;
    EGLDisplay dpy;
    EGLContext ctx = EGL_NO_CONTEXT;
    EGLint major, minor, gl_minor;
    const char *exts, *renderer;
    char log[1024];
    int fd = -1, opt;

    while ((opt = getopt(argc, argv, "d:S")) != -1) {
        switch (opt) {
        case 'd':
            dev = optarg;
            break;
        case 'S':
            surfaceless = true;
            any_renderer = true;
            break;
        default:
            fprintf(stderr, "usage: %s [-d DEVICE] [-S]\n", argv[0]);
            return 2;
        }
    }

    dpy = egl_display(dev, surfaceless, &fd, &gbm, &major, &minor);
    if (dpy == EGL_NO_DISPLAY) {
        return 2;
    }
    exts = eglQueryString(dpy, EGL_EXTENSIONS);
    if (!strstr(exts, "EGL_KHR_surfaceless_context") ||
        !strstr(exts, "EGL_KHR_no_config_context") ||
        !strstr(eglQueryString(dpy, EGL_CLIENT_APIS), "OpenGL ") ||
        !eglBindAPI(EGL_OPENGL_API)) {
        result("egl", false, "EGL %d.%d (%s, APIs %s) lacks surfaceless "
               "desktop GL contexts", major, minor,
               eglQueryString(dpy, EGL_VENDOR),
               eglQueryString(dpy, EGL_CLIENT_APIS));
        return 2;
    }
    result("egl", true, "EGL %d.%d, %s, APIs %s, backend %s", major, minor,
           eglQueryString(dpy, EGL_VENDOR), eglQueryString(dpy, EGL_CLIENT_APIS),
           surfaceless ? "surfaceless" : "gbm");

    /* A 4.6 core context, else 4.5; robust, so a lost context is seen. */
    for (gl_minor = 6; gl_minor >= 5 && ctx == EGL_NO_CONTEXT; gl_minor--) {
        EGLint attrs[] = {
            EGL_CONTEXT_MAJOR_VERSION, 4,
            EGL_CONTEXT_MINOR_VERSION, gl_minor,
            EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
            EGL_CONTEXT_OPENGL_ROBUST_ACCESS, EGL_TRUE,
            EGL_CONTEXT_OPENGL_RESET_NOTIFICATION_STRATEGY,
            EGL_LOSE_CONTEXT_ON_RESET,
            EGL_NONE,
        };
        ctx = eglCreateContext(dpy, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, attrs);
    }
    gl_minor++;
    if (ctx == EGL_NO_CONTEXT ||
        !eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx)) {
        result("context", false, "no GL 4.5 core context (EGL error 0x%04x)",
               eglGetError());
        return 2;
    }
    /* A robust context: a GPU reset that kills it is seen at each step. */
    gl_reset_status = glGetGraphicsResetStatus;
    renderer = (const char *)glGetString(GL_RENDERER);
    result("context", renderer && (any_renderer || strstr(renderer, "Mesa Intel")),
           "GL 4.%d core: %s; %s", gl_minor,
           renderer ? renderer : "(no renderer)",
           (const char *)glGetString(GL_VERSION));

    /* GL 4.6's entry points are not exported by glvnd's libOpenGL. */
    PFNGLMULTIDRAWARRAYSINDIRECTCOUNTPROC draw_arrays_count =
        (PFNGLMULTIDRAWARRAYSINDIRECTCOUNTPROC)
        eglGetProcAddress(gl_minor >= 6 ? "glMultiDrawArraysIndirectCount" :
                          "glMultiDrawArraysIndirectCountARB");
    PFNGLMULTIDRAWELEMENTSINDIRECTCOUNTPROC draw_elements_count =
        (PFNGLMULTIDRAWELEMENTSINDIRECTCOUNTPROC)
        eglGetProcAddress(gl_minor >= 6 ? "glMultiDrawElementsIndirectCount" :
                          "glMultiDrawElementsIndirectCountARB");

    /* Shared state: a depth-tested target, a quad, the programs. */
    GLuint tex, rb, fb, vao, vbuf[2], prog, cprog, ssbo;
    glCreateTextures(GL_TEXTURE_2D, 1, &tex);
    glTextureStorage2D(tex, 1, GL_RGBA8, W, H);
    glCreateRenderbuffers(1, &rb);
    glNamedRenderbufferStorage(rb, GL_DEPTH24_STENCIL8, W, H);
    glCreateFramebuffers(1, &fb);
    glNamedFramebufferTexture(fb, GL_COLOR_ATTACHMENT0, tex, 0);
    glNamedFramebufferRenderbuffer(fb, GL_DEPTH_STENCIL_ATTACHMENT,
                                   GL_RENDERBUFFER, rb);
    GLenum st = glCheckNamedFramebufferStatus(fb, GL_FRAMEBUFFER);
    if (st != GL_FRAMEBUFFER_COMPLETE) {
        result("setup", false, "framebuffer incomplete (0x%04x)", st);
        return 1;
    }
    static const GLfloat quad[] = { -0.8f, -0.8f, 0.8f, -0.8f,
                                    0.8f, 0.8f, -0.8f, 0.8f };
    static const GLushort idx[] = { 0, 1, 2, 0, 2, 3 };
    glCreateBuffers(2, vbuf);
    glNamedBufferStorage(vbuf[0], sizeof(quad), quad, 0);
    glNamedBufferStorage(vbuf[1], sizeof(idx), idx, 0);
    glCreateVertexArrays(1, &vao);
    glVertexArrayVertexBuffer(vao, 0, vbuf[0], 0, 2 * sizeof(GLfloat));
    glVertexArrayElementBuffer(vao, vbuf[1]);
    glVertexArrayAttribFormat(vao, 0, 2, GL_FLOAT, GL_FALSE, 0);
    glVertexArrayAttribBinding(vao, 0, 0);
    glEnableVertexArrayAttrib(vao, 0);
    prog = program(vs_src, fs_src, NULL, NULL, log, sizeof(log));
    if (!prog) {
        result("setup", false, "draw shader: %s", log);
        return 1;
    }
    cprog = program(NULL, NULL, cs_src, NULL, log, sizeof(log));
    if (!cprog) {
        result("setup", false, "compute shader: %s", log);
        return 1;
    }
    static uint32_t data[256];
    for (int i = 0; i < 256; i++) {
        data[i] = i;
    }
    glCreateBuffers(1, &ssbo);
    glNamedBufferStorage(ssbo, sizeof(data), data, GL_DYNAMIC_STORAGE_BIT);
    glBindBufferBase(GL_SHADER_STORAGE_BUFFER, 0, ssbo);
    glBindFramebuffer(GL_FRAMEBUFFER, fb);
    glViewport(0, 0, W, H);
    glBindVertexArray(vao);
    glUseProgram(prog);
    glProgramUniform4f(prog, glGetUniformLocation(prog, "tint"),
                       0.5f, 1.0f, 0.25f, 1.0f);
    glEnable(GL_DEPTH_TEST);
    glDepthFunc(GL_LEQUAL);
    glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
    glDrawElements(GL_TRIANGLES, 6, GL_UNSIGNED_SHORT, NULL);
    end_step("setup", "4.5 DSA objects, a clear, an indexed draw");

    /*
     * Conditional rendering: each query's result is unknown to the CPU at
     * glBeginConditionalRender (nothing waited for it), so iris predicates
     * the draws on the GPU. The inverted modes and a predicated compute
     * dispatch are in too.
     */
    {
        static const GLenum modes[] = {
            GL_QUERY_WAIT, GL_QUERY_NO_WAIT, GL_QUERY_BY_REGION_WAIT,
            GL_QUERY_WAIT_INVERTED, GL_QUERY_NO_WAIT_INVERTED,
        };
        static const GLenum kinds[] = {
            GL_SAMPLES_PASSED, GL_ANY_SAMPLES_PASSED,
            GL_ANY_SAMPLES_PASSED_CONSERVATIVE, GL_SAMPLES_PASSED,
            GL_ANY_SAMPLES_PASSED,
        };
        GLuint q[5];

        glCreateQueries(GL_SAMPLES_PASSED, 1, &q[0]);
        glGenQueries(4, &q[1]);
        for (unsigned i = 0; i < 5; i++) {
            glBeginQuery(kinds[i], q[i]);
            glDrawElements(GL_TRIANGLES, 6, GL_UNSIGNED_SHORT, NULL);
            glEndQuery(kinds[i]);
            glBeginConditionalRender(q[i], modes[i]);
            glDrawArrays(GL_TRIANGLE_FAN, 0, 4);
            if (i == 1) {
                glUseProgram(cprog);
                glDispatchCompute(256 / 64, 1, 1);
                glMemoryBarrier(GL_SHADER_STORAGE_BARRIER_BIT);
                glUseProgram(prog);
            }
            glEndConditionalRender();
        }
        glDeleteQueries(5, q);
        end_step("cond-render", "5 draws predicated on occlusion queries "
                 "(wait, no-wait, by-region, 2 inverted), 1 dispatch");
    }

    /*
     * Query buffer objects: results of an occlusion query, a
     * primitives-generated query, a timer query and a transform-feedback
     * overflow query written by the GPU into a buffer, waited and not, with
     * availability, 32 and 64 bits.
     */
    {
        GLuint q[4], qbo, xbuf;
        GLuint64 out[16];
        char *o = (char *)0;

        glCreateBuffers(1, &qbo);
        glNamedBufferStorage(qbo, sizeof(out), NULL, GL_MAP_READ_BIT);
        glCreateBuffers(1, &xbuf);
        glNamedBufferStorage(xbuf, 64, NULL, 0);
        glGenQueries(4, q);
        glBeginQuery(GL_SAMPLES_PASSED, q[0]);
        glBeginQuery(GL_PRIMITIVES_GENERATED, q[1]);
        glBeginQuery(GL_TIME_ELAPSED, q[2]);
        glDrawElements(GL_TRIANGLES, 6, GL_UNSIGNED_SHORT, NULL);
        glEndQuery(GL_TIME_ELAPSED);
        glEndQuery(GL_PRIMITIVES_GENERATED);
        glEndQuery(GL_SAMPLES_PASSED);
        if (gl_minor >= 6) {
            /* 3 triangles into room for 1 (a vec4 each vertex: 48 bytes). */
            glBindBufferRange(GL_TRANSFORM_FEEDBACK_BUFFER, 0, xbuf, 0, 48);
            glBeginQuery(GL_TRANSFORM_FEEDBACK_OVERFLOW, q[3]);
            glBeginTransformFeedback(GL_TRIANGLES);
            glDrawArrays(GL_TRIANGLES, 0, 3);
            glEndTransformFeedback();
            glEndQuery(GL_TRANSFORM_FEEDBACK_OVERFLOW);
        }
        glBindBuffer(GL_QUERY_BUFFER, qbo);
        glGetQueryObjectuiv(q[0], GL_QUERY_RESULT_NO_WAIT, (GLuint *)(o + 0));
        glGetQueryObjectuiv(q[0], GL_QUERY_RESULT_AVAILABLE, (GLuint *)(o + 4));
        glGetQueryObjectui64v(q[0], GL_QUERY_RESULT, (GLuint64 *)(o + 8));
        glGetQueryObjectiv(q[1], GL_QUERY_RESULT, (GLint *)(o + 16));
        glGetQueryObjecti64v(q[2], GL_QUERY_RESULT_NO_WAIT, (GLint64 *)(o + 24));
        glGetQueryObjectui64v(q[2], GL_QUERY_RESULT, (GLuint64 *)(o + 32));
        glGetQueryBufferObjectui64v(q[1], qbo, GL_QUERY_RESULT_AVAILABLE, 40);
        if (gl_minor >= 6) {
            glGetQueryObjectuiv(q[3], GL_QUERY_RESULT, (GLuint *)(o + 48));
        }
        glBindBuffer(GL_QUERY_BUFFER, 0);
        glMemoryBarrier(GL_QUERY_BUFFER_BARRIER_BIT);
        glGetNamedBufferSubData(qbo, 0, sizeof(out), out);
        glDeleteQueries(4, q);
        glDeleteBuffers(1, &xbuf);
        glDeleteBuffers(1, &qbo);
        snprintf(log, sizeof(log), "samples %llu, primitives %llu, "
                 "elapsed %llu ns, overflow %s (not checked)",
                 (unsigned long long)out[1], (unsigned long long)(uint32_t)out[2],
                 (unsigned long long)out[4],
                 gl_minor < 6 ? "not queried" : out[6] & 1 ? "1" : "0");
        end_step("query-buffer", log);
    }

    /*
     * Indirect-count draws: 2 of up to 3 commands, the count from a
     * parameter buffer; again inside a conditional render (iris combines
     * both predicates).
     */
    if (!draw_arrays_count || !draw_elements_count) {
        result("indirect-count", false, "no glMultiDraw*IndirectCount");
    } else {
        static const struct arrays_cmd acmd[3] = {
            { 4, 1, 0, 0 }, { 4, 2, 0, 0 }, { 4, 1, 0, 0 },
        };
        static const struct elements_cmd ecmd[3] = {
            { 6, 1, 0, 0, 0 }, { 3, 2, 3, 0, 0 }, { 6, 1, 0, 0, 0 },
        };
        static const GLuint count[2] = { 2, 3 };
        GLuint ibuf[3], q;

        glCreateBuffers(3, ibuf);
        glNamedBufferStorage(ibuf[0], sizeof(acmd), acmd, 0);
        glNamedBufferStorage(ibuf[1], sizeof(ecmd), ecmd, 0);
        glNamedBufferStorage(ibuf[2], sizeof(count), count, 0);
        glBindBuffer(GL_PARAMETER_BUFFER, ibuf[2]);
        glBindBuffer(GL_DRAW_INDIRECT_BUFFER, ibuf[0]);
        draw_arrays_count(GL_TRIANGLE_FAN, NULL, 0, 3, 0);
        glBindBuffer(GL_DRAW_INDIRECT_BUFFER, ibuf[1]);
        draw_elements_count(GL_TRIANGLES, GL_UNSIGNED_SHORT, NULL, 4, 3, 0);
        end_step("indirect-count", "glMultiDrawArraysIndirectCount (2 of 3), "
                 "glMultiDrawElementsIndirectCount (3 of 3)");

        glGenQueries(1, &q);
        glBeginQuery(GL_ANY_SAMPLES_PASSED, q);
        glDrawElements(GL_TRIANGLES, 6, GL_UNSIGNED_SHORT, NULL);
        glEndQuery(GL_ANY_SAMPLES_PASSED);
        glBeginConditionalRender(q, GL_QUERY_NO_WAIT);
        glBindBuffer(GL_DRAW_INDIRECT_BUFFER, ibuf[0]);
        draw_arrays_count(GL_TRIANGLE_FAN, NULL, 0, 3, 0);
        glBindBuffer(GL_DRAW_INDIRECT_BUFFER, ibuf[1]);
        draw_elements_count(GL_TRIANGLES, GL_UNSIGNED_SHORT, NULL, 4, 3, 0);
        glEndConditionalRender();
        glDeleteQueries(1, &q);
        glBindBuffer(GL_DRAW_INDIRECT_BUFFER, 0);
        glBindBuffer(GL_PARAMETER_BUFFER, 0);
        glDeleteBuffers(3, ibuf);
        end_step("indirect-count-cond", "both indirect-count draws under "
                 "a no-wait conditional render");
    }

    /* Pipeline statistics around a draw and a dispatch. */
    {
        GLuint q[N_STATS];
        GLuint64 v[N_STATS];
        size_t n = 0;

        glGenQueries(N_STATS, q);
        for (unsigned i = 0; i < N_STATS; i++) {
            glBeginQuery(stats[i].target, q[i]);
        }
        glDrawElementsInstanced(GL_TRIANGLES, 6, GL_UNSIGNED_SHORT, NULL, 2);
        glUseProgram(cprog);
        glDispatchCompute(256 / 64, 1, 1);
        glMemoryBarrier(GL_SHADER_STORAGE_BARRIER_BIT);
        glUseProgram(prog);
        for (unsigned i = 0; i < N_STATS; i++) {
            glEndQuery(stats[i].target);
        }
        for (unsigned i = 0; i < N_STATS; i++) {
            glGetQueryObjectui64v(q[i], GL_QUERY_RESULT, &v[i]);
            n += snprintf(log + n, sizeof(log) - n, "%s%s %llu", i ? ", " : "",
                          stats[i].name, (unsigned long long)v[i]);
        }
        glDeleteQueries(N_STATS, q);
        snprintf(log + n, sizeof(log) - n, " (not checked)");
        end_step("pipeline-stats", log);
    }

    /* Buffer clears and copies (iris does them with blorp). */
    {
        static const GLuint pattern = 0xdeadbeef;
        static const GLubyte bytes[4] = { 1, 2, 3, 4 };
        GLuint b[2];

        glCreateBuffers(2, b);
        glNamedBufferStorage(b[0], 64 * 1024, NULL, GL_DYNAMIC_STORAGE_BIT);
        glNamedBufferStorage(b[1], 64 * 1024, NULL, GL_DYNAMIC_STORAGE_BIT);
        glClearNamedBufferData(b[0], GL_R32UI, GL_RED_INTEGER, GL_UNSIGNED_INT,
                               &pattern);
        glClearNamedBufferSubData(b[1], GL_RGBA8UI, 4096, 16384,
                                  GL_RGBA_INTEGER, GL_UNSIGNED_BYTE, bytes);
        glClearNamedBufferSubData(b[1], GL_R8UI, 3, 61, GL_RED_INTEGER,
                                  GL_UNSIGNED_BYTE, bytes);
        glCopyNamedBufferSubData(b[0], b[1], 0, 32768, 32768);
        glCopyNamedBufferSubData(b[0], b[1], 5, 20001, 777);
        glBindBuffer(GL_COPY_READ_BUFFER, b[1]);
        glBindBuffer(GL_COPY_WRITE_BUFFER, b[0]);
        glCopyBufferSubData(GL_COPY_READ_BUFFER, GL_COPY_WRITE_BUFFER,
                            4096, 0, 16384);
        glDeleteBuffers(2, b);
        end_step("buffer-ops", "glClearBufferData 64 KiB, 2 glClearBufferSubData "
                 "(aligned and not), 3 glCopyBufferSubData (aligned and not)");
    }

    /* Readbacks: glGetTextureSubImage, then glReadPixels into a PBO. */
    {
        static uint32_t pixels[W * H];
        GLuint pbo;
        const uint32_t *map;

        glGetTextureSubImage(tex, 0, 16, 16, 0, 64, 32, 1, GL_RGBA,
                             GL_UNSIGNED_BYTE, sizeof(pixels), pixels);
        glCreateBuffers(1, &pbo);
        glNamedBufferStorage(pbo, sizeof(pixels), NULL, GL_MAP_READ_BIT);
        glBindBuffer(GL_PIXEL_PACK_BUFFER, pbo);
        glReadPixels(0, 0, W, H, GL_BGRA, GL_UNSIGNED_BYTE, NULL);
        glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
        map = glMapNamedBufferRange(pbo, 0, sizeof(pixels), GL_MAP_READ_BIT);
        snprintf(log, sizeof(log), "glGetTextureSubImage 64x32, glReadPixels "
                 "%dx%d BGRA into a pixel pack buffer, mapped%s (not compared)",
                 W, H, map ? "" : " NOT");
        if (map) {
            glUnmapNamedBuffer(pbo);
        }
        glDeleteBuffers(1, &pbo);
        end_step("readback", log);
    }

    glDeleteFramebuffers(1, &fb);
    end_step("finish", "glFinish, no error, context not lost");

    eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    eglDestroyContext(dpy, ctx);
    if (!eglTerminate(dpy)) {
        result("egl-terminate", false, "EGL error 0x%04x", eglGetError());
    }
    if (gbm) {
        gbm_device_destroy(gbm);
    }
    if (fd >= 0) {
        close(fd);
    }
    return failures ? 1 : 0;
}
