/*
 * mvgpu-gl-render: real Mesa (iris) 3D workloads through GBM, EGL and GLES.
 *
 * Runs in the guest (mesa image, /usr/libexec/mvgpu/mvgpu-gl-render) on
 * /dev/dri/renderD128: a GBM device, an EGL display on it, a GLES 3.1
 * context (3.0 when 3.1 is refused) made current without a surface, then
 * one step per kind of GPU work Mesa generates: clears, a texture upload, a
 * textured draw through a vertex and a fragment shader, glBlitFramebuffer
 * and glCopyTexSubImage2D (Mesa's blorp), a compute dispatch, occlusion
 * queries, transform feedback with a primitives-written query, indirect
 * draws and dispatch, timer queries (GL_EXT_disjoint_timer_query), a 4x MSAA
 * draw with its resolve, glReadPixels.
 * Each step ends with glFinish, so each is its own batch and a hang shows
 * at the step that caused it.
 *
 * On mvgpu's soft backend 3D commands are audited and skipped (compute runs
 * on the EU interpreter, its buffer not checked here),
 * not executed, so pixels are not checked: a step passes when it completes
 * without a GL or EGL error and the context was not lost
 * (glGetGraphicsResetStatus). The renderer string must name Mesa's Intel
 * driver.
 *
 * Prints "RESULT gl-<step> PASS|FAIL <detail>" lines (the guest harness's
 * format); exits 1 when a step failed, 2 when it could not start.
 *
 *   mvgpu-gl-render [-d /dev/dri/renderD128] [-S]
 *
 * -S: no device, Mesa's surfaceless platform with any renderer (to try the
 * program on a host without an Intel GPU; llvmpipe).
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

#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <GLES3/gl31.h>
#include <GLES2/gl2ext.h>
#include <gbm.h>

#define RESULT_PREFIX "gl-"
#include "mvgpu-result.h"
#include "mvgpu-egl.h"

#define W 256
#define H 256
#define TEX 64

static bool any_renderer;

/* Whether the context's extension list names @name exactly. */
static bool has_ext(const char *name)
{
    GLint n = 0;

    glGetIntegerv(GL_NUM_EXTENSIONS, &n);
    for (GLint i = 0; i < n; i++) {
        if (!strcmp((const char *)glGetStringi(GL_EXTENSIONS, i), name)) {
            return true;
        }
    }
    return false;
}

/* A colour texture as the attachment of a new framebuffer. */
static GLuint target(GLuint *tex, int w, int h)
{
    GLuint fb;

    glGenTextures(1, tex);
    glBindTexture(GL_TEXTURE_2D, *tex);
    glTexStorage2D(GL_TEXTURE_2D, 1, GL_RGBA8, w, h);
    glGenFramebuffers(1, &fb);
    glBindFramebuffer(GL_FRAMEBUFFER, fb);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
                           GL_TEXTURE_2D, *tex, 0);
    return fb;
}

static const char vs_src[] =
    "#version 300 es\n"
    "layout(location = 0) in vec2 pos;\n"
    "out vec2 uv;\n"
    "void main() {\n"
    "    uv = pos * 0.5 + 0.5;\n"
    "    gl_Position = vec4(pos, 0.0, 1.0);\n"
    "}\n";

static const char fs_src[] =
    "#version 300 es\n"
    "precision mediump float;\n"
    "uniform sampler2D tex;\n"
    "uniform vec4 tint;\n"
    "in vec2 uv;\n"
    "out vec4 color;\n"
    "void main() {\n"
    "    color = texture(tex, uv) * tint;\n"
    "}\n";

/* fs_src's input plus one output for transform feedback to capture. */
static const char vs_xfb_src[] =
    "#version 300 es\n"
    "layout(location = 0) in vec2 pos;\n"
    "out vec2 uv;\n"
    "out vec4 captured;\n"
    "void main() {\n"
    "    uv = pos * 0.5 + 0.5;\n"
    "    captured = vec4(pos, float(gl_VertexID), 1.0);\n"
    "    gl_Position = vec4(pos, 0.0, 1.0);\n"
    "}\n";

static const char cs_src[] =
    "#version 310 es\n"
    "layout(local_size_x = 64) in;\n"
    "layout(std430, binding = 0) buffer Data { uint v[]; };\n"
    "void main() {\n"
    "    uint i = gl_GlobalInvocationID.x;\n"
    "    v[i] = v[i] * 3u + i;\n"
    "}\n";

