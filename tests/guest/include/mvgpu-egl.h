/*
 * What our GL guest programs (GLES and desktop GL through EGL) share: the
 * EGL display on a render node through GBM (or Mesa's surfaceless
 * platform, to try a program on a host), the end of a step (glFinish,
 * then GL errors and the reset status as one RESULT line), and shader
 * programs. Include after EGL/egl.h, EGL/eglext.h, gbm.h, the program's
 * GL header and mvgpu-result.h.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_GUEST_EGL_H
#define MVGPU_GUEST_EGL_H

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* The context's reset status, where the API has one (NULL: not asked). */
static GLenum (*gl_reset_status)(void);

/*
 * An initialised EGL display on @dev through GBM, or surfaceless; fills
 * @fd and @gbm (for the caller to release) and the EGL version. On
 * failure reports RESULT device/egl FAIL and returns EGL_NO_DISPLAY.
 */
static EGLDisplay egl_display(const char *dev, bool surfaceless, int *fd,
                              struct gbm_device **gbm, EGLint *major,
                              EGLint *minor)
{
    EGLDisplay dpy;

    *fd = -1;
    *gbm = NULL;
    if (surfaceless) {
        dpy = eglGetPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA,
                                    EGL_DEFAULT_DISPLAY, NULL);
    } else {
        *fd = open(dev, O_RDWR | O_CLOEXEC);
        if (*fd < 0) {
            result("device", false, "%s: %s", dev, strerror(errno));
            return EGL_NO_DISPLAY;
        }
        *gbm = gbm_create_device(*fd);
        if (!*gbm) {
            result("device", false, "%s: gbm_create_device failed", dev);
            return EGL_NO_DISPLAY;
        }
        dpy = eglGetPlatformDisplay(EGL_PLATFORM_GBM_KHR, *gbm, NULL);
    }
    if (dpy == EGL_NO_DISPLAY || !eglInitialize(dpy, major, minor)) {
        result("egl", false, "no EGL display (EGL error 0x%04x)",
               eglGetError());
        return EGL_NO_DISPLAY;
    }
    return dpy;
}

/*
 * The end of a step: glFinish, then every pending GL error and the reset
 * status. @what describes the step's work for the PASS line.
 */
static void end_step(const char *step, const char *what)
{
    char errs[128] = "";
    size_t n = 0;
    GLenum e, rs = GL_NO_ERROR;

    glFinish();
    while ((e = glGetError()) != GL_NO_ERROR && n < sizeof(errs) - 12) {
        n += snprintf(errs + n, sizeof(errs) - n, " 0x%04x", e);
    }
    if (gl_reset_status) {
        rs = gl_reset_status();
    }
    if (rs != GL_NO_ERROR) {
        result(step, false, "context lost (reset status 0x%04x)%s%s", rs,
               n ? ", GL errors" : "", errs);
    } else if (n) {
        result(step, false, "GL errors%s", errs);
    } else {
        result(step, true, "%s", what);
    }
}

static GLuint shader(GLenum type, const char *src, char *log, size_t loglen)
{
    GLuint s = glCreateShader(type);
    GLint ok = 0;

    glShaderSource(s, 1, &src, NULL);
    glCompileShader(s);
    glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        glGetShaderInfoLog(s, loglen, NULL, log);
        glDeleteShader(s);
        return 0;
    }
    return s;
}

/*
 * A linked program from a compute shader @cs, or from @vs and @fs,
 * capturing @xfb_varying (NULL: none); 0 with the log in @log if not.
 */
static GLuint program(const char *vs, const char *fs, const char *cs,
                      const char *xfb_varying, char *log, size_t loglen)
{
    GLuint p = glCreateProgram(), s;
    GLint ok = 0;

    log[0] = 0;
    if (cs) {
        if (!(s = shader(GL_COMPUTE_SHADER, cs, log, loglen))) {
            glDeleteProgram(p);
            return 0;
        }
        glAttachShader(p, s);
        glDeleteShader(s);
    } else {
        if (!(s = shader(GL_VERTEX_SHADER, vs, log, loglen))) {
            glDeleteProgram(p);
            return 0;
        }
        glAttachShader(p, s);
        glDeleteShader(s);
        if (!(s = shader(GL_FRAGMENT_SHADER, fs, log, loglen))) {
            glDeleteProgram(p);
            return 0;
        }
        glAttachShader(p, s);
        glDeleteShader(s);
    }
    if (xfb_varying) {
        glTransformFeedbackVaryings(p, 1, &xfb_varying,
                                    GL_INTERLEAVED_ATTRIBS);
    }
    glLinkProgram(p);
    glGetProgramiv(p, GL_LINK_STATUS, &ok);
    if (!ok) {
        glGetProgramInfoLog(p, loglen, NULL, log);
        glDeleteProgram(p);
        return 0;
    }
    return p;
}

#endif
