#include "trace/trace-hw_display_mvgpu.h"