int main(int argc, char **argv)
{
    const char *dev = "/dev/dri/renderD128";
    bool surfaceless = false;
    struct gbm_device *gbm = NULL;
    EGLDisplay dpy;
    EGLContext ctx = EGL_NO_CONTEXT;
    EGLint major, minor, es_minor = 0;
    bool robust_ctx = false;
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

    /* Display: GBM on the render node. */
    dpy = egl_display(dev, surfaceless, &fd, &gbm, &major, &minor);
    if (dpy == EGL_NO_DISPLAY) {
        return 2;
    }
    exts = eglQueryString(dpy, EGL_EXTENSIONS);
    if (!strstr(exts, "EGL_KHR_surfaceless_context") ||
        !strstr(exts, "EGL_KHR_no_config_context") ||
        !eglBindAPI(EGL_OPENGL_ES_API)) {
        result("egl", false, "EGL %d.%d (%s) lacks surfaceless GLES contexts",
               major, minor, eglQueryString(dpy, EGL_VENDOR));
        return 2;
    }
    result("egl", true, "EGL %d.%d, %s, backend %s", major, minor,
           eglQueryString(dpy, EGL_VENDOR), surfaceless ? "surfaceless" : "gbm");

    /*
     * Context: ES 3.1, else 3.0; with reset notification so a GPU hang
     * that kills the context is seen by glGetGraphicsResetStatus.
     */
    for (es_minor = 1; es_minor >= 0 && ctx == EGL_NO_CONTEXT; es_minor--) {
        for (int robust = 1; robust >= 0 && ctx == EGL_NO_CONTEXT; robust--) {
            EGLint attrs[] = {
                EGL_CONTEXT_MAJOR_VERSION, 3,
                EGL_CONTEXT_MINOR_VERSION, es_minor,
                robust ? EGL_CONTEXT_OPENGL_RESET_NOTIFICATION_STRATEGY : EGL_NONE,
                EGL_LOSE_CONTEXT_ON_RESET,
                EGL_NONE,
            };
            ctx = eglCreateContext(dpy, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, attrs);
            robust_ctx = robust;
        }
    }
    es_minor++;
    if (ctx == EGL_NO_CONTEXT ||
        !eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx)) {
        result("context", false, "no GLES 3.0 context (EGL error 0x%04x)",
               eglGetError());
        return 2;
    }
    gl_reset_status = (PFNGLGETGRAPHICSRESETSTATUSKHRPROC)
        eglGetProcAddress("glGetGraphicsResetStatusKHR");
    if (!gl_reset_status) {
        gl_reset_status = (PFNGLGETGRAPHICSRESETSTATUSKHRPROC)
            eglGetProcAddress("glGetGraphicsResetStatusEXT");
    }
    renderer = (const char *)glGetString(GL_RENDERER);
    result("context", renderer && (any_renderer || strstr(renderer, "Mesa Intel")),
           "ES 3.%d: %s; %s; reset status %s", es_minor,
           renderer ? renderer : "(no renderer)",
           (const char *)glGetString(GL_VERSION),
           !gl_reset_status ? "not available" :
           robust_ctx ? "notified (lose context on reset)" : "queried");

    /* Clears: colour of a texture target, depth and stencil of a renderbuffer. */
    GLuint tex_a, tex_b, tex_c, rb, fb_a, fb_b, fb_c;
    fb_a = target(&tex_a, W, H);
    glGenRenderbuffers(1, &rb);
    glBindRenderbuffer(GL_RENDERBUFFER, rb);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH24_STENCIL8, W, H);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT,
                              GL_RENDERBUFFER, rb);
    GLenum st = glCheckFramebufferStatus(GL_FRAMEBUFFER);
    if (st != GL_FRAMEBUFFER_COMPLETE) {
        result("clear", false, "framebuffer incomplete (0x%04x)", st);
        return 1;
    }
    glViewport(0, 0, W, H);
    glClearColor(0.25f, 0.5f, 0.75f, 1.0f);
    glClearDepthf(1.0f);
    glClearStencil(0x5a);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
    glEnable(GL_SCISSOR_TEST);
    glScissor(16, 16, 64, 32);
    glClearColor(1.0f, 0.0f, 0.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);           /* a partial clear: drawn, not fast */
    glDisable(GL_SCISSOR_TEST);
    end_step("clear", "colour, depth, stencil, scissored colour");

    /* Texture upload: full image, then a sub-rectangle, then mipmaps. */
    static uint32_t texels[TEX * TEX];
    for (int i = 0; i < TEX * TEX; i++) {
        texels[i] = 0xff000000u | (uint32_t)(i * 0x9e3779b1u >> 8);
    }
    GLuint tex_src;
    glGenTextures(1, &tex_src);
    glBindTexture(GL_TEXTURE_2D, tex_src);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, TEX, TEX, 0, GL_RGBA,
                 GL_UNSIGNED_BYTE, texels);
    glTexSubImage2D(GL_TEXTURE_2D, 0, 8, 8, 16, 16, GL_RGBA, GL_UNSIGNED_BYTE,
                    texels);
    glGenerateMipmap(GL_TEXTURE_2D);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    end_step("texture-upload", "64x64 RGBA8, a 16x16 update, mipmaps");

    /* A textured draw: a quad (two triangles, indexed) with depth test. */
    GLuint vao = 0, bufs[2], cprog = 0, ssbo = 0;
    GLuint prog = program(vs_src, fs_src, NULL, NULL, log, sizeof(log));
    if (!prog) {
        result("draw", false, "shader: %s", log);
    } else {
        static const GLfloat quad[] = { -0.8f, -0.8f, 0.8f, -0.8f,
                                        0.8f, 0.8f, -0.8f, 0.8f };
        static const GLushort idx[] = { 0, 1, 2, 0, 2, 3 };

        glGenVertexArrays(1, &vao);
        glBindVertexArray(vao);
        glGenBuffers(2, bufs);
        glBindBuffer(GL_ARRAY_BUFFER, bufs[0]);
        glBufferData(GL_ARRAY_BUFFER, sizeof(quad), quad, GL_STATIC_DRAW);
        glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, bufs[1]);
        glBufferData(GL_ELEMENT_ARRAY_BUFFER, sizeof(idx), idx, GL_STATIC_DRAW);
        glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, NULL);
        glEnableVertexAttribArray(0);
        glUseProgram(prog);
        glUniform1i(glGetUniformLocation(prog, "tex"), 0);
        glUniform4f(glGetUniformLocation(prog, "tint"), 1.0f, 0.8f, 0.6f, 1.0f);
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, tex_src);
        glBindFramebuffer(GL_FRAMEBUFFER, fb_a);
        glEnable(GL_DEPTH_TEST);
        glDrawElements(GL_TRIANGLES, 6, GL_UNSIGNED_SHORT, NULL);
        glEnable(GL_BLEND);
        glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
        glDrawArrays(GL_TRIANGLE_FAN, 0, 4);
        glDisable(GL_BLEND);
        glDisable(GL_DEPTH_TEST);
        end_step("draw", "textured quad: indexed, then blended");
    }

    /* glBlitFramebuffer: a scaled, filtered copy into a smaller target. */
    fb_b = target(&tex_b, W / 2, H / 2);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, fb_a);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, fb_b);
    glBlitFramebuffer(0, 0, W, H, 0, 0, W / 2, H / 2, GL_COLOR_BUFFER_BIT,
                      GL_LINEAR);
    glBlitFramebuffer(0, 0, 32, 32, 64, 64, 96, 96, GL_COLOR_BUFFER_BIT,
                      GL_NEAREST);
    end_step("blit", "scaled linear and 1:1 nearest glBlitFramebuffer");

    /* glCopyTexSubImage2D: from the read framebuffer into a texture. */
    fb_c = target(&tex_c, TEX, TEX);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, fb_a);
    glBindTexture(GL_TEXTURE_2D, tex_c);
    glCopyTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, 40, 40, TEX, TEX);
    glBindTexture(GL_TEXTURE_2D, tex_src);
    glCopyTexSubImage2D(GL_TEXTURE_2D, 0, 4, 4, 0, 0, 32, 32);
    end_step("copy-tex", "two glCopyTexSubImage2D");

    /* A compute dispatch on a shader storage buffer (ES 3.1). */
    if (es_minor >= 1) {
        cprog = program(NULL, NULL, cs_src, NULL, log, sizeof(log));
        if (!cprog) {
            result("compute", false, "shader: %s", log);
        } else {
            static uint32_t data[256];

            for (int i = 0; i < 256; i++) {
                data[i] = i;
            }
            glGenBuffers(1, &ssbo);
            glBindBuffer(GL_SHADER_STORAGE_BUFFER, ssbo);
            glBufferData(GL_SHADER_STORAGE_BUFFER, sizeof(data), data,
                         GL_DYNAMIC_COPY);
            glBindBufferBase(GL_SHADER_STORAGE_BUFFER, 0, ssbo);
            glUseProgram(cprog);
            glDispatchCompute(256 / 64, 1, 1);
            glMemoryBarrier(GL_SHADER_STORAGE_BARRIER_BIT |
                            GL_BUFFER_UPDATE_BARRIER_BIT);
            end_step("compute", "4 groups of 64 on a 1 KiB SSBO");
        }
    } else {
        result("compute", true, "skipped: ES 3.0 context");
    }

    /*
     * Occlusion queries around draws into the depth-tested target; the
     * results are read (waited for) but, not being rendered, not checked.
     */
    if (prog) {
        static const GLenum kinds[2] = { GL_ANY_SAMPLES_PASSED,
                                         GL_ANY_SAMPLES_PASSED_CONSERVATIVE };
        GLuint q[2], res[2] = { 0, 0 }, avail = 0;

        glGenQueries(2, q);
        glBindFramebuffer(GL_FRAMEBUFFER, fb_a);
        glBindVertexArray(vao);
        glUseProgram(prog);
        glEnable(GL_DEPTH_TEST);
        glDepthFunc(GL_LEQUAL);         /* the quad's depth is already there */
        for (int i = 0; i < 2; i++) {
            glBeginQuery(kinds[i], q[i]);
            glDrawElements(GL_TRIANGLES, 6, GL_UNSIGNED_SHORT, NULL);
            glEndQuery(kinds[i]);
        }
        glDepthFunc(GL_LESS);
        glDisable(GL_DEPTH_TEST);
        glGetQueryObjectuiv(q[1], GL_QUERY_RESULT_AVAILABLE, &avail);
        for (int i = 0; i < 2; i++) {
            glGetQueryObjectuiv(q[i], GL_QUERY_RESULT, &res[i]);
        }
        glDeleteQueries(2, q);
        snprintf(log, sizeof(log), "any-samples %u, conservative %u, "
                 "available before wait %u (not checked)", res[0], res[1], avail);
        end_step("occlusion", log);
    } else {
        result("occlusion", false, "no draw program");
    }

    /*
     * Transform feedback: three vertices captured, a paused (indexed,
     * rasterised) draw, three more captured after resuming; the
     * primitives-written query around it all, and primitives-generated
     * where the context has it (ES 3.2's geometry shaders).
     */
    if (prog) {
        GLuint xprog = program(vs_xfb_src, fs_src, NULL, "captured", log,
                               sizeof(log));
        if (!xprog) {
            result("xfb", false, "shader: %s", log);
        } else {
            GLuint xbuf, q[2], prims[2] = { 0, 0 };
            bool gen = has_ext("GL_OES_geometry_shader");

            glGenBuffers(1, &xbuf);
            glBindBuffer(GL_TRANSFORM_FEEDBACK_BUFFER, xbuf);
            glBufferData(GL_TRANSFORM_FEEDBACK_BUFFER, 256, NULL, GL_STREAM_READ);
            glBindBufferBase(GL_TRANSFORM_FEEDBACK_BUFFER, 0, xbuf);
            glGenQueries(2, q);
            glUseProgram(xprog);
            glUniform1i(glGetUniformLocation(xprog, "tex"), 0);
            glUniform4f(glGetUniformLocation(xprog, "tint"), 1.0f, 1.0f, 1.0f, 1.0f);
            glBindVertexArray(vao);
            glBindFramebuffer(GL_FRAMEBUFFER, fb_a);
            glBeginQuery(GL_TRANSFORM_FEEDBACK_PRIMITIVES_WRITTEN, q[0]);
            if (gen) {
                glBeginQuery(GL_PRIMITIVES_GENERATED_OES, q[1]);
            }
            glEnable(GL_RASTERIZER_DISCARD);
            glBeginTransformFeedback(GL_TRIANGLES);
            glDrawArrays(GL_TRIANGLES, 0, 3);
            glPauseTransformFeedback();
            glDisable(GL_RASTERIZER_DISCARD);
            glDrawElements(GL_TRIANGLES, 6, GL_UNSIGNED_SHORT, NULL);
            glEnable(GL_RASTERIZER_DISCARD);
            glResumeTransformFeedback();
            glDrawArrays(GL_TRIANGLES, 1, 3);
            glEndTransformFeedback();
            glDisable(GL_RASTERIZER_DISCARD);
            glEndQuery(GL_TRANSFORM_FEEDBACK_PRIMITIVES_WRITTEN);
            glGetQueryObjectuiv(q[0], GL_QUERY_RESULT, &prims[0]);
            if (gen) {
                glEndQuery(GL_PRIMITIVES_GENERATED_OES);
                glGetQueryObjectuiv(q[1], GL_QUERY_RESULT, &prims[1]);
            }
            glDeleteQueries(2, q);
            glBindBufferBase(GL_TRANSFORM_FEEDBACK_BUFFER, 0, 0);
            glDeleteBuffers(1, &xbuf);
            snprintf(log, sizeof(log), "2 captured draws around a paused one, "
                     "primitives written %u, generated %d (-1: not queried; "
                     "not checked)", prims[0], gen ? (int)prims[1] : -1);
            end_step("xfb", log);
        }
    } else {
        result("xfb", false, "no draw program");
    }

    /*
     * Indirect draws (arrays, then instanced elements) and an indirect
     * dispatch: iris loads the parameters from the buffers into registers.
     */
    if (es_minor < 1) {
        result("draw-indirect", true, "skipped: ES 3.0 context");
        result("compute-indirect", true, "skipped: ES 3.0 context");
    } else {
        static const GLuint cmds[] = {
            4, 1, 0, 0,                 /* arrays: count, instances, first */
            6, 2, 0, 0, 0,              /* elements: + base vertex */
        };
        static const GLuint groups[3] = { 256 / 64, 1, 1 };
        GLuint ibuf[2];

        glGenBuffers(2, ibuf);
        if (!prog) {
            result("draw-indirect", false, "no draw program");
        } else {
            glBindBuffer(GL_DRAW_INDIRECT_BUFFER, ibuf[0]);
            glBufferData(GL_DRAW_INDIRECT_BUFFER, sizeof(cmds), cmds,
                         GL_STATIC_DRAW);
            glUseProgram(prog);
            glBindVertexArray(vao);
            glBindFramebuffer(GL_FRAMEBUFFER, fb_a);
            glDrawArraysIndirect(GL_TRIANGLE_FAN, (const void *)0);
            glDrawElementsIndirect(GL_TRIANGLES, GL_UNSIGNED_SHORT,
                                   (const void *)(4 * sizeof(GLuint)));
            end_step("draw-indirect", "glDrawArraysIndirect, "
                     "glDrawElementsIndirect (2 instances)");
        }
        if (!cprog) {
            result("compute-indirect", false, "no compute program");
        } else {
            glBindBuffer(GL_DISPATCH_INDIRECT_BUFFER, ibuf[1]);
            glBufferData(GL_DISPATCH_INDIRECT_BUFFER, sizeof(groups), groups,
                         GL_STATIC_DRAW);
            glBindBufferBase(GL_SHADER_STORAGE_BUFFER, 0, ssbo);
            glUseProgram(cprog);
            glDispatchComputeIndirect(0);
            glMemoryBarrier(GL_SHADER_STORAGE_BARRIER_BIT);
            end_step("compute-indirect", "glDispatchComputeIndirect, 4 groups");
        }
        glDeleteBuffers(2, ibuf);
    }

    /*
     * Timer queries (GL_EXT_disjoint_timer_query): elapsed time around a
     * draw, two timestamps, the CPU-side GL_TIMESTAMP (a register read
     * through i915) and the disjoint flag.
     */
    PFNGLQUERYCOUNTEREXTPROC query_counter = (PFNGLQUERYCOUNTEREXTPROC)
        eglGetProcAddress("glQueryCounterEXT");
    PFNGLGETQUERYOBJECTUI64VEXTPROC query_u64 = (PFNGLGETQUERYOBJECTUI64VEXTPROC)
        eglGetProcAddress("glGetQueryObjectui64vEXT");
    if (!has_ext("GL_EXT_disjoint_timer_query") || !query_counter || !query_u64) {
        result("timer", true, "skipped: no GL_EXT_disjoint_timer_query");
    } else if (!prog) {
        result("timer", false, "no draw program");
    } else {
        GLuint q[3];
        GLuint64 ns[3] = { 0, 0, 0 };
        GLint64 now = 0;
        GLint disjoint = 0;

        glGenQueries(3, q);
        glGetIntegerv(GL_GPU_DISJOINT_EXT, &disjoint);     /* clears it */
        glUseProgram(prog);
        glBindVertexArray(vao);
        glBindFramebuffer(GL_FRAMEBUFFER, fb_a);
        query_counter(q[1], GL_TIMESTAMP_EXT);
        glBeginQuery(GL_TIME_ELAPSED_EXT, q[0]);
        glDrawElements(GL_TRIANGLES, 6, GL_UNSIGNED_SHORT, NULL);
        glEndQuery(GL_TIME_ELAPSED_EXT);
        query_counter(q[2], GL_TIMESTAMP_EXT);
        for (int i = 0; i < 3; i++) {
            query_u64(q[i], GL_QUERY_RESULT, &ns[i]);
        }
        glGetInteger64v(GL_TIMESTAMP_EXT, &now);
        glGetIntegerv(GL_GPU_DISJOINT_EXT, &disjoint);
        glDeleteQueries(3, q);
        snprintf(log, sizeof(log), "elapsed %llu ns, timestamps %llu..%llu, "
                 "GL_TIMESTAMP %lld, disjoint %d (not checked)",
                 (unsigned long long)ns[0], (unsigned long long)ns[1],
                 (unsigned long long)ns[2], (long long)now, disjoint);
        end_step("timer", log);
    }

    /*
     * MSAA: 4x colour and depth/stencil renderbuffers, a clear, a depth-
     * tested draw, and the resolve into the single-sampled target.
     */
    if (prog) {
        GLuint mrb[2], mfb;
        GLint samples = 0;

        glGenRenderbuffers(2, mrb);
        glBindRenderbuffer(GL_RENDERBUFFER, mrb[0]);
        glRenderbufferStorageMultisample(GL_RENDERBUFFER, 4, GL_RGBA8, W, H);
        glGetRenderbufferParameteriv(GL_RENDERBUFFER, GL_RENDERBUFFER_SAMPLES,
                                     &samples);
        glBindRenderbuffer(GL_RENDERBUFFER, mrb[1]);
        glRenderbufferStorageMultisample(GL_RENDERBUFFER, 4,
                                         GL_DEPTH24_STENCIL8, W, H);
        glGenFramebuffers(1, &mfb);
        glBindFramebuffer(GL_FRAMEBUFFER, mfb);
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
                                  GL_RENDERBUFFER, mrb[0]);
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT,
                                  GL_RENDERBUFFER, mrb[1]);
        st = glCheckFramebufferStatus(GL_FRAMEBUFFER);
        if (st != GL_FRAMEBUFFER_COMPLETE) {
            result("msaa", false, "4x framebuffer incomplete (0x%04x)", st);
        } else {
            glClearColor(0.0f, 0.25f, 0.5f, 1.0f);
            glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT |
                    GL_STENCIL_BUFFER_BIT);
            glUseProgram(prog);
            glBindVertexArray(vao);
            glEnable(GL_DEPTH_TEST);
            glDrawElements(GL_TRIANGLES, 6, GL_UNSIGNED_SHORT, NULL);
            glDisable(GL_DEPTH_TEST);
            glBindFramebuffer(GL_READ_FRAMEBUFFER, mfb);
            glBindFramebuffer(GL_DRAW_FRAMEBUFFER, fb_a);
            glBlitFramebuffer(0, 0, W, H, 0, 0, W, H, GL_COLOR_BUFFER_BIT,
                              GL_NEAREST);
            snprintf(log, sizeof(log), "%d samples: clear, depth-tested draw, "
                     "resolve blit", samples);
            end_step("msaa", log);
        }
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        glDeleteFramebuffers(1, &mfb);
        glDeleteRenderbuffers(2, mrb);
    } else {
        result("msaa", false, "no draw program");
    }

    /* glReadPixels of the blit target and of the drawn target. */
    static uint32_t pixels[W * H];
    glBindFramebuffer(GL_READ_FRAMEBUFFER, fb_b);
    glReadPixels(0, 0, W / 2, H / 2, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, fb_a);
    glReadPixels(0, 0, W, H, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
    end_step("read-pixels", "128x128 and 256x256 RGBA8 (not compared)");

    /* The end: everything idle, the context still alive. */
    glDeleteFramebuffers(1, &fb_c);
    glDeleteFramebuffers(1, &fb_b);
    glDeleteFramebuffers(1, &fb_a);
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
