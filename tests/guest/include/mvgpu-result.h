/*
 * The RESULT lines our guest programs print, one per step, in the guest
 * harness's format: "RESULT <RESULT_PREFIX><step> PASS|FAIL <detail>".
 * A program defines RESULT_PREFIX before including this, counts its
 * failures in `failures` and exits non-zero when there were any.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MVGPU_GUEST_RESULT_H
#define MVGPU_GUEST_RESULT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#ifndef RESULT_PREFIX
#error "define RESULT_PREFIX (the step names' prefix) before mvgpu-result.h"
#endif

static int failures;

static void result(const char *step, bool pass, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void result(const char *step, bool pass, const char *fmt, ...)
{
    char detail[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(detail, sizeof(detail), fmt, ap);
    va_end(ap);
    printf("RESULT " RESULT_PREFIX "%s %s %s\n", step, pass ? "PASS" : "FAIL",
           detail);
    fflush(stdout);
    if (!pass) {
        failures++;
    }
}

#endif
